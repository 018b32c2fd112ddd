using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

public class AbsTests
{
    [Fact]
    public void Abs_IsTheElementwiseAbsoluteValue_ByHand()
    {
        using var layer = new Abs();
        using Tensor x = tensor(new double[] { -2.5, 0, 3, -0.125 }, new long[] { 2, 2 });
        using Tensor y = layer.call(x);
        Assert.Equal(new long[] { 2, 2 }, y.shape);
        Assert.Equal(new double[] { 2.5, 0, 3, 0.125 }, y.ToArray<double>());
    }

    [Fact]
    public void Abs_BoundIsOne_AndTight()
    {
        using var layer = new Abs();
        Assert.Equal(1.0, layer.Bound);
        manual_seed(7);
        double worst = 0;
        for (int i = 0; i < 50; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x = randn(new long[] { 4, 3, 5 }, ScalarType.Float64);
            Tensor y = x + randn(new long[] { 4, 3, 5 }, ScalarType.Float64) * Math.Pow(10, -(i % 4));
            Tensor fx = layer.call(x), fy = layer.call(y);
            worst = Math.Max(worst, (fx - fy).norm().item<double>() / (x - y).norm().item<double>());
        }
        Assert.InRange(worst, 0.5, 1 + 1e-12);
        // Tight: two points of the same sign keep their distance exactly.
        using Tensor a = tensor(new double[] { 1, 2 }, new long[] { 1, 2 }), b = tensor(new double[] { 3, 5 }, new long[] { 1, 2 });
        using Tensor fa = layer.call(a), fb = layer.call(b), diff = fa - fb, direct = a - b;
        using Tensor n1 = diff.norm(), n2 = direct.norm();
        Assert.Equal(n2.item<double>(), n1.item<double>(), 12);
    }

    [Fact]
    public void Abs_HasNoParameters()
    {
        using var layer = new Abs();
        Assert.Empty(layer.parameters());
    }
}
