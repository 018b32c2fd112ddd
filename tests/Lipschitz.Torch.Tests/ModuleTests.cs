using System.Collections.Generic;
using System.Linq;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

public class ModuleTests
{
    /// <summary>A two-level module with a buffer, a non-persistent buffer, a null parameter and a mode hook.</summary>
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        public readonly Modules.Linear fc0, fc1;
        public readonly nn.Parameter scale;
        public int ModeChanges;

        public Net(long hidden = 3) : base("Net")
        {
            fc0 = nn.Linear(2, hidden);
            fc1 = nn.Linear(hidden, 2, hasBias: false);
            scale = new nn.Parameter(tensor(new float[] { 2f }));
            register_parameter("scale", scale);
            register_parameter("unused", null);
            register_buffer("count", tensor(new long[] { 7 }));
            register_buffer("scratch", tensor(new float[] { 0f }), persistent: false);
            register_module("fc0", fc0);
            register_module("fc1", fc1);
        }

        public override Tensor forward(Tensor input)
        {
            using var h = fc0.forward(input);
            using var y = fc1.forward(h);
            return y * scale;
        }

        protected override void OnTrainingModeChanged(bool training) => ModeChanges++;
    }

    [Fact]
    public void NamedParameters_AreDottedAndInRegistrationOrder()
    {
        using var net = new Net();
        Assert.Equal(new[] { "scale", "fc0.weight", "fc0.bias", "fc1.weight" }, net.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(4, net.parameters().Count());
        Assert.Equal(new[] { "count", "scratch" }, net.named_buffers().Select(b => b.name).ToArray());
        Assert.Equal(new[] { "fc0", "fc1" }, net.named_children().Select(c => c.name).ToArray());
        Assert.Equal(new[] { "", "fc0", "fc1" }, net.named_modules().Select(m => m.name).ToArray());
        Assert.Same(net.fc0.weight, net.named_parameters().Single(p => p.name == "fc0.weight").parameter);
    }

    [Fact]
    public void SharedParameter_IsListedOnce()
    {
        using var net = new Net();
        var shared = new Shared(net.fc0);
        Assert.Equal(new[] { "a.weight", "a.bias" }, shared.named_parameters().Select(p => p.name).ToArray());
        // The state dict lists shared tensors under every name, as PyTorch's does.
        using var scope = NewDisposeScope();
        Assert.Equal(new[] { "a.weight", "a.bias", "b.weight", "b.bias" }, shared.state_dict().Keys.ToArray());
    }

    private sealed class Shared : nn.Module
    {
        public Shared(nn.Module m) : base("Shared")
        {
            register_module("a", m);
            register_module("b", m);
        }
    }

    [Fact]
    public void RegisteringTheSameNameAsAnotherKind_Throws()
    {
        using var net = new Net();
        var e = Assert.Throws<ArgumentException>(() => net.register_buffer("fc0", zerosTensor(1)));
        Assert.Contains("'fc0'", e.Message);
        Assert.Throws<ArgumentException>(() => net.register_parameter("a.b", null));
    }

    private static Tensor zerosTensor(int n) => tensor(new float[n]);

    [Fact]
    public void TrainAndEval_ReachEverySubmodule_AndCallTheHookOnChange()
    {
        using var net = new Net();
        Assert.True(net.training);
        net.eval();
        Assert.All(net.modules(), m => Assert.False(m.training));
        Assert.Equal(1, net.ModeChanges);
        net.eval();
        Assert.Equal(1, net.ModeChanges);
        net.train();
        Assert.True(net.fc1.training);
        Assert.Equal(2, net.ModeChanges);
    }

    [Fact]
    public void Linear_Forward_IsXWTransposePlusBias()
    {
        using var lin = nn.Linear(3, 2);
        float[] w = lin.weight.ToArray<float>(), b = lin.bias!.ToArray<float>();
        float[] x = { 1f, -2f, 0.5f, 3f, 0f, -1f };
        using var input = tensor(x, new long[] { 2, 3 });
        using var y = lin.call(input);
        Assert.Equal(new long[] { 2, 2 }, y.shape);
        float[] got = y.ToArray<float>();
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 2; o++)
            {
                double expected = b[o];
                for (int i = 0; i < 3; i++) expected += x[n * 3 + i] * w[o * 3 + i];
                Assert.Equal(expected, got[n * 2 + o], 1e-5);
            }
    }

    [Fact]
    public void Linear_DefaultInit_StaysWithinPyTorchBounds()
    {
        manual_seed(1);
        using var lin = nn.Linear(400, 300);
        // kaiming_uniform_(a=√5) gives bound √3·√(2/(1+5))/√fan_in = 1/√fan_in; the bias uses the same bound.
        double bound = 1 / Math.Sqrt(400);
        float[] w = lin.weight.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.98 * bound && w.Min() < -0.98 * bound, "the weights do not fill the interval");
        double variance = w.Select(v => (double)v * v).Average();
        Assert.Equal(bound * bound / 3, variance, 1e-4); // U(−b, b) has variance b²/3
        Assert.All(lin.bias!.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
    }

    [Fact]
    public void Orthogonal_GivesOrthonormalRows()
    {
        manual_seed(3);
        foreach (var (rows, cols) in new[] { (4L, 7L), (7L, 4L) })
        {
            using var t = tensor(new double[rows * cols], new[] { rows, cols });
            nn.init.orthogonal_(t);
            double[] a = t.ToArray<double>();
            // The smaller Gram matrix (AAᵀ for wide, AᵀA for tall) is the identity.
            long n = Math.Min(rows, cols);
            for (long i = 0; i < n; i++)
                for (long j = 0; j < n; j++)
                {
                    double dot = 0;
                    if (rows <= cols) for (long k = 0; k < cols; k++) dot += a[i * cols + k] * a[j * cols + k];
                    else for (long k = 0; k < rows; k++) dot += a[k * cols + i] * a[k * cols + j];
                    Assert.Equal(i == j ? 1.0 : 0.0, dot, 10);
                }
        }
    }

    [Fact]
    public void Parameter_SharesStorage_AndIsALeafOutsideScopes()
    {
        using var data = tensor(new float[] { 1, 2, 3 });
        nn.Parameter p;
        using (var scope = NewDisposeScope())
        {
            p = new nn.Parameter(data);
        }
        using (p)
        {
            Assert.False(p.IsInvalid); // the scope did not take it
            Assert.True(p.requires_grad);
            Assert.True(p.is_leaf);
            data.CopyFrom<float>(new float[] { 4, 5, 6 });
            Assert.Equal(new float[] { 4, 5, 6 }, p.ToArray<float>());
        }
    }

    [Fact]
    public void ZeroGrad_ClearsEveryGradient()
    {
        using var net = new Net();
        using (var scope = NewDisposeScope())
        {
            var x = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
            var y = net.call(x);
            y.backward(tensor(new float[] { 1, 1, 1, 1 }, new long[] { 2, 2 }));
        }
        Assert.All(net.parameters(), p => { using var g = p.grad; Assert.NotNull(g); });
        net.zero_grad();
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void StateDict_HoldsParametersAndPersistentBuffers_AndLoadCopiesValues()
    {
        using var a = new Net();
        using var b = new Net();
        using var scope = NewDisposeScope();
        var sd = a.state_dict();
        Assert.Equal(new[] { "scale", "count", "fc0.weight", "fc0.bias", "fc1.weight" }, sd.Keys.ToArray());
        Assert.False(sd["fc0.weight"].requires_grad);
        b.load_state_dict(sd);
        Assert.Equal(a.fc0.weight.ToArray<float>(), b.fc0.weight.ToArray<float>());
        Assert.Equal(a.fc1.weight.ToArray<float>(), b.fc1.weight.ToArray<float>());
        Assert.Same(a.fc0.weight, a.parameters().ElementAt(1)); // loading did not replace the objects
    }

    [Fact]
    public void LoadStateDict_OfAnotherArchitecture_NamesEveryBadKey_AndChangesNothing()
    {
        using var small = new Net(hidden: 3);
        using var big = new Net(hidden: 5);
        using var scope = NewDisposeScope();
        var sd = big.state_dict();
        sd.Remove("fc1.weight");
        sd["extra.weight"] = tensor(new float[] { 1 });
        float[] before = small.fc0.weight.ToArray<float>();

        var e = Assert.Throws<StateDictMismatchException>(() => small.load_state_dict(sd));
        Assert.Equal(new[] { "fc1.weight" }, e.MissingKeys);
        Assert.Equal(new[] { "extra.weight" }, e.UnexpectedKeys);
        Assert.Equal(new[] { "fc0.weight", "fc0.bias" }, e.MismatchedKeys.Select(m => m.Key));
        Assert.Contains("missing keys: fc1.weight", e.Message);
        Assert.Contains("unexpected keys: extra.weight", e.Message);
        Assert.Contains("fc0.weight is [3, 2] in the module but [5, 2] in the state dict", e.Message);
        Assert.Equal(before, small.fc0.weight.ToArray<float>());

        // Not strict: missing and unexpected keys are reported, shape mismatches still fail.
        var fitting = small.state_dict();
        fitting.Remove("fc1.weight");
        fitting["extra"] = tensor(new float[] { 1 });
        var (missing, unexpected) = small.load_state_dict(fitting, strict: false);
        Assert.Equal(new[] { "fc1.weight" }, missing);
        Assert.Equal(new[] { "extra" }, unexpected);
        Assert.Throws<StateDictMismatchException>(() => small.load_state_dict(sd, strict: false));
    }

    [Fact]
    public void To_ConvertsInPlace_KeepingTheParameterObjects()
    {
        using var net = new Net();
        var before = net.parameters().ToList();
        float[] w = net.fc0.weight.ToArray<float>();
        net.to(ScalarType.Float64);
        Assert.Equal(before, net.parameters().ToList());
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(w.Select(v => (double)v).ToArray(), net.fc0.weight.ToArray<double>());
        Assert.Equal(ScalarType.Int64, net.named_buffers().First().buffer.dtype); // integer buffers keep their type, as in PyTorch
    }

    [Fact]
    public void Sequential_ChainsLayersInOrder()
    {
        manual_seed(5);
        using var seq = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, seq.named_parameters().Select(p => p.name).ToArray());
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, -1, 2, 0.5f, -3, 1, 0, 2 }, new long[] { 2, 4 });
        var first = (Modules.Linear)seq.children().First();
        var last = (Modules.Linear)seq.children().Last();
        var expected = last.call(((Modules.ReLU)seq.children().ElementAt(1)).call(first.call(x)));
        var got = seq.call(x);
        Assert.Equal(expected.ToArray<float>(), got.ToArray<float>());
        float[] h = first.call(x).ToArray<float>();
        Assert.Contains(h, v => v < 0); // the ReLU had something to do
    }

    [Fact]
    public void ConvPoolFlatten_GiveTheExpectedShapes()
    {
        using var net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten());
        using var scope = NewDisposeScope();
        var x = tensor(new float[2 * 1 * 8 * 8], new long[] { 2, 1, 8, 8 });
        var y = net.call(x);
        Assert.Equal(new long[] { 2, 4 * 3 * 3 }, y.shape);
        // Zero input: each conv output is its bias; ReLU and max-pool keep max(bias, 0).
        float[] bias = ((Modules.Conv2d)net.children().First()).bias!.ToArray<float>();
        float[] got = y.ToArray<float>();
        for (int c = 0; c < 4; c++) Assert.Equal(Math.Max(bias[c], 0f), got[c * 9]);
    }
    /// <summary>A module that counts its OnConverted calls, with one parameter.</summary>
    private sealed class Counting : nn.Module
    {
        public int Conversions;
        public readonly nn.Parameter p;

        public Counting(string name, nn.Module? child = null) : base(name)
        {
            p = new nn.Parameter(tensor(new float[] { 1f, 2f }));
            register_parameter("p", p);
            if (child is not null) register_module("child", child);
        }

        protected override void OnConverted() => Conversions++;
    }

    [Fact]
    public void To_CallsOnConverted_OnEveryModule_OnceEach()
    {
        var leaf = new Counting("leaf");
        var mid = new Counting("mid", leaf);
        using var root = new Counting("root", mid);
        root.to(ScalarType.Float64);
        Assert.Equal(new[] { 1, 1, 1 }, new[] { root.Conversions, mid.Conversions, leaf.Conversions });
        Assert.Equal(ScalarType.Float64, leaf.p.dtype);
    }

    [Fact]
    public void SetData_BumpsTheVersion_AndKeepsTheParameter()
    {
        using var scope = NewDisposeScope();
        var p = new nn.Parameter(tensor(new float[] { 1f, 2f }));
        long v0 = p.Version;
        p.set_data(tensor(new float[] { 5f, 6f, 7f }));
        Assert.True(p.Version > v0, $"version {v0} -> {p.Version}");
        Assert.Equal(new long[] { 3 }, p.shape);
        p.Dispose();
    }

    [Fact]
    public void CopyFrom_BumpsTheVersion()
    {
        using var t = zeros(new long[] { 3 });
        long v0 = t.Version;
        t.CopyFrom<float>(new float[] { 1f, 2f, 3f });
        Assert.True(t.Version > v0, $"version {v0} -> {t.Version}");
        Assert.Equal(new float[] { 1f, 2f, 3f }, t.ToArray<float>());
    }
}
