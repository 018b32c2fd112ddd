using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

public class SimpleLayerTests
{
    /// <summary>The largest ‖f(x) − f(y)‖/‖x − y‖ over random pairs, close pairs included.</summary>
    private static double WorstRatio(nn.Module<Tensor, Tensor> f, long[] shape, int pairs = 50)
    {
        double worst = 0;
        for (int i = 0; i < pairs; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x = randn(shape, ScalarType.Float64);
            Tensor d = randn(shape, ScalarType.Float64);
            Tensor y = x + d * Math.Pow(10, -(i % 5));
            Tensor fx = f.call(x), fy = f.call(y);
            double num = (fx - fy).norm().ToDouble(), den = (x - y).norm().ToDouble();
            worst = Math.Max(worst, num / den);
        }
        return worst;
    }

    [Fact]
    public void MaxMin_SortsChannelPairs_ByHand()
    {
        using var layer = new MaxMin();
        // [1, 4]: pairs (x0, x2) and (x1, x3).
        using Tensor x = tensor(new double[] { 5, -1, 2, 3 }, new long[] { 1, 4 });
        using Tensor y = layer.call(x);
        Assert.Equal(new double[] { 5, 3, 2, -1 }, y.ToArray<double>());
    }

    [Fact]
    public void MaxMin_IsOneLipschitz_AndNormPreserving()
    {
        manual_seed(40);
        using var layer = new MaxMin();
        Assert.Equal(1.0, layer.Bound);
        Assert.InRange(WorstRatio(layer, new long[] { 3, 6, 4, 4 }), 0.5, 1 + 1e-12);
        using Tensor x = randn(new long[] { 2, 8, 3, 3 }, ScalarType.Float64);
        using Tensor y = layer.call(x);
        using Tensor nx = x.norm(), ny = y.norm();
        Assert.Equal(nx.ToDouble(), ny.ToDouble(), 12);
    }

    [Fact]
    public void MaxMin_RejectsOddChannelCount()
    {
        using var layer = new MaxMin();
        using Tensor x = zeros(new long[] { 1, 3, 2, 2 });
        var e = Assert.Throws<ArgumentException>(() => layer.call(x));
        Assert.Contains("even", e.Message);
    }

    [Fact]
    public void Flatten_KeepsValuesInOrder()
    {
        using var layer = new Flatten();
        using Tensor x = arange(0, 24, 1, ScalarType.Float64);
        using Tensor x4 = x.view(2, 3, 2, 2);
        using Tensor y = layer.call(x4);
        Assert.Equal(new long[] { 2, 12 }, y.shape);
        Assert.Equal(x.ToArray<double>(), y.ToArray<double>());
        Assert.Equal(1.0, layer.Bound);
    }

    [Fact]
    public void PixelUnshuffle_MovesBlocksToChannels_ByHand()
    {
        using var layer = new PixelUnshuffle(2);
        // [1, 1, 2, 4] = [[0 1 2 3], [4 5 6 7]] → [1, 4, 1, 2]: channel (i, j) holds x[2h + i, 2w + j].
        using Tensor x = arange(0, 8, 1, ScalarType.Float64);
        using Tensor x4 = x.view(1, 1, 2, 4);
        using Tensor y = layer.call(x4);
        Assert.Equal(new long[] { 1, 4, 1, 2 }, y.shape);
        Assert.Equal(new double[] { 0, 2, 1, 3, 4, 6, 5, 7 }, y.ToArray<double>());
        Assert.Equal(1.0, layer.Bound);
        Assert.InRange(WorstRatio(layer, new long[] { 2, 3, 4, 4 }), 1 - 1e-12, 1 + 1e-12); // a permutation: ratio exactly 1
    }

    [Fact]
    public void PixelUnshuffle_RejectsIndivisibleSize()
    {
        using var layer = new PixelUnshuffle(3);
        using Tensor x = zeros(new long[] { 1, 1, 4, 6 });
        var e = Assert.Throws<ArgumentException>(() => layer.call(x));
        Assert.Contains("multiples of the factor 3", e.Message);
    }

    [Fact]
    public void Relu_IsOneLipschitz_AndClampsNegatives()
    {
        manual_seed(41);
        using var layer = new Relu();
        using Tensor x = tensor(new double[] { -2, 0, 3 });
        using Tensor y = layer.call(x);
        Assert.Equal(new double[] { 0, 0, 3 }, y.ToArray<double>());
        Assert.InRange(WorstRatio(layer, new long[] { 4, 10 }), 0.3, 1 + 1e-12);
        Assert.Equal(1.0, layer.Bound);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-3.0)]
    public void Scale_RatioIsExactlyAbsFactor(double factor)
    {
        manual_seed(42);
        using var layer = new Scale(factor);
        Assert.Equal(Math.Abs(factor), layer.Bound);
        Assert.InRange(WorstRatio(layer, new long[] { 2, 5 }), Math.Abs(factor) * (1 - 1e-12), Math.Abs(factor) * (1 + 1e-12));
    }

    [Fact]
    public void Scale_RejectsNonFiniteFactor()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Scale(double.NaN));
    }

    [Fact]
    public void PlainLinearAndConv_HaveNoBound_AndComputeTheAffineMap()
    {
        manual_seed(43);
        using var linear = new Linear(4, 3);
        using var conv = new Conv2d(2, 3, 3, stride: 2, padding: 1);
        Assert.Equal(double.PositiveInfinity, linear.Bound);
        Assert.Equal(double.PositiveInfinity, conv.Bound);
        linear.to(ScalarType.Float64);
        using Tensor x = randn(new long[] { 5, 4 }, ScalarType.Float64);
        using Tensor y = linear.call(x);
        using Tensor wt = linear.weight.t();
        using Tensor xw = x.matmul(wt);
        using Tensor expected = xw + linear.bias!;
        Assert.True(allclose(y, expected, 1e-12, 1e-12));
        using Tensor img = randn(new long[] { 1, 2, 8, 8 });
        using Tensor out8 = conv.call(img);
        Assert.Equal(new long[] { 1, 3, 4, 4 }, out8.shape);
    }
}
