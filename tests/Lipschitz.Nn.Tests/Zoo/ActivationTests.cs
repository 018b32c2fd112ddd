using System.Linq;
using Lipschitz.Nn.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>The activation family (GroupSort, Householder, the N-activation): values by hand, the Lipschitz constant measured
/// from Jacobians and random pairs in float64, broken variants that the same measurement catches, and gradients against
/// finite differences.</summary>
public class ActivationTests(ITestOutputHelper output)
{
    private static Func<Tensor, Tensor> Call(nn.Module<Tensor, Tensor> layer) => x => layer.call(x);

    /// <summary>A few Adam steps on θ that push the layer's distance ratio on random pairs up (loss −mean ratio²).</summary>
    private static void PushRatioUp(LearnedActivation layer, long[] shape, int steps)
    {
        using var optimizer = optim.Adam(layer.parameters(), lr: 0.05);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var batch = new[] { 32L }.Concat(shape).ToArray();
            Tensor x = randn(batch, ScalarType.Float64);
            Tensor delta = randn(batch, ScalarType.Float64) * 0.3;
            Tensor num = (layer.call(x) - layer.call(x + delta)).reshape(32, -1).pow(2).sum(1);
            Tensor den = delta.reshape(32, -1).pow(2).sum(1);
            Tensor loss = -(num / den).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }

    /// <summary>The largest Jacobian norm and pair ratio of the layer, printed, each asserted ≤ 1 (float64 round-off aside).</summary>
    private (double Jacobian, double Pairs) AssertOneLipschitz(nn.Module<Tensor, Tensor> layer, long[] shape, string when)
    {
        double jacobian = NonlinearNorms.MaxJacobianNorm(Call(layer), shape, 8);
        double pairs = NonlinearNorms.MaxPairRatio(Call(layer), shape, 256);
        output.WriteLine($"{layer.GetName()} {when}: max Jacobian σ {jacobian:R}, max pair ratio {pairs:R}");
        Assert.True(jacobian <= 1 + 1e-12, $"{when}: Jacobian norm {jacobian}");
        Assert.True(pairs <= 1 + NonlinearNorms.PairSlack, $"{when}: pair ratio {pairs}");
        return (jacobian, pairs);
    }

    private static Tensor Theta(LearnedActivation layer) => layer.theta.detach().clone();

    // ---- group_sort ----

    [Fact]
    public void GroupSort_SortsStridedGroups_LargestFirst_ByHand()
    {
        // C = 6, k = 3: group 0 is channels 0, 2, 4 = (1, 2, 3); group 1 is channels 1, 3, 5 = (5, 6, 4).
        using var layer = new GroupSort(3);
        using Tensor x = tensor(new double[] { 1, 5, 2, 6, 3, 4 }).reshape(1, 6);
        using Tensor y = layer.call(x);
        Assert.Equal(new double[] { 3, 6, 2, 5, 1, 4 }, y.ToArray<double>());
        Assert.Equal(1.0, layer.Bound);
    }

    [Fact]
    public void GroupSort_OfTwo_IsMaxMin()
    {
        manual_seed(11);
        using var sort = new GroupSort(2);
        using var maxMin = new MaxMin();
        using Tensor x = randn(new long[] { 4, 8, 3, 3 }, ScalarType.Float64);
        using Tensor a = sort.call(x);
        using Tensor b = maxMin.call(x);
        Assert.True(a.Equals(b));
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(4, 8)]
    [InlineData(8, 8)]
    public void GroupSort_JacobianIsAPermutation_EverySingularValueOne(long group, long channels)
    {
        manual_seed(12);
        using var layer = new GroupSort(group);
        for (int i = 0; i < 5; i++)
        {
            using Tensor x = randn(new[] { 1L, channels, 2, 2 }, ScalarType.Float64);
            using Tensor j = NonlinearNorms.Jacobian(Call(layer), x);
            using Tensor s = linalg.svdvals(j);
            Assert.All(s.ToArray<double>(), v => Assert.Equal(1.0, v, 12));
            Assert.All(j.ToArray<double>(), v => Assert.True(v == 0.0 || v == 1.0, $"entry {v}"));
        }
        double ratio = NonlinearNorms.MaxPairRatio(Call(layer), new[] { channels, 2L, 2L }, 64);
        Assert.InRange(ratio, 1 - 1e-9, 1 + NonlinearNorms.PairSlack);
    }

    [Fact]
    public void GroupSort_BrokenVariant_CopyingTheGroupMaximum_FailsTheNormCheck()
    {
        // The same grouping, but every place of a group gets its maximum instead of the sorted values: the maximum's input
        // then feeds k outputs, a Jacobian column of k ones, σ = √k. The check that passes GroupSort must catch it.
        manual_seed(13);
        const long k = 3, c = 6;
        Tensor Broken(Tensor x)
        {
            using Tensor g = x.reshape(x.size(0), k, c / k);
            using Tensor m = g.amax(new long[] { 1 }, keepdim: true);
            using Tensor e = m.expand(x.size(0), k, c / k);
            return e.reshape(x.size(0), c);
        }
        double sigma = NonlinearNorms.MaxJacobianNorm(Broken, new[] { c }, 5);
        Assert.Equal(Math.Sqrt(k), sigma, 9);
        Assert.True(NonlinearNorms.MaxPairRatio(Broken, new[] { c }, 64) > 1.2);
        using var layer = new GroupSort(k);
        Assert.True(NonlinearNorms.MaxJacobianNorm(Call(layer), new[] { c }, 5) <= 1 + 1e-12);
    }

    [Fact]
    public void GroupSort_Gradient_MatchesFiniteDifferences()
    {
        manual_seed(14);
        using var layer = new GroupSort(4);
        using Tensor x = randn(new long[] { 2, 8, 3, 3 }, ScalarType.Float64);
        x.requires_grad = true;
        using Tensor w = randn(new long[] { 2, 8, 3, 3 }, ScalarType.Float64);
        Tensor Loss()
        {
            using Tensor y = layer.call(x);
            using Tensor p = y * w;
            return p.sum();
        }
        Assert.True(NonlinearNorms.MaxGradientError(Loss, x, 12) < 1e-7);
    }

    [Fact]
    public void GroupSort_RejectsBadGroupsAndChannelCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupSort(1));
        using var layer = new GroupSort(3);
        using Tensor x = zeros(2, 8);
        var e = Assert.Throws<ArgumentException>(() => layer.call(x));
        Assert.Contains("multiple of the group size 3", e.Message);
    }

    // ---- householder ----

    private static Householder HouseholderOf(long channels, double[]? theta = null)
    {
        var layer = new Householder(channels);
        layer.to(ScalarType.Float64);
        if (theta is not null)
        {
            using Tensor t = tensor(theta);
            using (no_grad()) layer.theta.copy_(t);
        }
        return layer;
    }

    [Fact]
    public void Householder_WithThetaZero_ReflectsNegativeA_ByHand()
    {
        // θ = 0: v = (1, 0), so z = (a, b) is kept when a > 0 and becomes (−a, b) otherwise: (|a|, b).
        using var layer = HouseholderOf(2, new[] { 0.0 });
        using Tensor x = tensor(new double[] { -3, 2, 4, -1 }).reshape(2, 2);
        using Tensor y = layer.call(x);
        Assert.Equal(new double[] { 3, 2, 4, -1 }, y.ToArray<double>());
    }

    [Fact]
    public void Householder_StartsAsMaxMin()
    {
        manual_seed(21);
        using var layer = HouseholderOf(8);
        using var maxMin = new MaxMin();
        using Tensor x = randn(new long[] { 4, 8, 3, 3 }, ScalarType.Float64);
        using Tensor a = layer.call(x);
        using Tensor b = maxMin.call(x);
        using Tensor gap = (a - b).abs().max();
        // θ was initialised in float32: −π/4 rounded to 24 bits, so v is off (1, −1)/√2 by ~1e-8.
        Assert.True(gap.ToDouble() < 1e-6, $"max |HH − MaxMin| = {gap.ToDouble()}");
    }

    [Fact]
    public void Householder_IsOrthogonalPiecewise_AtRandomTheta_AndAfterAdam()
    {
        manual_seed(22);
        using var layer = HouseholderOf(6);
        using (no_grad()) layer.theta.uniform_(-Math.PI, Math.PI);
        var shape = new[] { 6L, 2, 2 };
        for (int i = 0; i < 4; i++)
        {
            using Tensor x = randn(new[] { 1L }.Concat(shape).ToArray(), ScalarType.Float64);
            using Tensor j = NonlinearNorms.Jacobian(Call(layer), x);
            using Tensor s = linalg.svdvals(j);
            Assert.All(s.ToArray<double>(), v => Assert.Equal(1.0, v, 12)); // gradient norm preserving: every σ is 1
        }
        var random = AssertOneLipschitz(layer, shape, "random θ");
        Assert.True(random.Pairs > 1 - 1e-9, "near pairs on one piece are moved by an isometry: the ratio reaches 1");

        using Tensor before = Theta(layer);
        PushRatioUp(layer, shape, 20);
        using Tensor moved = (Theta(layer) - before).abs().max();
        Assert.True(moved.ToDouble() > 1e-3, "Adam moved θ");
        AssertOneLipschitz(layer, shape, "after 20 Adam steps");
    }

    [Fact]
    public void Householder_BrokenVariants_FailTheSameChecks()
    {
        manual_seed(23);
        var shape = new[] { 4L };
        using Tensor theta = tensor(new[] { 0.3, -1.1 }).reshape(1, 2);
        // (1) v not normalised (v = 1.5·(cos θ, sin θ)): I − 2vvᵀ has eigenvalue 1 − 2·1.5² = −3.5, not an isometry.
        Tensor Unnormalised(Tensor x) => HouseholderFormula(x, theta, 1.5, 0.0);
        double sigma = NonlinearNorms.MaxJacobianNorm(Unnormalised, shape, 16);
        output.WriteLine($"householder broken (|v| = 1.5): max Jacobian σ {sigma:R}");
        Assert.True(sigma > 3, $"σ = {sigma}");
        // (2) the switch moved off the hyperplane (reflect where vᵀz ≤ 0.5): pieces no longer agree, the map jumps.
        // The Jacobian is still orthogonal everywhere, so only the pair check can see it.
        Tensor Shifted(Tensor x) => HouseholderFormula(x, theta, 1.0, 0.5);
        Assert.True(NonlinearNorms.MaxJacobianNorm(Shifted, shape, 8) <= 1 + 1e-12);
        double ratio = NonlinearNorms.MaxPairRatio(Shifted, shape, 256);
        output.WriteLine($"householder broken (switch at vᵀz = 0.5): max pair ratio {ratio:R}");
        Assert.True(ratio > 2, $"ratio = {ratio}");
        // The formula itself, with |v| = 1 and the switch at 0, is the layer.
        using var layer = HouseholderOf(4, new[] { 0.3, -1.1 });
        using Tensor x = randn(5, 4, dtype: ScalarType.Float64);
        using Tensor a = layer.call(x);
        using Tensor b = HouseholderFormula(x, theta, 1.0, 0.0);
        Assert.True(a.allclose(b, 0, 1e-12));
    }

    /// <summary>HH written out with a where: z if vᵀz &gt; shift, else z − 2(vᵀz)v, for v = length·(cos θ, sin θ); x is [N, 2P].</summary>
    private static Tensor HouseholderFormula(Tensor x, Tensor theta, double length, double shift)
    {
        using var scope = NewDisposeScope();
        long half = x.size(1) / 2;
        Tensor a = x.narrow(1, 0, half), b = x.narrow(1, half, half);
        Tensor c = theta.cos() * length, s = theta.sin() * length;
        Tensor p = c * a + s * b;
        Tensor keep = p > shift;
        return cat(new[] { where(keep, a, a - 2 * p * c), where(keep, b, b - 2 * p * s) }, 1).MoveToOuterDisposeScope();
    }

    [Fact]
    public void Householder_InFloat32_ExceedsOneOnlyByRoundOff_WithinTheCertificateSlack()
    {
        // In float32, v = (cos θ, sin θ) has |v|² = 1 + δ with δ a few units of roundoff u, so the reflection's norm is
        // |1 − 2|v|²| = 1 + 2δ: the only excess over the bound, inside the per-layer slack 64u that certificates apply.
        manual_seed(25);
        using var layer = new Householder(512);
        using (no_grad()) layer.theta.uniform_(-Math.PI, Math.PI);
        using Tensor theta = layer.theta.detach();
        using Tensor c32 = theta.cos();
        using Tensor s32 = theta.sin();
        using Tensor c = c32.to(ScalarType.Float64);
        using Tensor s = s32.to(ScalarType.Float64);
        using Tensor squared = c * c + s * s;
        using Tensor reflection = (1 - 2 * squared).abs().max();
        double u = Math.Pow(2, -24), excess = reflection.ToDouble() - 1;
        output.WriteLine($"householder float32: reflection norm − 1 = {excess:E2} ({excess / u:F2} u)");
        Assert.True(excess <= 8 * u, $"excess {excess}");
    }

    [Fact]
    public void Householder_Gradients_MatchFiniteDifferences_ForInputAndTheta()
    {
        manual_seed(24);
        using var layer = HouseholderOf(6);
        using (no_grad()) layer.theta.uniform_(-Math.PI, Math.PI);
        using Tensor x = randn(new long[] { 3, 6, 2, 2 }, ScalarType.Float64);
        x.requires_grad = true;
        using Tensor w = randn(new long[] { 3, 6, 2, 2 }, ScalarType.Float64);
        Tensor Loss()
        {
            using Tensor y = layer.call(x);
            using Tensor p = y * w;
            return p.sum();
        }
        double input = NonlinearNorms.MaxGradientError(Loss, x, 12);
        double theta = NonlinearNorms.MaxGradientError(Loss, layer.theta, 3);
        output.WriteLine($"householder gradient error: input {input:E2}, θ {theta:E2}");
        Assert.True(input < 1e-7 && theta < 1e-7, $"input {input}, θ {theta}");
    }

    [Fact]
    public void Householder_FollowsTorchSharpConventions_AndRejectsOddChannels()
    {
        using var layer = new Householder(4);
        Assert.Equal(ScalarType.Float32, layer.theta.dtype);
        Assert.Equal(new[] { "theta" }, layer.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(new long[] { 2 }, layer.theta.shape);
        layer.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, Assert.Single(layer.parameters()).dtype);
        Assert.Equal(ScalarType.Float64, layer.theta.dtype);
        using var other = new Householder(4);
        other.load_state_dict(layer.state_dict());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Householder(3));
        using Tensor x = zeros(2, 6, dtype: ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => layer.call(x));
    }

    // ---- n_activation ----

    private static NActivation NOf(long channels, double[]? theta = null)
    {
        var layer = new NActivation(channels);
        layer.to(ScalarType.Float64);
        if (theta is not null)
        {
            using Tensor t = tensor(theta).reshape(channels, 2);
            using (no_grad()) layer.theta.copy_(t);
        }
        return layer;
    }

    [Fact]
    public void NActivation_ByHand_AndTheOrderOfThePairDoesNotMatter()
    {
        // θ = (−1, 2): x − 2θ₁ = x + 2 below −1, −x on [−1, 2), x − 4 from 2 on.
        var x = new double[] { -3, -1, 0, 1, 2, 3 };
        var expected = new double[] { -1, 1, 0, -1, -2, -1 };
        foreach (var theta in new[] { new[] { -1.0, 2.0 }, new[] { 2.0, -1.0 } })
        {
            using var layer = NOf(1, theta);
            using Tensor input = tensor(x).reshape(6, 1);
            using Tensor y = layer.call(input);
            Assert.Equal(expected, y.ToArray<double>());
        }
    }

    [Fact]
    public void NActivation_StartsAsTheAuthorsInit_HalfIdentity()
    {
        using var layer = NOf(4);
        Assert.Equal(new double[] { -1, 0, 0, 0, -1, 0, 0, 0 }, layer.theta.ToArray<double>());
        using Tensor x = tensor(new double[] { -0.5, -0.5, 3, 3 }).reshape(1, 4);
        using Tensor y = layer.call(x);
        Assert.Equal(new double[] { 0.5, -0.5, 3, 3 }, y.ToArray<double>());
    }

    [Fact]
    public void NActivation_HasSlopesPlusMinusOne_AtRandomTheta_AndAfterAdam()
    {
        manual_seed(31);
        using var layer = NOf(5);
        using (no_grad()) layer.theta.normal_(0, 1);
        var shape = new[] { 5L, 2, 2 };
        for (int i = 0; i < 4; i++)
        {
            using Tensor x = randn(new[] { 1L }.Concat(shape).ToArray(), ScalarType.Float64);
            using Tensor j = NonlinearNorms.Jacobian(Call(layer), x);
            using Tensor d = j.diagonal();
            Assert.All(d.ToArray<double>(), v => Assert.Equal(1.0, Math.Abs(v), 12));
            using Tensor offDiagonal = (j - diag(d)).abs().max();
            Assert.Equal(0.0, offDiagonal.ToDouble());
        }
        var random = AssertOneLipschitz(layer, shape, "random θ");
        Assert.True(random.Pairs > 1 - 1e-9);

        using Tensor before = Theta(layer);
        PushRatioUp(layer, shape, 20);
        using Tensor moved = (Theta(layer) - before).abs().max();
        Assert.True(moved.ToDouble() > 1e-3, "Adam moved θ");
        AssertOneLipschitz(layer, shape, "after 20 Adam steps");
    }

    [Fact]
    public void NActivation_BrokenVariant_UnsortedPair_JumpsAndFailsThePairCheck()
    {
        // The piecewise definition evaluated with θ₁ > θ₂ left unsorted: below θ₁ it is x − 2θ₁, from θ₁ on x − 2θ₂, a jump
        // of 2(θ₁ − θ₂) at θ₁. Slopes stay ±1, so the Jacobian check passes; the pair check must not.
        manual_seed(32);
        const double t1 = 0.4, t2 = -0.6;
        Tensor Broken(Tensor x) => where(x < t1, x - 2 * t1, where(x < t2, -x, x - 2 * t2));
        var shape = new[] { 4L };
        Assert.True(NonlinearNorms.MaxJacobianNorm(Broken, shape, 8) <= 1 + 1e-12);
        double ratio = NonlinearNorms.MaxPairRatio(Broken, shape, 256);
        output.WriteLine($"n_activation broken (unsorted pair): max pair ratio {ratio:R}");
        Assert.True(ratio > 2, $"ratio {ratio}");
        using var layer = NOf(4, new[] { t1, t2, t1, t2, t1, t2, t1, t2 });
        Assert.True(NonlinearNorms.MaxPairRatio(Call(layer), shape, 256) <= 1 + NonlinearNorms.PairSlack);
    }

    [Fact]
    public void NActivation_Gradients_MatchFiniteDifferences_ForInputAndTheta()
    {
        manual_seed(33);
        using var layer = NOf(4);
        using (no_grad()) layer.theta.normal_(0, 1);
        using Tensor x = randn(new long[] { 3, 4, 2, 2 }, ScalarType.Float64);
        x.requires_grad = true;
        using Tensor w = randn(new long[] { 3, 4, 2, 2 }, ScalarType.Float64);
        Tensor Loss()
        {
            using Tensor y = layer.call(x);
            using Tensor p = y * w;
            return p.sum();
        }
        double input = NonlinearNorms.MaxGradientError(Loss, x, 12);
        double theta = NonlinearNorms.MaxGradientError(Loss, layer.theta, 8);
        output.WriteLine($"n_activation gradient error: input {input:E2}, θ {theta:E2}");
        Assert.True(input < 1e-7 && theta < 1e-7, $"input {input}, θ {theta}");
    }

    [Fact]
    public void NActivation_TiedPair_SeparatesInTraining()
    {
        // Channel 1 starts at (0, 0), the identity; sorting gives θ₁ and θ₂ the gradients of different slots, so one step
        // moves them apart (amin/amax would split a tie's gradient evenly and keep the pair tied for ever).
        using var layer = NOf(2);
        using var optimizer = optim.SGD(layer.parameters(), 0.1);
        using Tensor x = tensor(new double[] { 0, -0.5, 0, 0.5 }).reshape(2, 2);
        using Tensor y = layer.call(x);
        using Tensor loss = y.sum();
        loss.backward();
        optimizer.step();
        var theta = layer.theta.ToArray<double>();
        Assert.NotEqual(theta[2], theta[3]);
    }

    [Fact]
    public void NActivation_FollowsTorchSharpConventions()
    {
        using var layer = new NActivation(3);
        Assert.Equal(new[] { "theta" }, layer.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(new long[] { 3, 2 }, layer.theta.shape);
        layer.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, Assert.Single(layer.parameters()).dtype);
        using var other = new NActivation(3);
        other.load_state_dict(layer.state_dict());
        using Tensor x = zeros(2, 4, dtype: ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => layer.call(x));
    }
}
