using System.IO;
using System.Linq;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

public sealed class PythonInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipschitz-py-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PythonTorchFact]
    public void SavedStateDict_OpensInPythonTorchLoad_AsADictOfEqualTensors()
    {
        manual_seed(21);
        using var net = nn.Sequential(("conv", nn.Conv2d(1, 3, 3)), ("relu", nn.ReLU()), ("flat", nn.Flatten()), ("fc", nn.Linear(12, 2)));
        string path = Path.Combine(_dir, "model.pt");
        net.save(path);

        // Python prints, per key in its dict order: name, dtype, shape, then every value.
        string script = """
import sys, torch
sd = torch.load(sys.argv[1])
assert isinstance(sd, dict), type(sd)
for k, v in sd.items():
    assert isinstance(v, torch.Tensor), (k, type(v))
    print(k, str(v.dtype), 'x'.join(str(s) for s in v.shape), ' '.join(repr(x) for x in v.flatten().tolist()))
""";
        string[] lines = PythonTorch.Check(script, path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = net.named_parameters().ToList();
        Assert.Equal(expected.Select(e => e.name), lines.Select(l => l.Split(' ')[0]));
        for (int k = 0; k < lines.Length; k++)
        {
            string[] parts = lines[k].Split(' ');
            Assert.Equal("torch.float32", parts[1]);
            Assert.Equal(string.Join("x", expected[k].parameter.shape), parts[2]);
            double[] values = parts.Skip(3).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected[k].parameter.ToArray<float>().Select(v => (double)v).ToArray(), values);
        }
    }

    [PythonTorchFact]
    public void SavedInt64AndFloat64Tensors_KeepTheirTypesInPython()
    {
        using var scope = NewDisposeScope();
        var sd = new System.Collections.Generic.Dictionary<string, Tensor>
        {
            ["counts"] = tensor(new long[] { 3, -4, 1L << 40 }),
            ["weights"] = tensor(new double[] { 0.1, 1e-300 }, new long[] { 1, 2 }),
        };
        string path = Path.Combine(_dir, "mixed.pt");
        save(sd, path);
        string output = PythonTorch.Check("""
import sys, torch
sd = torch.load(sys.argv[1])
print(sd['counts'].dtype, sd['counts'].tolist(), sd['weights'].dtype, list(sd['weights'].shape), sd['weights'].tolist())
""", path);
        Assert.Equal("torch.int64 [3, -4, 1099511627776] torch.float64 [1, 2] [[0.1, 1e-300]]", output.Trim());
    }
}
