using System.Linq;
using Lipschitz.Nn.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>The pooling family (L2-norm pooling, average pooling, global pooling): values by hand, operator norms from the
/// exact Jacobian's SVD in float64 (the matrix itself for the linear kinds), broken variants that the same measurement
/// catches, and gradients against finite differences.</summary>
public class PoolingTests(ITestOutputHelper output)
{
    private static Func<Tensor, Tensor> Call(nn.Module<Tensor, Tensor> layer) => x => layer.call(x);

    /// <summary>The exact operator norm of a linear layer on [1, ...shape] inputs: its Jacobian is its matrix.</summary>
    private static double LinearNorm(Func<Tensor, Tensor> f, long[] shape)
    {
        using Tensor x = randn(new[] { 1L }.Concat(shape).ToArray(), ScalarType.Float64);
        return NonlinearNorms.JacobianNorm(f, x);
    }

    /// <summary>Overlapping k×k windows (stride 1) of [N, C, H, W] as [N, C, H − k + 1, W − k + 1, k, k].</summary>
    private static Tensor SlidingWindows(Tensor x, long k)
    {
        using Tensor rows = x.unfold(2, k, 1);
        return rows.unfold(3, k, 1);
    }

    // ---- l2_pool ----

    [Fact]
    public void L2Pool_IsTheNormOfEachWindow_ByHand_DroppingTheRemainder()
    {
        using var layer = new L2Pool(2);
        // One 3×5 channel: windows [[3, 4], [0, 0]] → 5, [[1, 1], [1, 1]] → 2; the last row and column are dropped.
        using Tensor x = tensor(new double[] { 3, 4, 1, 1, 9, 0, 0, 1, 1, 9, 9, 9, 9, 9, 9 }).reshape(1, 1, 3, 5);
        using Tensor y = layer.call(x);
        Assert.Equal(new long[] { 1, 1, 1, 2 }, y.shape);
        Assert.Equal(new double[] { 5, 2 }, y.ToArray<double>());
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(3, 7)]
    public void L2Pool_JacobianRowsAreOrthonormal_NormExactlyOne(long k, long size)
    {
        manual_seed(41);
        using var layer = new L2Pool(k);
        var shape = new[] { 2L, size, size };
        for (int i = 0; i < 4; i++)
        {
            using Tensor x = randn(new[] { 1L }.Concat(shape).ToArray(), ScalarType.Float64);
            using Tensor j = NonlinearNorms.Jacobian(Call(layer), x);
            using Tensor s = linalg.svdvals(j);
            Assert.All(s.ToArray<double>(), v => Assert.Equal(1.0, v, 12)); // each row x_w/‖x_w‖ on its own window
        }
        double pairs = NonlinearNorms.MaxPairRatio(Call(layer), shape, 256);
        output.WriteLine($"l2_pool k={k}: max pair ratio {pairs:R}");
        Assert.True(pairs <= 1 + NonlinearNorms.PairSlack, $"pair ratio {pairs}");
    }

    [Fact]
    public void L2Pool_BrokenVariant_OverlappingWindows_FailsTheNormCheck()
    {
        // The same norm over k×k windows taken with stride 1: an input sits in up to k² windows, so the Jacobian's norm
        // grows towards k. Disjointness is what the bound rests on.
        manual_seed(42);
        Tensor Overlapping(Tensor x)
        {
            using Tensor w = SlidingWindows(x, 2);
            return linalg.vector_norm(w, 2, new long[] { 4, 5 });
        }
        double sigma = NonlinearNorms.MaxJacobianNorm(Overlapping, new[] { 1L, 6, 6 }, 4);
        output.WriteLine($"l2_pool broken (stride 1): max Jacobian σ {sigma:R}");
        Assert.True(sigma > 1.5, $"σ = {sigma}");
    }

    [Fact]
    public void L2Pool_Gradient_MatchesFiniteDifferences_AndIsZeroNotNaN_OnAZeroWindow()
    {
        manual_seed(43);
        using var layer = new L2Pool(2);
        using Tensor x = randn(new long[] { 2, 3, 4, 4 }, ScalarType.Float64);
        using (no_grad()) x[0, 0, TensorIndex.Slice(0, 2), TensorIndex.Slice(0, 2)] = zeros(2, 2, dtype: ScalarType.Float64);
        x.requires_grad = true;
        using Tensor w = randn(new long[] { 2, 3, 2, 2 }, ScalarType.Float64);
        Tensor Loss()
        {
            using Tensor y = layer.call(x);
            using Tensor p = y * w;
            return p.sum();
        }
        using (Tensor l = Loss())
        {
            using Tensor g = autograd.grad(new[] { l }, new[] { x })[0];
            Assert.True(g.isfinite().all().ToBoolean(), "gradient has NaN or ∞");
            using Tensor atZero = g[0, 0, TensorIndex.Slice(0, 2), TensorIndex.Slice(0, 2)];
            Assert.Equal(new double[] { 0, 0, 0, 0 }, atZero.ToArray<double>());
        }
        // Entry 0 lies in the zero window: there the norm is |h| both ways, so the central difference is 0 like the gradient.
        double error = NonlinearNorms.MaxGradientError(Loss, x, 12);
        output.WriteLine($"l2_pool gradient error: {error:E2}");
        Assert.True(error < 1e-7, $"error {error}");
    }

    [Fact]
    public void L2Pool_RejectsInputsSmallerThanTheWindow()
    {
        using var layer = new L2Pool(3);
        using Tensor x = zeros(1, 1, 2, 5);
        Assert.Throws<ArgumentException>(() => layer.call(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new L2Pool(0));
    }

    // ---- avg_pool ----

    [Theory]
    [InlineData(2, 4, false)]
    [InlineData(2, 5, false)]
    [InlineData(3, 6, false)]
    [InlineData(4, 8, false)]
    [InlineData(2, 4, true)]
    [InlineData(3, 7, true)]
    public void AvgPool_BoundRule_IsTheExactNorm_FromTheMatrixSvd(long k, long size, bool scaled)
    {
        // The rule: 1/k, or 1 when scaled. The truth: the largest singular value of the pooling matrix (impulse responses).
        manual_seed(51);
        using var layer = new AvgPool(k, scaled);
        double exact = LinearNorm(Call(layer), new[] { 2L, size, size });
        output.WriteLine($"avg_pool k={k} size={size} scaled={scaled}: exact {exact:R}, rule {layer.Bound:R}");
        Assert.Equal(scaled ? 1.0 : 1.0 / k, layer.Bound);
        Assert.Equal(layer.Bound, exact, 12);
    }

    [Fact]
    public void AvgPool_ByHand_AndScaledIsKTimesTheMean()
    {
        using Tensor x = tensor(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }).reshape(1, 1, 4, 4);
        using var plain = new AvgPool(2);
        using var scaled = new AvgPool(2, scaled: true);
        using Tensor a = plain.call(x);
        using Tensor b = scaled.call(x);
        Assert.Equal(new double[] { 3.5, 5.5, 11.5, 13.5 }, a.ToArray<double>());
        Assert.Equal(new double[] { 7, 11, 23, 27 }, b.ToArray<double>());
    }

    [Fact]
    public void AvgPool_BrokenVariant_ScaledWithOverlappingWindows_FailsTheNormCheck()
    {
        // k·mean over k×k windows with stride 1: every interior input feeds k² outputs, norm ≈ k (→ k as the image grows).
        Tensor Overlapping(Tensor x)
        {
            using Tensor mean = nn.functional.avg_pool2d(x, new long[] { 2, 2 }, new long[] { 1, 1 });
            return mean * 2.0;
        }
        double norm = LinearNorm(Overlapping, new[] { 1L, 8, 8 });
        output.WriteLine($"avg_pool broken (scaled, stride 1): exact norm {norm:R}");
        Assert.True(norm > 1.5, $"norm {norm}");
    }

    [Fact]
    public void AvgPool_Gradient_MatchesFiniteDifferences()
    {
        manual_seed(52);
        using var layer = new AvgPool(3, scaled: true);
        using Tensor x = randn(new long[] { 2, 2, 6, 7 }, ScalarType.Float64);
        x.requires_grad = true;
        using Tensor w = randn(new long[] { 2, 2, 2, 2 }, ScalarType.Float64);
        Tensor Loss()
        {
            using Tensor y = layer.call(x);
            using Tensor p = y * w;
            return p.sum();
        }
        Assert.True(NonlinearNorms.MaxGradientError(Loss, x, 12) < 1e-7);
    }

    [Fact]
    public void AvgPool_RejectsInputsSmallerThanTheWindow()
    {
        using var layer = new AvgPool(4);
        using Tensor x = zeros(1, 1, 4, 3);
        Assert.Throws<ArgumentException>(() => layer.call(x));
    }

    // ---- global_l2_pool and global_avg_pool ----

    [Fact]
    public void GlobalPools_ByHand()
    {
        using Tensor x = tensor(new double[] { 1, 2, 2, 4, 0, 0, 3, 4 }).reshape(1, 2, 2, 2);
        using var l2 = new GlobalL2Pool();
        using var avg = new GlobalAvgPool();
        using Tensor a = l2.call(x);
        using Tensor b = avg.call(x);
        Assert.Equal(new double[] { 5, 5 }, a.ToArray<double>());
        Assert.Equal(new double[] { 4.5, 3.5 }, b.ToArray<double>()); // Σx / √4
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(7, 7)]
    public void GlobalAvgPool_NormIsExactlyOne_AtEverySize(long h, long w)
    {
        manual_seed(61);
        using var layer = new GlobalAvgPool();
        double exact = LinearNorm(Call(layer), new[] { 3L, h, w });
        output.WriteLine($"global_avg_pool {h}×{w}: exact norm {exact:R}");
        Assert.Equal(1.0, exact, 12);
        Assert.Equal(1.0, layer.Bound);
    }

    [Fact]
    public void GlobalAvgPool_BrokenVariants_PlainSumExceeds_PlainMeanIsBelowByTheSizeFactor()
    {
        // The sum without the 1/√(h·w) has norm √(h·w) = 5 on 5×5 (the check fails); the plain mean has 1/5, so it would
        // need a shape-dependent bound — the reason the layer is scaled.
        Tensor Sum(Tensor x) => x.sum(new long[] { 2, 3 });
        Tensor Mean(Tensor x) => x.mean(new long[] { 2, 3 });
        double sum = LinearNorm(Sum, new[] { 2L, 5, 5 });
        double mean = LinearNorm(Mean, new[] { 2L, 5, 5 });
        output.WriteLine($"global pooling broken (sum): exact norm {sum:R}; plain mean {mean:R}");
        Assert.Equal(5.0, sum, 12);
        Assert.Equal(0.2, mean, 12);
    }

    [Fact]
    public void GlobalL2Pool_JacobianRowsAreUnit_PairsAtMostOne_AndBrokenL1PoolFails()
    {
        manual_seed(62);
        using var layer = new GlobalL2Pool();
        var shape = new[] { 3L, 4, 4 };
        for (int i = 0; i < 4; i++)
        {
            using Tensor x = randn(new[] { 1L }.Concat(shape).ToArray(), ScalarType.Float64);
            using Tensor j = NonlinearNorms.Jacobian(Call(layer), x);
            using Tensor s = linalg.svdvals(j);
            Assert.All(s.ToArray<double>(), v => Assert.Equal(1.0, v, 12));
        }
        double pairs = NonlinearNorms.MaxPairRatio(Call(layer), shape, 256);
        output.WriteLine($"global_l2_pool: max pair ratio {pairs:R}");
        Assert.True(pairs <= 1 + NonlinearNorms.PairSlack, $"pair ratio {pairs}");
        // Broken: the L1 norm instead of L2 — its gradient is the sign vector, norm √(h·w) = 4.
        Tensor L1(Tensor x) => x.abs().sum(new long[] { 2, 3 });
        double sigma = NonlinearNorms.MaxJacobianNorm(L1, shape, 4);
        output.WriteLine($"global_l2_pool broken (L1 norm): max Jacobian σ {sigma:R}");
        Assert.Equal(4.0, sigma, 12);
    }

    [Fact]
    public void GlobalPools_Gradients_MatchFiniteDifferences_ZeroChannelGivesZero()
    {
        manual_seed(63);
        using var l2 = new GlobalL2Pool();
        using var avg = new GlobalAvgPool();
        using Tensor x = randn(new long[] { 2, 3, 3, 3 }, ScalarType.Float64);
        using (no_grad()) x[0, 0] = zeros(3, 3, dtype: ScalarType.Float64);
        x.requires_grad = true;
        using Tensor w = randn(new long[] { 2, 3 }, ScalarType.Float64);
        foreach (var layer in new nn.Module<Tensor, Tensor>[] { l2, avg })
        {
            Tensor Loss()
            {
                using Tensor y = layer.call(x);
                using Tensor p = y * w;
                return p.sum();
            }
            double error = NonlinearNorms.MaxGradientError(Loss, x, 12);
            Assert.True(error < 1e-7, $"{layer.GetName()}: error {error}");
        }
        using Tensor l = l2.call(x).sum();
        using Tensor g = autograd.grad(new[] { l }, new[] { x })[0];
        Assert.True(g.isfinite().all().ToBoolean());
        using Tensor atZero = g[0, 0];
        Assert.Equal(new double[9], atZero.ToArray<double>());
    }

    [Fact]
    public void GlobalPools_RejectFlatInputs()
    {
        using Tensor x = zeros(2, 8);
        using var l2 = new GlobalL2Pool();
        using var avg = new GlobalAvgPool();
        Assert.Throws<ArgumentException>(() => l2.call(x));
        Assert.Throws<ArgumentException>(() => avg.call(x));
    }
}
