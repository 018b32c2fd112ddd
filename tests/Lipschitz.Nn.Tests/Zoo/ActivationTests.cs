using System.Linq;
using Lipschitz.Nn.Layers;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>The activation family (GroupSort, Householder, the N-activation): values by hand, the Lipschitz constant measured
/// from Jacobians and random pairs in float64, broken variants that the same measurement catches, and gradients against
/// finite differences.</summary>
public class ActivationTests
{
    private static Func<Tensor, Tensor> Call(nn.Module<Tensor, Tensor> layer) => x => layer.call(x);

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
        Assert.InRange(ratio, 1 - 1e-9, 1 + 1e-12);
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
}
