using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Estimation;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Tests.Attacks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Estimation;

/// <summary>A chain of layers as a LipschitzModule, with the bound table the generator would emit.</summary>
internal sealed class ChainNet : LipschitzModule
{
    private readonly (string Name, string Kind, nn.Module<Tensor, Tensor> Layer, double Bound, string Shape)[] _layers;
    private readonly long[] _input;

    public ChainNet(long[] input, params (string Name, string Kind, nn.Module<Tensor, Tensor> Layer, double Bound, string Shape)[] layers) : base("ChainNet")
    {
        _input = input;
        _layers = layers;
        foreach (var l in layers) register_module(l.Name, l.Layer);
    }

    public override double Bound => _layers.Aggregate(1.0, (b, l) => b * l.Bound);
    public override IReadOnlyList<long> InputShape => _input;
    public override int Classes => (int)UpperBound.ParseShape(_layers[^1].Shape)[0];
    public override IReadOnlyList<LayerBound> LayerBounds => _layers.Select(l => new LayerBound(l.Name, l.Kind, l.Shape, l.Bound, true)).ToArray();
    public override string DescriptionHash => "chain";

    public override Tensor forward(Tensor input)
    {
        Tensor x = input.alias();
        foreach (var l in _layers)
        {
            Tensor y = l.Layer.call(x);
            x.Dispose();
            x = y;
        }
        return x;
    }
}

[Collection(DeterministicCollection.Name)]
public class EstimationTests
{
    /// <summary>√λmax(WᵀW) by the symmetric eigensolver: an independent route to ‖W‖₂.</summary>
    private static double SigmaByEigen(Tensor w)
    {
        using Tensor w64 = w.detach().to(ScalarType.Float64);
        using Tensor gram = w64.t().matmul(w64);
        return Math.Sqrt(linalg.eigvalsh(gram).max().ToDouble());
    }

    private static Linear Dense(long input, long output, Tensor weight)
    {
        var layer = new Linear(input, output, bias: false);
        layer.to(ScalarType.Float64);
        using (no_grad()) layer.weight.copy_(weight);
        return layer;
    }

    [Fact]
    public void SingleLinearLayer_UpperAndLowerMeetAtItsLargestSingularValue()
    {
        manual_seed(31);
        using Tensor w = randn(new long[] { 8, 20 }, ScalarType.Float64);
        using var net = new ChainNet(new long[] { 20 }, ("fc", "linear", Dense(20, 8, w), double.PositiveInfinity, "[8]"));
        double exact = SigmaByEigen(w);
        UpperBound upper = UpperBound.Of(net);
        Assert.InRange(upper.Verified, exact, exact * (1 + 2e-9));
        using Tensor x = rand(new long[] { 16, 20 }, ScalarType.Float64);
        LowerBound jacobian = LowerBound.Jacobian(net, x);
        LowerBound pairs = LowerBound.PairSearch(net, x, steps: 60);
        Assert.InRange(jacobian.Value, exact * (1 - 1e-6), exact * (1 + 1e-12));
        Assert.InRange(pairs.Value, exact * 0.99, exact * (1 + 1e-12));
        Assert.InRange(upper.PowerIteration, exact * (1 - 1e-6), exact * (1 + 1e-12));
    }

    [Fact]
    public void Isometry_HasConstantOne_FromAboveAndBelow()
    {
        manual_seed(32);
        using Tensor q = linalg.qr(randn(new long[] { 16, 16 }, ScalarType.Float64)).Q;
        using var net = new ChainNet(new long[] { 16 }, ("q", "linear", Dense(16, 16, q), double.PositiveInfinity, "[16]"));
        using Tensor x = rand(new long[] { 8, 16 }, ScalarType.Float64);
        Assert.InRange(UpperBound.Of(net).Verified, 1 - 1e-12, 1 + 2e-9);
        Assert.InRange(LowerBound.Jacobian(net, x).Value, 1 - 1e-9, 1 + 1e-12);
        Assert.InRange(LowerBound.PairSearch(net, x, steps: 10).Value, 1 - 1e-9, 1 + 1e-12);
    }

    [Fact]
    public void TwoLayerReluNetwork_WithKnownConstant_LowerFindsItAndTheLayerwiseUpperBoundsIt()
    {
        // f(x) = A·relu(x) − A·relu(−x) = A·x: its constant is ‖A‖₂, while ‖W₂‖·‖W₁‖ = √2‖A‖·√2 = 2‖A‖.
        manual_seed(33);
        const long d = 6, m = 4;
        using Tensor a = randn(new long[] { m, d }, ScalarType.Float64);
        using Tensor eye = torch.eye(d, dtype: ScalarType.Float64);
        using Tensor w1 = cat(new[] { eye, -eye }, 0);
        using Tensor w2 = cat(new[] { a, -a }, 1);
        using var net = new ChainNet(new[] { d },
            ("fc1", "linear", Dense(d, 2 * d, w1), double.PositiveInfinity, $"[{2 * d}]"),
            ("relu", "relu", new Relu(), 1, $"[{2 * d}]"),
            ("fc2", "linear", Dense(2 * d, m, w2), double.PositiveInfinity, $"[{m}]"));
        double exact = SigmaByEigen(a);
        using Tensor x = randn(new long[] { 12, d }, ScalarType.Float64);
        Assert.InRange(LowerBound.Jacobian(net, x).Value, exact * (1 - 1e-6), exact * (1 + 1e-12));
        Assert.InRange(LowerBound.PairSearch(net, x, steps: 60).Value, exact * 0.98, exact * (1 + 1e-12));
        Assert.InRange(UpperBound.Of(net).Verified, 2 * exact, 2 * exact * (1 + 3e-9));
    }

    [Theory]
    [InlineData(1L, 1L, 6L)]
    [InlineData(2L, 1L, 7L)]
    [InlineData(1L, 0L, 5L)]
    [InlineData(2L, 2L, 6L)]
    public void ConvolutionBound_CoversTheExactZeroPaddedNorm(long stride, long padding, long size)
    {
        manual_seed(34 + stride + padding);
        using var conv = new Conv2d(3, 4, 3, stride, padding);
        conv.to(ScalarType.Float64);
        // Exact: the matrix of the strided, zero-padded convolution from its impulse responses, then its SVD.
        long n = 3 * size * size;
        using Tensor impulses = torch.eye(n, dtype: ScalarType.Float64).view(n, 3, size, size);
        using Tensor responses = nn.functional.conv2d(impulses, conv.weight, strides: new[] { stride, stride }, padding: new[] { padding, padding });
        using Tensor matrix = responses.reshape(n, -1);
        double exact = linalg.svdvals(matrix).max().ToDouble();
        double upper = conv.VerifiedBound(new[] { 3L, size, size });
        double power = conv.PowerIteration(new[] { 3L, size, size }, 200);
        Assert.True(upper >= exact, $"verified {upper} < exact {exact}");
        Assert.InRange(power, exact * (1 - 1e-2), exact * (1 + 1e-9)); // a lower estimate: it converges slowly where σ₁ ≈ σ₂
        // Not vacuous: within a factor of the exact norm on these small images (the torus bound is tight for large ones).
        Assert.True(upper <= 2.5 * exact, $"verified {upper} is far above exact {exact}");
    }

    [Fact]
    public void ATorusTooSmall_WouldUnderestimate_SoTheSizeMatters()
    {
        // The proof needs N ≥ H + 2p: on the bare H×H torus the wrap-around hides part of the zero-padded operator.
        manual_seed(40);
        using var conv = new Conv2d(1, 1, 3, 1, 1, bias: false);
        conv.to(ScalarType.Float64);
        using (no_grad()) conv.weight.copy_(tensor(new double[] { 0, 0, 0, 1, -1, 0, 0, 0, 0 }).view(1, 1, 3, 3));
        const long size = 4;
        using Tensor impulses = torch.eye(size * size, dtype: ScalarType.Float64).view(size * size, 1, size, size);
        using Tensor matrix = nn.functional.conv2d(impulses, conv.weight, padding: new[] { 1L, 1L }).reshape(size * size, -1);
        double exact = linalg.svdvals(matrix).max().ToDouble();
        Assert.True(OperatorNorm.ConvUpper(conv.weight, 1, 1, size, size) >= exact);
        // The difference filter [1, −1] on an odd torus of H = 3 positions peaks at √3 < 2, below the zero-padded norm here.
        Assert.True(OperatorNorm.ConvUpper(conv.weight, 1, 0, 1, 3) < exact);
    }

    [Fact]
    public void TrainedNetworks_LowerBoundsNeverExceedTheVerifiedUpperBound()
    {
        (Tensor x, Tensor y) = TrainedNets.TestBatch(16);
        using (x)
        using (y)
        {
            foreach (LipschitzModule net in new LipschitzModule[] { TrainedNets.Plain(), TrainedNets.Lipschitz() })
            {
                UpperBound upper = UpperBound.Of(net);
                LowerBound jacobian = LowerBound.Jacobian(net, x, iterations: 10);
                LowerBound pairs = LowerBound.PairSearch(net, x, steps: 10);
                Assert.True(jacobian.Value <= upper.Verified, $"{net.GetName()}: Jacobian {jacobian.Value} > upper {upper.Verified}");
                Assert.True(pairs.Value <= upper.Verified, $"{net.GetName()}: pairs {pairs.Value} > upper {upper.Verified}");
                Assert.True(jacobian.Value > 0.1 * upper.Verified || net is PlainNet, $"{net.GetName()}: Jacobian {jacobian.Value} vs upper {upper.Verified}");
            }
            // The AOL network: every layer's verified bound is at most 1 (plus float32 rounding), as declared.
            UpperBound aol = UpperBound.Of(TrainedNets.Lipschitz());
            Assert.All(aol.Layers, l => Assert.True(l.Verified <= 1 + 1e-6, $"{l.Name}: {l.Verified}"));
            Assert.Equal(1.0, aol.Declared);
        }
    }
}
