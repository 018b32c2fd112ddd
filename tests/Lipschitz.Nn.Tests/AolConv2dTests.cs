using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

public class AolConv2dTests
{
    private static AolConv2d Layer(long cin, long cout, long k, ScalarType type = ScalarType.Float64)
    {
        var layer = new AolConv2d(cin, cout, k);
        layer.to(type);
        return layer;
    }

    private static void SetWeight(AolConv2d layer, Tensor p)
    {
        using (no_grad()) layer.weight.copy_(p);
    }

    [Theory]
    [InlineData(1, 16, 3, 12)]
    [InlineData(16, 16, 3, 10)]
    [InlineData(8, 4, 5, 12)]
    [InlineData(3, 7, 1, 8)]
    [InlineData(4, 4, 7, 12)]
    public void RandomAndPositiveKernels_PowerIterationNormIsAtMostOne(long cin, long cout, long k, long size)
    {
        manual_seed(10 + k);
        using var layer = Layer(cin, cout, k);
        long[] shape = { cout, cin, k, k };
        using Tensor random = randn(shape, ScalarType.Float64);
        using Tensor positive = random.abs(); // non-negative kernels make AOL nearly tight
        foreach (Tensor p in new[] { random, positive })
        {
            SetWeight(layer, p);
            using Tensor w = layer.ConstrainedWeight();
            double sigma = OperatorNorms.ConvPowerIteration(w, size, 150);
            Assert.InRange(sigma, 0.2, 1 + 1e-4);
        }
    }

    [Fact]
    public void PositiveKernel_OnLargeImage_IsNearlyTight()
    {
        // A constant non-negative kernel is AOL's worst case: on a large image the norm approaches 1 from below,
        // so the bound is sharp and the power iteration really does find the top of the spectrum.
        using var layer = Layer(4, 4, 3);
        using Tensor p = ones(new long[] { 4, 4, 3, 3 }, ScalarType.Float64);
        SetWeight(layer, p);
        using Tensor w = layer.ConstrainedWeight();
        double sigma = OperatorNorms.ConvPowerIteration(w, 16, 200);
        Assert.InRange(sigma, 0.97, 1 + 1e-4);
    }

    [Theory]
    [InlineData(2, 3, 3, 6)]
    [InlineData(3, 2, 5, 5)]
    public void PowerIteration_AgreesWithExactImpulseResponseNorm(long cin, long cout, long k, long size)
    {
        manual_seed(20 + k);
        using var layer = Layer(cin, cout, k);
        using Tensor p = randn(new[] { cout, cin, k, k }, ScalarType.Float64);
        SetWeight(layer, p);
        using Tensor w = layer.ConstrainedWeight();
        double exact = OperatorNorms.ConvExact(w, size);
        double power = OperatorNorms.ConvPowerIteration(w, size, 300);
        Assert.InRange(exact, 0.2, 1 + 1e-6);
        Assert.InRange(power, exact - 1e-3, exact + 1e-9);
    }

    [Fact]
    public void DefaultInit_IsDiracWithOrthogonalCentreTap_SoTheLayerIsAnIsometry()
    {
        manual_seed(30);
        using var layer = Layer(6, 6, 3);
        using Tensor w = layer.ConstrainedWeight();
        // The self-correlation is the identity at shift 0 (up to float32 rounding of the init) and zero elsewhere.
        Assert.True(allclose(w, layer.weight, 1e-6, 1e-7));
        using Tensor x = randn(new long[] { 2, 6, 5, 5 }, ScalarType.Float64);
        using Tensor y = layer.call(x);
        using Tensor nx = x.norm();
        using Tensor ny = y.norm();
        Assert.Equal(1.0, ny.ToDouble() / nx.ToDouble(), 1e-6);
    }

    [Fact]
    public void SelfCorrelationRescaling_MatchesHandComputation()
    {
        // One input channel, one output channel, 3×3 kernel [[1,0,0],[0,0,0],[0,0,-2]]: its self-correlation has
        // |·| sum 1 + 4 (shift 0) + 2·|1·(−2)| (shifts ±(2,2)) = 9, so W = P/3.
        using var layer = Layer(1, 1, 3);
        using Tensor p = tensor(new double[] { 1, 0, 0, 0, 0, 0, 0, 0, -2 }, new long[] { 1, 1, 3, 3 });
        SetWeight(layer, p);
        using Tensor w = layer.ConstrainedWeight();
        double[] expected = { 1 / 3.0, 0, 0, 0, 0, 0, 0, 0, -2 / 3.0 };
        double[] actual = w.ToArray<double>();
        for (int i = 0; i < 9; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void Float32_NormIsAtMostOne_AndOutputKeepsShape()
    {
        manual_seed(31);
        using var layer = Layer(3, 5, 3, ScalarType.Float32);
        using Tensor p = randn(new long[] { 5, 3, 3, 3 });
        using Tensor pa = p.abs();
        SetWeight(layer, pa);
        using Tensor w = layer.ConstrainedWeight();
        Assert.Equal(ScalarType.Float32, w.dtype);
        using Tensor w64 = w.to(ScalarType.Float64);
        Assert.InRange(OperatorNorms.ConvPowerIteration(w64, 10, 150), 0.5, 1 + 1e-4);
        using Tensor x = randn(new long[] { 2, 3, 7, 9 });
        using Tensor y = layer.call(x);
        Assert.Equal(new long[] { 2, 5, 7, 9 }, y.shape);
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(64, 64)]
    public void Float32_ConstantKernel_DcGainExceedsOneOnlyWithinTheCertificationSlack(long cin, long cout)
    {
        // A constant non-negative kernel is tight at frequency 0: the DC transfer matrix is Σ_taps W, and its
        // largest singular value (float64 SVD of the float32 kernel) is the operator norm on unbounded images.
        // Float32 rounding of the rescaling can put it a few roundoffs above 1 (measured up to 2.8e-7).
        manual_seed(32);
        using var layer = Layer(cin, cout, 3, ScalarType.Float32);
        double worst = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            using Tensor scale = rand(new long[] { 1 });
            using Tensor one = ones(new long[] { cout, cin, 3, 3 });
            using Tensor p = one * scale;
            SetWeight(layer, p);
            using Tensor w = layer.ConstrainedWeight();
            using Tensor w64 = w.to(ScalarType.Float64);
            using Tensor dc = w64.sum(new long[] { 2, 3 });
            worst = Math.Max(worst, OperatorNorms.SigmaMax(dc));
        }
        Assert.InRange(worst, 1 - 1e-5, 1 + LipschitzModule.RoundoffSlackPerLayer * Math.Pow(2, -24));
    }

    [Fact]
    public void Constructor_RejectsEvenKernel()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AolConv2d(1, 4, 2));
        Assert.Contains("odd", e.Message);
    }
}
