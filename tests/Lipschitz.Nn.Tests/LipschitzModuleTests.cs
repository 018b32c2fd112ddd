using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

public class LipschitzModuleTests
{
    private static TinyAolNet Net(double scale = 1.0, bool randomWeights = false)
    {
        var net = new TinyAolNet(scale);
        net.to(ScalarType.Float64);
        if (randomWeights)
        {
            using (no_grad())
                foreach (var p in net.parameters()) p.normal_(0, 0.5);
        }
        net.eval();
        return net;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Composition_NoPairExceedsTheBound(bool randomWeights)
    {
        manual_seed(50);
        using var net = Net(1.0, randomWeights);
        double worst = 0;
        for (int i = 0; i < 20; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x = randn(new long[] { 8, 1, 8, 8 }, ScalarType.Float64);
            Tensor d = randn(new long[] { 8, 1, 8, 8 }, ScalarType.Float64);
            Tensor y = x + d * Math.Pow(10, -(i % 4));
            Tensor fx = net.call(x), fy = net.call(y);
            Tensor num = (fx - fy).norm(1, false, 2), den = (x - y).reshape(8, -1).norm(1, false, 2);
            worst = Math.Max(worst, (num / den).max().ToDouble());
        }
        Assert.InRange(worst, 1e-4, net.Bound * (1 + 1e-9));
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 1.0)]
    [InlineData(false, 0.5)]
    public void Composition_JacobianSigmaMaxStaysUnderTheBound(bool randomWeights, double scale)
    {
        manual_seed(51);
        using var net = Net(scale, randomWeights);
        double worst = 0;
        for (int i = 0; i < 4; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x = randn(new long[] { 1, 1, 8, 8 }, ScalarType.Float64);
            Tensor j = OperatorNorms.Jacobian(net, x);
            Assert.Equal(new long[] { 10, 64 }, j.shape);
            worst = Math.Max(worst, OperatorNorms.SigmaMax(j));
        }
        Assert.InRange(worst, 1e-4, net.Bound * (1 + 1e-6));
    }

    [Fact]
    public void Jacobian_MatchesCentralFiniteDifferences()
    {
        // The Jacobian the bound check uses, against an independent computation: (f(x + h·e_i) − f(x − h·e_i)) / 2h.
        manual_seed(52);
        using var net = Net(1.0, randomWeights: true);
        using var scope = NewDisposeScope();
        Tensor x = randn(new long[] { 1, 1, 8, 8 }, ScalarType.Float64);
        Tensor j = OperatorNorms.Jacobian(net, x);
        const double h = 1e-6;
        Tensor basis = eye(64, dtype: ScalarType.Float64).view(64, 1, 8, 8);
        Tensor plus = net.call(x + basis * h), minus = net.call(x - basis * h);
        Tensor fd = ((plus - minus) / (2 * h)).t(); // [10, 64]
        Assert.True(allclose(j, fd, 1e-5, 1e-7), "autograd Jacobian differs from finite differences");
        using Tensor jn = j.norm();
        Assert.True(jn.ToDouble() > 1e-3);
    }

    [Fact]
    public void Bound_IsTheProductOfTheLayerBounds()
    {
        using var net = Net(0.5);
        double product = net.LayerBounds.Aggregate(1.0, (acc, l) => acc * l.Bound);
        Assert.Equal(net.Bound, product);
        Assert.Equal(net.Bound, net.Layers.Aggregate(1.0, (acc, l) => acc * l.Bound));
        Assert.Equal(64, net.InputSize);
    }

    [Fact]
    public void StateDict_HasFieldDottedKeys()
    {
        using var net = new TinyAolNet();
        var keys = net.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        string[] expected =
        {
            "conv0.bias", "conv0.weight", "conv2.bias", "conv2.weight", "head.bias", "head.weight", "linear6.bias", "linear6.weight",
        };
        Assert.Equal(expected, keys);
    }

    [Fact]
    public void Forward_WorksInFloat32AndFloat64()
    {
        manual_seed(53);
        using var net = new TinyAolNet();
        net.eval();
        using Tensor x32 = randn(new long[] { 3, 1, 8, 8 });
        using Tensor y32 = net.call(x32);
        Assert.Equal(ScalarType.Float32, y32.dtype);
        Assert.Equal(new long[] { 3, 10 }, y32.shape);
        net.to(ScalarType.Float64);
        using Tensor x64 = x32.to(ScalarType.Float64);
        using Tensor y64 = net.call(x64);
        Assert.Equal(ScalarType.Float64, y64.dtype);
        using Tensor back = y64.to(ScalarType.Float32);
        Assert.True(allclose(back, y32, 1e-4, 1e-5));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Forward_LeavesOnlyItsOutputAlive(bool training)
    {
        // Every intermediate (and every constrained weight) is disposed by the layers, not left to the finalizer.
        manual_seed(54);
        using var net = new TinyAolNet();
        net.train(training);
        using var scope = NewDisposeScope();
        Tensor x = randn(new long[] { 2, 1, 8, 8 });
        int before = scope.DisposablesCount;
        Tensor y = net.call(x);
        Assert.Equal(before + 1, scope.DisposablesCount);
        using (no_grad())
        {
            Tensor y2 = net.call(x);
        }
        Assert.Equal(before + 2, scope.DisposablesCount);
    }

    [Fact]
    public void IsometricComposition_JacobianAttainsTheBound()
    {
        manual_seed(55);
        using var net = new IsometricNet();
        net.to(ScalarType.Float64);
        net.eval();
        for (int i = 0; i < 3; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x = randn(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
            Tensor j = OperatorNorms.Jacobian(net, x);
            Assert.Equal(new long[] { 64, 32 }, j.shape);
            // Tight: the initialisation was orthogonal in float32, so the isometry holds to ~1e-7.
            Assert.InRange(OperatorNorms.SigmaMax(j), 1 - 1e-5, 1 + 1e-6);
        }
    }
}
