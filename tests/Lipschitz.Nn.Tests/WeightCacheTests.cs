using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

[Collection(DeterministicCollection.Name)]
public class WeightCacheTests
{
    /// <summary>
    /// The cached and the freshly computed weight give the same outputs up to float32 round-off, measured against the
    /// outputs' scale (an entry near 0 beside entries of 10 carries round-off of 10·ε); a stale cache differs by
    /// the optimizer step's effect, orders of magnitude more.
    /// </summary>
    private static void AssertSame(Tensor actual, Tensor expected, double relative = 1e-6)
    {
        double scale = expected.abs().max().ToDouble(), diff = (actual - expected).abs().max().ToDouble();
        Assert.True(diff <= relative * Math.Max(scale, 1e-3), $"max |difference| {diff:G3} at output scale {scale:G3}");
    }

    /// <summary>The output computed from scratch (training-mode path, no cache), for comparison.</summary>
    private static Tensor Fresh(TinyAolNet net, Tensor x)
    {
        net.train();
        try
        {
            using (no_grad()) return net.call(x);
        }
        finally
        {
            net.eval();
        }
    }

    [Fact]
    public void Eval_ComputesTheWeightOnce_AndReusesIt()
    {
        manual_seed(60);
        using var net = new TinyAolNet();
        net.eval();
        using Tensor x = randn(new long[] { 2, 1, 8, 8 });
        using Tensor y1 = net.call(x);
        using Tensor y2 = net.call(x);
        Assert.Equal(1, net.Conv0.CacheMisses);
        Assert.Equal(1, net.Head.CacheMisses);
        Assert.True(y1.Equals(y2));
    }

    [Fact]
    public void Eval_OutputChanges_AfterInPlaceParameterChange()
    {
        manual_seed(61);
        using var net = new TinyAolNet();
        net.eval();
        using Tensor x = randn(new long[] { 2, 1, 8, 8 });
        using Tensor y1 = net.call(x);
        using (no_grad())
        {
            using Tensor noise = randn(net.Conv0.weight.shape);
            net.Conv0.weight.add_(noise);
        }
        using Tensor y2 = net.call(x);
        Assert.Equal(2, net.Conv0.CacheMisses);
        Assert.Equal(1, net.Head.CacheMisses);
        Assert.False(allclose(y1, y2, 1e-3, 1e-4));
        using Tensor fresh = Fresh(net, x);
        AssertSame(y2, fresh);
    }

    [Fact]
    public void Eval_OutputChanges_AfterAnOptimizerStep()
    {
        manual_seed(62);
        using var net = new TinyAolNet();
        using Tensor x = randn(new long[] { 4, 1, 8, 8 });
        net.eval();
        using Tensor before = net.call(x);
        net.train();
        using var sgd = optim.SGD(net.parameters(), 0.5);
        sgd.zero_grad();
        using (Tensor y = net.call(x))
        using (Tensor loss = y.pow(2).sum())
            loss.backward();
        sgd.step();
        net.eval();
        using Tensor after = net.call(x);
        Assert.False(allclose(before, after, 1e-3, 1e-4));
        using Tensor fresh = Fresh(net, x);
        AssertSame(after, fresh, 1e-5);
    }

    [Fact]
    public void Eval_CacheFollowsDtypeConversion()
    {
        manual_seed(63);
        using var net = new TinyAolNet();
        net.eval();
        using Tensor x = randn(new long[] { 2, 1, 8, 8 });
        using Tensor y32 = net.call(x);
        net.to(ScalarType.Float64);
        using Tensor x64 = x.to(ScalarType.Float64);
        using Tensor y64 = net.call(x64);
        Assert.Equal(ScalarType.Float64, y64.dtype);
        using Tensor y64as32 = y64.to(ScalarType.Float32);
        Assert.True(allclose(y64as32, y32, 1e-4, 1e-5));
    }

    [Fact]
    public void Eval_OutputFollows_LoadingAStateDict_ByTorchSharpOrByModuleState()
    {
        manual_seed(66);
        using var net = new TinyAolNet();
        manual_seed(67);
        using var other = new TinyAolNet();
        net.eval();
        other.eval();
        using Tensor x = randn(new long[] { 2, 1, 8, 8 });
        using Tensor mine = net.call(x);
        using Tensor theirs = other.call(x);
        var original = net.state_dict().Select(kv => new KeyValuePair<string, Tensor>(kv.Key, kv.Value.detach().clone())).ToList();
        Assert.False(allclose(mine, theirs, 1e-3, 1e-4));
        // TorchSharp's own load_state_dict copies in place under no_grad.
        net.load_state_dict(other.state_dict());
        using Tensor afterTorchSharp = net.call(x);
        Assert.True(afterTorchSharp.Equals(theirs));
        // Back to the first weights through the strict loader.
        Lipschitz.Nn.Serialization.ModuleState.Apply(net, original, "original");
        using Tensor afterModuleState = net.call(x);
        Assert.True(afterModuleState.Equals(mine));
        foreach (var (_, t) in original) t.Dispose();
    }

    [Fact]
    public void Eval_OutputFollows_ChangesMadeInTrainingMode_AndACopyUnderNoGrad()
    {
        manual_seed(68);
        using var net = new TinyAolNet();
        using Tensor x = randn(new long[] { 2, 1, 8, 8 });
        net.eval();
        using Tensor before = net.call(x);
        // A change while in training mode, then back to eval: the cache must not serve the old weight.
        net.train();
        using (no_grad())
        {
            using Tensor halved = net.Head.weight * 0.5 + 0.1;
            net.Head.weight.copy_(halved);
        }
        net.eval();
        using Tensor afterTraining = net.call(x);
        Assert.False(afterTraining.Equals(before));
        using Tensor fresh1 = Fresh(net, x);
        AssertSame(afterTraining, fresh1);
        // A user's in-place copy_ under no_grad in eval mode (no version counter in TorchSharp: compared by value).
        using (no_grad())
        {
            using Tensor noise = randn(net.Conv0.weight.shape);
            net.Conv0.weight.copy_(noise);
        }
        using Tensor afterCopy = net.call(x);
        using Tensor fresh2 = Fresh(net, x);
        AssertSame(afterCopy, fresh2);
        Assert.False(allclose(afterCopy, afterTraining, 1e-3, 1e-4));
    }

    [Fact]
    public void Training_RecomputesEveryForward_WithGradient()
    {
        manual_seed(64);
        using var layer = new AolLinear(5, 3);
        layer.train();
        using Tensor w = layer.ConstrainedWeight();
        Assert.True(w.requires_grad);
        layer.eval();
        using Tensor we = layer.ConstrainedWeight();
        Assert.False(we.requires_grad);
        Assert.True(allclose(w, we));
    }
    [Fact]
    public void Eval_AolLinearOutputFollows_ACopyFromIntoItsWeight()
    {
        manual_seed(65);
        using var layer = new AolLinear(4, 3);
        layer.eval();
        using Tensor x = randn(new long[] { 2, 4 });
        using Tensor before = layer.call(x);
        // A raw write into P (no autograd op): P = the 3x4 matrix 1..12.
        var values = new float[12];
        for (int i = 0; i < values.Length; i++) values[i] = i + 1;
        layer.weight.bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        using Tensor after = layer.call(x);
        Assert.Equal(2, layer.CacheMisses);
        // Independent truth: W = P·diag(Σ_j |PᵀP|_ij)^(-1/2) by hand in double, y = x·Wᵀ (bias 0).
        double[,] p = new double[3, 4];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) p[r, c] = values[r * 4 + c];
        var d = new double[4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double g = 0;
                for (int r = 0; r < 3; r++) g += p[r, i] * p[r, j];
                d[i] += Math.Abs(g);
            }
        float[] xs = x.ToArray<float>();
        float[] got = after.ToArray<float>();
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 3; o++)
            {
                double y = 0;
                for (int i = 0; i < 4; i++) y += xs[n * 4 + i] * p[o, i] / Math.Sqrt(d[i]);
                Assert.Equal(y, got[n * 3 + o], 1e-4);
            }
        Assert.False(allclose(before, after, 1e-3, 1e-4));
    }
}
