using System.Collections.Generic;
using System.IO;
using System.Linq;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

/// <summary>Optimizer state_dict / load_state_dict: a run split by a save and load equals the run straight through.</summary>
public sealed class OptimStateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipschitz-optstate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Kinds => new() { "sgd-momentum", "sgd-nesterov", "adam", "adamw" };

    private static optim.Optimizer Make(string kind, IEnumerable<nn.Parameter> ps) => kind switch
    {
        "sgd-momentum" => optim.SGD(ps, lr: 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 1e-3),
        "sgd-nesterov" => optim.SGD(ps, lr: 0.05, momentum: 0.9, weight_decay: 1e-3, nesterov: true),
        "adam" => optim.Adam(ps, lr: 0.01, beta1: 0.8, beta2: 0.99, weight_decay: 1e-3),
        "adamw" => optim.AdamW(ps, lr: 0.01, beta1: 0.8, beta2: 0.99, weight_decay: 0.05),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // Seeded data from System.Random, not torch's global generator (tests in other classes use it in parallel).
    private static Tensor Data(int seed, params long[] shape)
    {
        var rng = new Random(seed);
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (int k = 0; k < values.Length; k++) values[k] = (float)(rng.NextDouble() * 2 - 1);
        return tensor(values, shape);
    }

    // A float32 affine model y = x·Wᵀ + b plus a parameter that never gets a gradient (so it never has state).
    private sealed class Net : IDisposable
    {
        public readonly nn.Parameter Weight = new(Data(7, 4, 6));
        public readonly nn.Parameter Bias = new(Data(8, 4));
        public readonly nn.Parameter Unused = new(ones(3));

        public nn.Parameter[] Parameters => new[] { Weight, Bias, Unused };

        public Tensor Forward(Tensor x) => x.matmul(Weight.t()) + Bias;

        public float[] Values() => Parameters.SelectMany(p => p.ToArray<float>()).ToArray();

        public void Dispose()
        {
            Weight.Dispose();
            Bias.Dispose();
            Unused.Dispose();
        }
    }

    // Steps first..last-1 of a fixed run: batch s is drawn from seed 100+s, the learning rate decays by 0.9 per step
    // (like a schedule), so every step sees the same data and rate however the run is split.
    private static void Run(Net net, optim.Optimizer opt, int first, int last)
    {
        for (int s = first; s < last; s++)
        {
            using var scope = NewDisposeScope();
            var x = Data(1000 + s, 8, 6);
            var y = Data(2000 + s, 8, 4);
            opt.zero_grad();
            var r = net.Forward(x) - y;
            r.backward(r * (2.0 / 32));
            opt.step();
            opt.LearningRate *= 0.9;
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SaveLoadMidway_GivesBitIdenticalParameters_AndAFreshOptimizerDoesNot(string kind)
    {
        const int N = 8;
        using var straight = new Net();
        using (var opt = Make(kind, straight.Parameters)) Run(straight, opt, 0, N);

        using var split = new Net();
        string file = Path.Combine(_dir, kind + ".optim.pt");
        string[] savedKeys;
        using (var opt = Make(kind, split.Parameters))
        {
            Run(split, opt, 0, N / 2);
            var state = opt.state_dict();
            savedKeys = state.Keys.Order(StringComparer.Ordinal).ToArray();
            save(state, file);
            foreach (var t in state.Values) t.Dispose();
        }
        using (var opt = Make(kind, split.Parameters))
        {
            var loaded = load(file);
            Assert.Equal(savedKeys, loaded.Keys.Order(StringComparer.Ordinal));
            opt.load_state_dict(loaded);
            foreach (var t in loaded.Values) t.Dispose(); // the optimizer keeps copies
            Run(split, opt, N / 2, N);
        }
        Assert.Equal(straight.Values(), split.Values()); // bit-identical

        // The state covers the two parameters that had gradients, not the unused third one.
        string[] stateNames = kind.StartsWith("sgd", StringComparison.Ordinal) ? new[] { "momentum_buffer" } : new[] { "exp_avg", "exp_avg_sq", "step" };
        Assert.Equal(new[] { 0, 1 }.SelectMany(i => stateNames.Select(n => $"state.{i}.{n}")).Order(StringComparer.Ordinal),
            savedKeys.Where(k => k.StartsWith("state.", StringComparison.Ordinal)));

        // Control: the same split with a fresh optimizer (same learning rate, moments reset) ends elsewhere.
        using var reset = new Net();
        double lr;
        using (var opt = Make(kind, reset.Parameters))
        {
            Run(reset, opt, 0, N / 2);
            lr = opt.LearningRate;
        }
        using (var opt = Make(kind, reset.Parameters))
        {
            opt.LearningRate = lr;
            Run(reset, opt, N / 2, N);
        }
        float[] a = straight.Values(), b = reset.Values();
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) > 1e-4, "resetting the moments should change the result");
    }

    [Fact]
    public void StateDict_HoldsTheLearningRateHyperparametersAndMomentsByValue()
    {
        using var p = new nn.Parameter(tensor(new double[] { 1.0, -2.0 }));
        using var opt = optim.Adam(new[] { p }, lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-6, weight_decay: 0);
        using (var g = tensor(new double[] { 0.5, -4.0 })) p.grad = g;
        opt.step();
        var state = opt.state_dict();
        try
        {
            Assert.Equal(1L, state["param_groups.0.num_params"].item<long>());
            Assert.Equal(0.01, state["param_groups.0.lr"].item<double>());
            Assert.Equal(0.9, state["param_groups.0.beta1"].item<double>());
            Assert.Equal(1e-6, state["param_groups.0.eps"].item<double>());
            Assert.Equal(0.0, state["param_groups.0.decoupled_weight_decay"].item<double>());
            Assert.Equal(1L, state["state.0.step"].item<long>());
            // After one step m = (1−β₁)g and v = (1−β₂)g², by hand.
            TestUtil.Close(new[] { 0.05, -0.4 }, state["state.0.exp_avg"], 1e-15);
            TestUtil.Close(new[] { 0.0025, 0.16 }, state["state.0.exp_avg_sq"], 1e-15);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    [Fact]
    public void Load_RestoresTheScheduledHyperparameters()
    {
        using var p = new nn.Parameter(tensor(new double[] { 1.0 }));
        using var a = optim.SGD(new[] { p }, lr: 0.1, momentum: 0.9);
        a.LearningRate = 0.025;
        a.Momentum = 0.85;
        using var b = optim.SGD(new[] { p }, lr: 0.1, momentum: 0.9);
        var state = a.state_dict();
        b.load_state_dict(state);
        foreach (var t in state.Values) t.Dispose();
        Assert.Equal(0.025, b.LearningRate);
        Assert.Equal(0.85, b.Momentum);
        Assert.Null(b.MomentumBuffer(0)); // no step yet, so no state
    }

    private static Dictionary<string, Tensor> AdamStateAfterOneStep(optim.Optimizer opt, IEnumerable<nn.Parameter> ps)
    {
        foreach (var p in ps)
        {
            using var g = ones_like(p);
            p.grad = g;
        }
        opt.step();
        return opt.state_dict();
    }

    private static string LoadError(optim.Optimizer into, Dictionary<string, Tensor> state)
    {
        try
        {
            return Assert.Throws<OptimizerStateMismatchException>(() => into.load_state_dict(state)).Message;
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    [Fact]
    public void Load_Mismatches_AreNamed_AndChangeNothing()
    {
        using var w = new nn.Parameter(zeros(4, 6));
        using var bias = new nn.Parameter(zeros(4));
        using var w3 = new nn.Parameter(zeros(3, 6));
        using var w64 = new nn.Parameter(zeros(new long[] { 4, 6 }, ScalarType.Float64));
        using var source = optim.Adam(new[] { w, bias }, lr: 0.01);

        // Shape: the moment of a [4, 6] weight into an optimizer over a [3, 6] weight.
        using (var target = optim.Adam(new[] { w3, bias }, lr: 0.01))
        {
            string msg = LoadError(target, AdamStateAfterOneStep(source, new[] { w, bias }));
            Assert.Contains("this Adam", msg);
            Assert.Contains("'state.0.exp_avg' has shape [4, 6] but parameter 0 has shape [3, 6]", msg);
            Assert.Contains("'state.0.exp_avg_sq' has shape [4, 6]", msg);
            Assert.Equal(0, target.StepCount(1)); // parameter 1 fits but nothing was loaded
            Assert.Null(target.ExpAvg(1));
            Assert.Equal(0.01, target.LearningRate);
        }
        // Parameter count.
        using (var target = optim.Adam(new[] { w, bias, w3 }, lr: 0.01))
            Assert.Contains("the state is of 2 parameters, this Adam has 3", LoadError(target, AdamStateAfterOneStep(source, new[] { w, bias })));
        // Dtype.
        using (var target = optim.Adam(new[] { w64, bias }, lr: 0.01))
            Assert.Contains("'state.0.exp_avg' has dtype Float32 but parameter 0 has dtype Float64", LoadError(target, AdamStateAfterOneStep(source, new[] { w, bias })));
        // A fixed setting that differs, and Adam into AdamW.
        using (var target = optim.Adam(new[] { w, bias }, lr: 0.01, eps: 1e-6))
            Assert.Contains("eps is 1E-08 in the state but 1E-06 in this Adam", LoadError(target, AdamStateAfterOneStep(source, new[] { w, bias })));
        using (var target = optim.AdamW(new[] { w, bias }, lr: 0.01, weight_decay: 0))
            Assert.Contains("decoupled_weight_decay is 0 in the state but 1 in this AdamW", LoadError(target, AdamStateAfterOneStep(source, new[] { w, bias })));
        // Another kind of optimizer: its hyperparameters are missing, Adam's state is unexpected.
        using (var target = optim.SGD(new[] { w, bias }, lr: 0.01, momentum: 0.9))
        {
            string msg = LoadError(target, AdamStateAfterOneStep(source, new[] { w, bias }));
            Assert.Contains("this SGD", msg);
            Assert.Contains("key 'param_groups.0.momentum' is missing", msg);
            Assert.Contains("unexpected keys: param_groups.0.beta1", msg);
            Assert.Contains("state.0.exp_avg", msg);
            Assert.Null(target.MomentumBuffer(0));
        }
        // Part of a parameter's state.
        using (var target = optim.Adam(new[] { w, bias }, lr: 0.01))
        {
            var state = AdamStateAfterOneStep(source, new[] { w, bias });
            state.Remove("state.1.exp_avg_sq", out var removed);
            removed!.Dispose();
            Assert.Contains("parameter 1 has only part of its state (step, exp_avg; missing exp_avg_sq)", LoadError(target, state));
        }
    }
}
