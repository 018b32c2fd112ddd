using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

public class AolLinearTests
{
    private static AolLinear Layer(long inFeatures, long outFeatures, ScalarType type = ScalarType.Float64)
    {
        var layer = new AolLinear(inFeatures, outFeatures);
        layer.to(type);
        return layer;
    }

    private static void SetWeight(AolLinear layer, Tensor p)
    {
        using (no_grad()) layer.weight.copy_(p);
    }

    private static double ConstrainedSigma(AolLinear layer)
    {
        using Tensor w = layer.ConstrainedWeight();
        return OperatorNorms.SigmaMax(w);
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(64, 64)]
    [InlineData(10, 100)]
    [InlineData(256, 10)]
    public void RandomP_SpectralNormIsAtMostOne(long inFeatures, long outFeatures)
    {
        manual_seed(1);
        using var layer = Layer(inFeatures, outFeatures);
        for (int trial = 0; trial < 5; trial++)
        {
            using Tensor p = randn(new[] { outFeatures, inFeatures }, ScalarType.Float64);
            using Tensor scaled = p * Math.Pow(10, trial - 2); // AOL is scale-invariant: 1e-2 … 1e2 all give the same W
            SetWeight(layer, scaled);
            double sigma = ConstrainedSigma(layer);
            Assert.InRange(sigma, 0.05, 1 + 1e-6);
        }
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(1, 12)]
    [InlineData(30, 30)]
    public void RankOneP_IsTight_SigmaIsOne(long inFeatures, long outFeatures)
    {
        // For P = u·vᵀ, AOL gives σ = ‖(sign v_i·√|v_i|)‖ / √‖v‖₁ = 1 exactly: the worst case for the bound.
        manual_seed(2);
        using var layer = Layer(inFeatures, outFeatures);
        using Tensor u = randn(new[] { outFeatures, 1L }, ScalarType.Float64);
        using Tensor v = randn(new[] { 1L, inFeatures }, ScalarType.Float64);
        using Tensor p = u.matmul(v);
        SetWeight(layer, p);
        double sigma = ConstrainedSigma(layer);
        Assert.InRange(sigma, 1 - 1e-9, 1 + 1e-6);
    }

    [Fact]
    public void ConstantP_IsTight_AndEqualsHandComputation()
    {
        // P = c·1 (out×in): PᵀP = out·c²·1, row sums out·in·c², so W = P/(|c|·√(out·in)) and σ(W) = 1.
        using var layer = Layer(6, 4);
        using Tensor p = full(new long[] { 4, 6 }, 0.3, ScalarType.Float64);
        SetWeight(layer, p);
        using Tensor w = layer.ConstrainedWeight();
        double expected = 0.3 / (0.3 * Math.Sqrt(24));
        foreach (double x in w.ToArray<double>()) Assert.Equal(expected, x, 12);
        Assert.InRange(OperatorNorms.SigmaMax(w), 1 - 1e-12, 1 + 1e-6);
    }

    [Fact]
    public void DefaultInit_IsOrthogonal_SoWEqualsP()
    {
        manual_seed(3);
        using var layer = Layer(16, 16);
        using Tensor w = layer.ConstrainedWeight();
        // P was made orthogonal in float32, so PᵀP = I up to float32 rounding.
        Assert.True(allclose(w, layer.weight, 1e-6, 1e-7));
        Assert.InRange(OperatorNorms.SigmaMax(w), 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void ZeroColumnsAndZeroP_GiveFiniteWeights()
    {
        using var layer = Layer(4, 3);
        var values = new double[] { 1, 0, 2, 0, -1, 0, 3, 0, 2, 0, -2, 0 }; // columns 1 and 3 are zero
        using Tensor p = tensor(values, new long[] { 3, 4 });
        SetWeight(layer, p);
        using (Tensor w = layer.ConstrainedWeight())
        {
            double[] wv = w.ToArray<double>();
            Assert.All(wv, x => Assert.True(double.IsFinite(x)));
            Assert.Equal(0.0, wv[1]);
            Assert.Equal(0.0, wv[3]);
            Assert.InRange(OperatorNorms.SigmaMax(w), 0.1, 1 + 1e-6);
        }
        using Tensor zero = zeros(new long[] { 3, 4 }, ScalarType.Float64);
        SetWeight(layer, zero);
        using Tensor w0 = layer.ConstrainedWeight();
        Assert.All(w0.ToArray<double>(), x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void Float32_SpectralNormIsAtMostOne()
    {
        manual_seed(4);
        using var layer = Layer(40, 20, ScalarType.Float32);
        using Tensor u = randn(new[] { 20L, 1L });
        using Tensor v = randn(new[] { 1L, 40L });
        using Tensor p = u.matmul(v);
        SetWeight(layer, p);
        using Tensor w = layer.ConstrainedWeight();
        Assert.Equal(ScalarType.Float32, w.dtype);
        using Tensor w64 = w.to(ScalarType.Float64);
        Assert.InRange(OperatorNorms.SigmaMax(w64), 0.99, 1 + LipschitzModule.RoundoffSlackPerLayer * Math.Pow(2, -24));
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(1, 7)]
    [InlineData(3, 3)]
    public void Float32_TightWeights_ExceedOneOnlyWithinTheCertificationSlack(long inFeatures, long outFeatures)
    {
        // Equal columns (P = c·1ᵀ) make AOL tight: σ(W) = 1 in exact arithmetic. Computed in float32, σ of the
        // stored weight (exact float64 SVD) can land a few roundoffs above 1 — measured up to 2.8e-7 — which is
        // why certificates use LipschitzModule.CertificationBound, (1 + 64·u) per layer.
        manual_seed(7);
        using var layer = Layer(inFeatures, outFeatures, ScalarType.Float32);
        double worst = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            using Tensor c = randn(new[] { outFeatures, 1L });
            using Tensor p = c.repeat(1, inFeatures);
            SetWeight(layer, p);
            using Tensor w = layer.ConstrainedWeight();
            using Tensor w64 = w.to(ScalarType.Float64);
            worst = Math.Max(worst, OperatorNorms.SigmaMax(w64));
        }
        Assert.InRange(worst, 1 - 1e-5, 1 + LipschitzModule.RoundoffSlackPerLayer * Math.Pow(2, -24));
    }

    [Fact]
    public void Forward_IsXTimesConstrainedWeightTransposedPlusBias()
    {
        manual_seed(5);
        using var layer = Layer(5, 3);
        using (no_grad())
        {
            layer.weight.normal_();
            layer.bias!.normal_();
        }
        using Tensor x = randn(new[] { 4L, 5L }, ScalarType.Float64);
        using Tensor y = layer.call(x);
        using Tensor w = layer.ConstrainedWeight();
        using Tensor wt = w.t();
        using Tensor xw = x.matmul(wt);
        using Tensor expected = xw + layer.bias!;
        Assert.True(allclose(y, expected, 1e-12, 1e-12));
    }

    [Fact]
    public void Training_GradientReachesTheFreeParameter()
    {
        manual_seed(6);
        using var layer = Layer(6, 4);
        using (no_grad()) layer.weight.normal_();
        layer.train();
        using Tensor x = randn(new[] { 3L, 6L }, ScalarType.Float64);
        using Tensor y = layer.call(x);
        using Tensor loss = y.sum();
        loss.backward();
        using Tensor g = layer.weight.grad!;
        Assert.NotNull(g);
        using Tensor gn = g.norm();
        Assert.True(gn.ToDouble() > 0 && double.IsFinite(gn.ToDouble()));
    }

    [Fact]
    public void Constructor_RejectsNonPositiveSizes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AolLinear(0, 3));
        Assert.Contains("inFeatures", e.Message);
    }
}
