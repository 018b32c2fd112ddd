using System.Linq;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>
/// AOL with the output side rescaled (W = diag(Σ_j |PPᵀ|_ij)^(-1/2)·P): the norm bound from the exact operator norm, the
/// direct formula computed here by hand, tightness, the resolution of 'auto', the refusal of the other side's weights,
/// and a wrong-transpose variant that the same norm check catches.
/// </summary>
[Collection(DeterministicCollection.Name)]
public class AolSideTests
{
    /// <summary>P with rows of very different scales: the case where using the wrong Gram matrix goes wrong.</summary>
    private static Tensor UnevenRows(long rows, long columns, long seed)
    {
        manual_seed(seed);
        using Tensor p = randn(new[] { rows, columns }, ScalarType.Float64);
        using Tensor s = rand(new[] { rows, 1L }, ScalarType.Float64);
        using Tensor s3 = s * 3;
        return p * s3;
    }

    private static AolLinear OutSide(long inFeatures, long outFeatures, Tensor p)
    {
        var layer = new AolLinear(inFeatures, outFeatures, side: AolSide.Out);
        layer.to(ScalarType.Float64);
        using (no_grad())
        {
            using Tensor q = p.t();
            layer.weight.copy_(q);
        }
        return layer;
    }

    private static double Sigma(AolLinear layer)
    {
        using Tensor w = layer.ConstrainedWeight();
        return OperatorNorms.SigmaMax(w);
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(100, 10)]
    [InlineData(12, 12)]
    [InlineData(10, 40)]
    public void OutSide_RandomP_SpectralNormIsAtMostOne(long inFeatures, long outFeatures)
    {
        for (int trial = 0; trial < 5; trial++)
        {
            using Tensor p0 = UnevenRows(outFeatures, inFeatures, 10 + trial);
            using Tensor p = p0 * System.Math.Pow(10, trial - 2);
            using var layer = OutSide(inFeatures, outFeatures, p);
            Assert.InRange(Sigma(layer), 0.05, 1 + 1e-9);
        }
    }

    [Fact]
    public void OutSide_EqualsTheFormula_ComputedByHand()
    {
        using Tensor p = UnevenRows(4, 6, 3);
        using var layer = OutSide(6, 4, p);
        using Tensor w = layer.ConstrainedWeight();
        Assert.Equal(new long[] { 4, 6 }, w.shape);
        double[,] pm = new double[4, 6];
        double[] pv = p.data<double>().ToArray();
        for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) pm[i, j] = pv[i * 6 + j];
        double[] got = w.data<double>().ToArray();
        for (int i = 0; i < 4; i++)
        {
            double rowSum = 0;
            for (int k = 0; k < 4; k++)
            {
                double g = 0;
                for (int j = 0; j < 6; j++) g += pm[i, j] * pm[k, j];
                rowSum += System.Math.Abs(g);
            }
            double e = 1 / System.Math.Sqrt(rowSum + 1e-12);
            for (int j = 0; j < 6; j++) Assert.Equal(e * pm[i, j], got[i * 6 + j], 12);
        }
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(30, 30)]
    public void OutSide_RankOneP_IsTight(long inFeatures, long outFeatures)
    {
        manual_seed(5);
        using Tensor u = randn(new[] { outFeatures, 1L }, ScalarType.Float64);
        using Tensor v = randn(new[] { 1L, inFeatures }, ScalarType.Float64);
        using Tensor p = u.matmul(v);
        using var layer = OutSide(inFeatures, outFeatures, p);
        Assert.InRange(Sigma(layer), 1 - 1e-9, 1 + 1e-9);
    }

    [Fact]
    public void WrongTranspose_ScalingOutputsWithTheInputGram_ExceedsOne()
    {
        // The same check on a broken variant: rows of P scaled with d from PᵀP (the input side's Gram) instead of PPᵀ.
        double worst = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            using Tensor p = UnevenRows(6, 6, 100 + trial);
            using Tensor pt = p.t();
            using Tensor gram = pt.matmul(p);
            using Tensor sums = gram.abs().sum(1);
            using Tensor d = sums.rsqrt();
            using Tensor d2 = d.unsqueeze(1);
            using Tensor broken = d2 * p;
            worst = System.Math.Max(worst, OperatorNorms.SigmaMax(broken));
        }
        Assert.True(worst > 1.1, $"the wrong-transpose variant stayed within the bound ({worst}); the test could not catch it");
    }

    [Fact]
    public void OutSide_AfterAdamStepsPushingTheNormUp_StaysAtMostOne()
    {
        manual_seed(7);
        using var layer = new AolLinear(20, 6, side: AolSide.Out);
        layer.to(ScalarType.Float64);
        using var adam = optim.Adam(layer.parameters(), 0.05);
        using Tensor x = randn(new[] { 32L, 20 }, ScalarType.Float64);
        for (int step = 0; step < 30; step++)
        {
            adam.zero_grad();
            using Tensor y = layer.call(x);
            using Tensor loss = -y.pow(2).sum();
            loss.backward();
            adam.step();
        }
        layer.eval();
        double sigma = Sigma(layer);
        Assert.InRange(sigma, 0.5, 1 + 1e-9);
        Assert.True(layer.VerifiedBound(new long[] { 20 }) >= sigma * (1 - 1e-12));
    }

    [Fact]
    public void OutSide_Gradient_MatchesFiniteDifferences()
    {
        using Tensor p = UnevenRows(3, 5, 11);
        using var layer = OutSide(5, 3, p);
        manual_seed(12);
        using Tensor r = randn(new[] { 3L, 5 }, ScalarType.Float64);
        double Objective()
        {
            using (no_grad())
            {
                using Tensor w = layer.ConstrainedWeight();
                using Tensor s = (w * r).sum();
                return s.ToDouble();
            }
        }
        layer.train();
        using (Tensor w = layer.ConstrainedWeight())
        {
            using Tensor s = (w * r).sum();
            s.backward();
        }
        double[] analytic = layer.weight.grad!.data<double>().ToArray();
        const double h = 1e-6;
        foreach (long index in new long[] { 0, 4, 7, 14 })
        {
            double saved;
            using (no_grad())
            {
                Tensor flat = layer.weight.view(-1);
                saved = flat[index].ToDouble();
                flat[index] = saved + h;
                double plus = Objective();
                flat[index] = saved - h;
                double minus = Objective();
                flat[index] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(System.Math.Abs(numeric - analytic[index]) <= 1e-6 * System.Math.Max(1, System.Math.Abs(numeric)), $"entry {index}: autograd {analytic[index]}, finite differences {numeric}");
            }
        }
    }

    [Theory]
    [InlineData(100, 10, AolSide.Out)]
    [InlineData(10, 100, AolSide.In)]
    [InlineData(16, 16, AolSide.In)]
    public void Auto_PicksTheSmallerGram_AndStoresPTransposedForTheOutSide(long inFeatures, long outFeatures, AolSide expected)
    {
        using var layer = new AolLinear(inFeatures, outFeatures, side: AolSide.Auto);
        Assert.Equal(expected, layer.Side);
        Assert.Equal(expected == AolSide.Out ? new[] { inFeatures, outFeatures } : new[] { outFeatures, inFeatures }, layer.weight.shape);
        using Tensor w = layer.ConstrainedWeight();
        Assert.Equal(new[] { outFeatures, inFeatures }, w.shape);
    }

    [Fact]
    public void AStateDictOfTheOtherSide_IsRefused_NamingTheShapes()
    {
        using var inSide = new AolLinear(8, 4, side: AolSide.In);
        using var outSide = new AolLinear(8, 4, side: AolSide.Out);
        var e = Assert.Throws<StateDictMismatchException>(() => ModuleState.Apply(outSide, inSide.state_dict().ToList(), "in-side.pt"));
        Assert.Contains("in-side.pt", e.Message);
        Assert.Contains("[4, 8]", e.Message);
        Assert.Contains("[8, 4]", e.Message);
    }

    /// <summary>The kernel of the adjoint convolution: channels transposed, space flipped.</summary>
    private static Tensor Adjoint(Tensor kernel)
    {
        using Tensor t = kernel.transpose(0, 1);
        return t.flip(2, 3);
    }

    private static AolConv2d OutSideConv(Tensor p)
    {
        var layer = new AolConv2d(p.size(1), p.size(0), p.size(2), side: AolSide.Out);
        layer.to(ScalarType.Float64);
        using (no_grad())
        {
            using Tensor q = Adjoint(p);
            layer.weight.copy_(q);
        }
        return layer;
    }

    /// <summary>A random kernel whose output channels (or, with <paramref name="alongInputs"/>, input channels) have very different scales.</summary>
    private static Tensor UnevenKernel(long cout, long cin, long k, long seed, bool alongInputs = false)
    {
        manual_seed(seed);
        using Tensor p = randn(new[] { cout, cin, k, k }, ScalarType.Float64);
        using Tensor s = alongInputs ? rand(new[] { 1L, cin, 1, 1 }, ScalarType.Float64) : rand(new[] { cout, 1L, 1, 1 }, ScalarType.Float64);
        using Tensor s3 = s * 3;
        return p * s3;
    }

    [Theory]
    [InlineData(3, 2, 3, 5)]
    [InlineData(2, 4, 3, 5)]
    [InlineData(4, 3, 5, 6)]
    public void OutSideConv_ExactNormIsAtMostOne_AndEqualsTheFormula(long cin, long cout, long k, long size)
    {
        for (int trial = 0; trial < 4; trial++)
        {
            using Tensor p = UnevenKernel(cout, cin, k, 20 + trial, alongInputs: trial % 2 == 1);
            using var layer = OutSideConv(p);
            using Tensor w = layer.ConstrainedWeight();
            double exact = OperatorNorms.ConvExact(w, size);
            Assert.InRange(exact, 0.05, 1 + 1e-9);
            Assert.True(layer.VerifiedBound(new[] { cin, size, size }) >= exact * (1 - 1e-9));

            // By hand: e_i from the self-correlation of P over input channels and shifts, [out, out, 2k−1, 2k−1].
            using Tensor corr = nn.functional.conv2d(p, p, padding: new[] { k - 1, k - 1 });
            using Tensor sums = corr.abs().sum(new long[] { 1, 2, 3 });
            using Tensor e = (sums + 1e-12).rsqrt();
            using Tensor expected = p * e.view(-1, 1, 1, 1);
            using Tensor diff = (w - expected).abs().max();
            Assert.True(diff.ToDouble() < 1e-12, $"constrained kernel differs from the formula by {diff.ToDouble()}");
        }
    }

    [Fact]
    public void WrongTransposeConv_ScalingOutputsWithTheInputCorrelation_ExceedsOne()
    {
        double worst = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            using Tensor p = UnevenKernel(3, 3, 3, 200 + trial, alongInputs: true);
            using Tensor pt = p.transpose(0, 1);
            using Tensor corr = nn.functional.conv2d(pt, pt, padding: new long[] { 2, 2 });  // the input side's [in, in, …]
            using Tensor sums = corr.abs().sum(new long[] { 1, 2, 3 });
            using Tensor d = sums.rsqrt();
            using Tensor broken = p * d.view(-1, 1, 1, 1);                                   // … applied to the outputs
            worst = System.Math.Max(worst, OperatorNorms.ConvExact(broken, 5));
        }
        Assert.True(worst > 1.5, $"the wrong-transpose variant stayed within the bound ({worst}); the test could not catch it");
    }
}
