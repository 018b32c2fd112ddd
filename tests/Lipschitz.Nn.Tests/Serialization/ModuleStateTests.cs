using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Serialization;

public sealed class ModuleStateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-modulestate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(string name, params (string Key, Tensor Value)[] entries)
    {
        string path = Path.Combine(_dir, name);
        TensorFile.Save(path, entries.Select(e => new KeyValuePair<string, Tensor>(e.Key, e.Value)));
        return path;
    }

    [Fact]
    public void ASmallerTensor_IsNotBroadcast_TheShapesAreNamed()
    {
        // TorchSharp's load_state_dict would copy_ this [1] tensor into every entry of the [3, 4] weight.
        using var layer = new AolLinear(4, 3);
        using Tensor one = ones(1), bias = zeros(3);
        string path = Save("small.pt", ("weight", one), ("bias", bias));
        using Tensor before = layer.weight.detach().clone();
        var e = Assert.Throws<StateDictMismatchException>(() => ModuleState.Load(layer, path));
        Assert.Contains("'weight' has shape [1] in the file but [3, 4] here", e.Message);
        Assert.StartsWith(path + ":", e.Message);
        Assert.True(layer.weight.Equals(before), "a refused file must change nothing");
    }

    [Fact]
    public void MissingUnexpectedNonFiniteAndIntegerMismatches_AreAllNamed()
    {
        using var layer = new AolLinear(2, 2);
        using Tensor nan = full(2, 2, double.NaN), extra = zeros(5);
        string path = Save("bad.pt", ("weight", nan), ("extra", extra));
        var e = Assert.Throws<StateDictMismatchException>(() => ModuleState.Load(layer, path));
        Assert.Equal(new[] { "bias" }, e.Missing);
        Assert.Equal(new[] { "extra" }, e.Unexpected);
        Assert.Contains("'weight' holds NaN or infinite values", e.Message);

        using var counter = new AolLinear(2, 2);
        using Tensor ints = tensor(new long[] { 1, 2, 3, 4 }).view(2, 2), b = zeros(2);
        string intPath = Save("int.pt", ("weight", ints), ("bias", b));
        var e2 = Assert.Throws<StateDictMismatchException>(() => ModuleState.Load(counter, intPath));
        Assert.Contains("'weight' is Int64 in the file but Float32 here", e2.Message);
    }

    [Fact]
    public void Loading_CopiesIntoTheSameParameters_KeepingRequiresGrad_AndConvertsFloat64()
    {
        manual_seed(3);
        using var layer = new AolLinear(3, 2);
        var before = layer.parameters().ToArray();
        using Tensor w = randn(new long[] { 2, 3 }, ScalarType.Float64), b = randn(new long[] { 2 }, ScalarType.Float64);
        string path = Save("f64.pt", ("weight", w), ("bias", b));
        ModuleState.Load(layer, path);
        var after = layer.parameters().ToArray();
        Assert.Equal(before.Select(p => p.Handle), after.Select(p => p.Handle));
        Assert.All(after, p => Assert.True(p.requires_grad));
        Assert.Equal(ScalarType.Float32, layer.weight.dtype);
        using Tensor expected = w.to(ScalarType.Float32);
        Assert.True(layer.weight.Equals(expected));
    }

    [PythonTorchFact]
    public void WeightsSavedByPyTorch_LoadIntoAGeneratedNetwork_AndGiveTheSameOutputAsPyTorch()
    {
        // PyTorch writes an AttributedMlp-shaped state dict and evaluates the same AOL formula on a fixed input.
        using var mlp = new Examples.Attributed.AttributedMlp();
        string keys = string.Join(",", mlp.state_dict().Select(kv => $"'{kv.Key}':({string.Join(",", kv.Value.shape)},)"));
        // The language's default side is auto: a layer with more inputs than outputs rescales its output side and stores Pᵀ.
        string sides = string.Join(",", mlp.named_children().Where(c => c.module is AolLinear)
            .Select(c => $"'{c.name}':'{(((AolLinear)c.module).Side == AolSide.Out ? "out" : "in")}'"));
        Assert.Contains("'out'", sides);
        string path = Path.Combine(_dir, "from_python.pt");
        string script = $$"""
import sys, torch
torch.manual_seed(0)
shapes = { {{keys}} }
sd = {k: torch.randn(*s) * 0.1 for k, s in shapes.items()}
torch.save(sd, sys.argv[1])
sides = { {{sides}} }
def aol(name):
    if sides[name] == 'in':
        p = sd[name + '.weight']
        d = (p.t() @ p).abs().sum(1).add(1e-12).rsqrt()
        return p * d
    p = sd[name + '.weight'].t()  # stored as P transposed; rescale the rows of P with the outputs' Gram P P^T
    e = (p @ p.t()).abs().sum(1).add(1e-12).rsqrt()
    return e[:, None] * p
def maxmin(x):
    a, b = x.chunk(2, 1)
    return torch.cat([torch.maximum(a, b), torch.minimum(a, b)], 1)
x = torch.linspace(0, 1, 784).reshape(1, 784)
h = torch.nn.functional.linear(x, aol('fc1'), sd['fc1.bias'])
h = maxmin(h)
h = torch.nn.functional.linear(h, aol('fc3'), sd['fc3.bias'])
h = maxmin(h)
y = torch.nn.functional.linear(h, aol('head'), sd['head.bias'])
print(' '.join(repr(v) for v in y.flatten().tolist()))
""";
        string stdout = PythonTorchReference.Run(script, path);
        double[] expected = stdout.Trim().Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        ModuleState.Load(mlp, path);
        mlp.eval();
        using Tensor x = linspace(0, 1, 784).reshape(1, 1, 28, 28);
        using Tensor y = mlp.call(x);
        float[] got = y.ToArray<float>();
        Assert.Equal(10, expected.Length);
        for (int i = 0; i < 10; i++) Assert.True(Math.Abs(got[i] - expected[i]) < 1e-5, $"logit {i}: {got[i]} vs PyTorch {expected[i]}");
    }
}
