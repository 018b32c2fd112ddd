using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Estimation;
using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>
/// The row-normalised head and its per-class-pair certificate, against independent truth: row norms and distances
/// recomputed from the weight's entries, the exact singular values, and — for an affine classifier, where the smallest
/// perturbation that changes the prediction is known in closed form (the distance to the nearest pair hyperplane) — the
/// certified radius itself: not above the exact distance, within rounding of it, and a step just past it along the
/// worst direction does change the prediction.
/// </summary>
public class NormalizedHeadTests
{
    /// <summary>x ↦ head(s·x): a body of bound s (a scaled identity) before a normalised head.</summary>
    private sealed class HeadNet : LipschitzModule
    {
        private readonly long[] _input;
        private readonly LayerBound[] _bounds;
        private readonly Scale body;
        private readonly NormalizedHead head;

        public HeadNet(long features, long classes, double s) : base("HeadNet")
        {
            _input = new[] { features };
            body = new Scale(s);
            head = new NormalizedHead(features, classes);
            register_module("body", body);
            register_module("head", head);
            _bounds = new[]
            {
                new LayerBound("body", "scale", $"[{features}]", s, true),
                new LayerBound("head", "normalized_head", $"[{classes}]", System.Math.Sqrt(classes), true),
            };
        }

        public NormalizedHead Head => head;

        public override double Bound => _bounds[0].Bound * _bounds[1].Bound;
        public override IReadOnlyList<long> InputShape => _input;
        public override int Classes => (int)head.OutFeatures;
        public override IReadOnlyList<LayerBound> LayerBounds => _bounds;
        public override string DescriptionHash => "";
        public override IClassPairHead? ClassPairHead => head;

        public override Tensor forward(Tensor input)
        {
            using Tensor z = body.call(input);
            return head.call(z);
        }
    }

    private static double[,] Rows(Tensor w)
    {
        using Tensor w64 = w.detach().to(ScalarType.Float64).cpu();
        long c = w64.size(0), n = w64.size(1);
        double[] flat = w64.data<double>().ToArray();
        var rows = new double[c, n];
        for (long i = 0; i < c; i++)
            for (long k = 0; k < n; k++) rows[i, k] = flat[i * n + k];
        return rows;
    }

    /// <summary>Throws unless every row of <paramref name="w"/> has norm 1 within <paramref name="tolerance"/>.</summary>
    private static void AssertUnitRows(Tensor w, double tolerance)
    {
        double[,] rows = Rows(w);
        for (int i = 0; i < rows.GetLength(0); i++)
        {
            double sum = 0;
            for (int k = 0; k < rows.GetLength(1); k++) sum += rows[i, k] * rows[i, k];
            Assert.InRange(System.Math.Sqrt(sum), 1 - tolerance, 1 + tolerance);
        }
    }

    [Fact]
    public void EvalWeight_HasUnitRows_NormAtMostSqrtClasses_AndTheVerifiedBoundIsItsSvd()
    {
        using var head = new NormalizedHead(12, 5);
        head.eval();
        using Tensor w = head.ConstrainedWeight();
        AssertUnitRows(w, 1e-6);                                         // float32 rounding of a unit row
        using Tensor w64 = w.to(ScalarType.Float64);
        double sigma = linalg.svdvals(w64).max().ToDouble();
        Assert.True(sigma <= System.Math.Sqrt(5) * (1 + 1e-6), $"‖W‖₂ = {sigma} > √5");
        double verified = head.VerifiedBound(new long[] { 12 });
        Assert.InRange(verified, sigma, sigma * (1 + 1e-9));
        Assert.Equal(System.Math.Sqrt(5), head.Bound, 12);

        // The unit-row check can fail: the free parameter P itself (a missing normalisation) does not pass it.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertUnitRows(head.weight, 1e-6));
    }

    [Fact]
    public void AllRowsEqual_AttainsSqrtClasses()
    {
        // ‖W‖₂ ≤ √C is tight: C equal unit rows give W = 1·uᵀ with norm √C.
        using var head = new NormalizedHead(6, 4);
        using (no_grad())
        {
            using Tensor row = randn(1, 6);
            using Tensor rows = row.expand(4, 6).contiguous() * 3;
            head.weight.copy_(rows);
        }
        head.eval();
        Assert.InRange(head.VerifiedBound(new long[] { 6 }), 2 * (1 - 1e-6), 2 * (1 + 1e-6));
    }

    [Fact]
    public void PairDistances_AreTheRowDistancesOfTheWeightTheForwardUses_NeverBelow()
    {
        using var head = new NormalizedHead(9, 6);
        head.eval();
        using Tensor w = head.ConstrainedWeight();
        double[,] rows = Rows(w);
        using Tensor d = head.PairDistances();
        Assert.Equal(new long[] { 6, 6 }, d.shape);
        Assert.Equal(ScalarType.Float64, d.dtype);
        double[] got = d.data<double>().ToArray();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(0.0, got[i * 6 + i]);
            for (int j = 0; j < 6; j++)
            {
                if (i == j) continue;
                double sum = 0;
                for (int k = 0; k < 9; k++) sum += (rows[i, k] - rows[j, k]) * (rows[i, k] - rows[j, k]);
                double exact = System.Math.Sqrt(sum);
                Assert.InRange(got[i * 6 + j], exact, exact * (1 + 1e-12));
                Assert.True(exact <= 2 * (1 + 1e-6), $"‖w_{i} − w_{j}‖ = {exact} > 2 for unit rows");
            }
        }
    }

    [Fact]
    public void PairDistances_FollowAnOptimizerStep()
    {
        using var head = new NormalizedHead(5, 3);
        head.eval();
        using Tensor before = head.PairDistances();
        using (no_grad()) head.weight.add_(randn(3, 5));
        using Tensor after = head.PairDistances();
        using Tensor w = head.ConstrainedWeight();
        using Tensor again = NormalizedHead.Distances(w);
        Assert.False(before.allclose(after), "the distances were not recomputed after the weight changed");
        Assert.True(after.allclose(again, rtol: 1e-12, atol: 0));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void AffineClassifier_CertifiedRadius_IsTheExactDistanceToTheNearestDecisionBoundary(double s)
    {
        // f(x) = W·(s·x) + b. The set where class j beats y is a half-space; the nearest point of its boundary is at
        // (f_y − f_j)/(s·‖w_y − w_j‖) along w_j − w_y. The radius must not exceed the smallest such distance, must be
        // within rounding of it, and a step a little past it along that direction must change the prediction.
        torch.manual_seed(7);
        using var net = new HeadNet(10, 5, s);
        net.to(ScalarType.Float64);
        using (no_grad()) net.Head.bias!.copy_(randn(5, dtype: ScalarType.Float64));
        net.eval();
        using Tensor w = net.Head.ConstrainedWeight();
        double[,] rows = Rows(w);
        using Tensor x = randn(new long[] { 64, 10 }, ScalarType.Float64);
        using Tensor logits = net.call(x);
        using Tensor radius = net.CertifiedRadius(logits);
        double[] r = radius.data<double>().ToArray();
        double[] f = logits.data<double>().ToArray();
        int checkedSamples = 0;
        for (int n = 0; n < 64; n++)
        {
            int y = Enumerable.Range(0, 5).OrderByDescending(c => f[n * 5 + c]).First();
            double exact = double.PositiveInfinity;
            int nearest = -1;
            for (int j = 0; j < 5; j++)
            {
                if (j == y) continue;
                double dist = 0;
                for (int k = 0; k < 10; k++) dist += (rows[y, k] - rows[j, k]) * (rows[y, k] - rows[j, k]);
                double distance = (f[n * 5 + y] - f[n * 5 + j]) / (s * System.Math.Sqrt(dist));
                if (distance < exact) (exact, nearest) = (distance, j);
            }
            Assert.True(r[n] <= exact, $"sample {n}: certified {r[n]} beyond the exact distance {exact}");
            Assert.True(r[n] >= exact * (1 - 1e-9), $"sample {n}: certified {r[n]} much below the exact distance {exact}");

            // Step 1.001 × the exact distance towards the nearest rival's half-space: the prediction changes.
            using Tensor direction = (w[nearest] - w[y]) / (w[nearest] - w[y]).norm();
            using Tensor moved = x[n] + direction * (exact * 1.001);
            using Tensor movedLogits = net.call(moved.unsqueeze(0));
            Assert.NotEqual(y, (int)movedLogits.argmax(1).ToInt64());
            checkedSamples++;
        }
        Assert.Equal(64, checkedSamples);
    }

    [Fact]
    public void PairRule_IsAtLeastTheMarginRuleWithTheBodyBound_AndFarAboveTheWholeNetworkBound()
    {
        // ‖w_y − w_j‖ ≤ 2: the pair rule gives at least margin/(2·L_body); the margin rule with the whole network's
        // bound √C·L_body gives margin/(√2·√C·L_body), smaller for C ≥ 3.
        torch.manual_seed(3);
        using var net = new HeadNet(16, 10, 1.0);
        net.eval();
        using Tensor x = randn(128, 16);
        using Tensor logits = net.call(x);
        using Tensor pair = net.CertifiedRadius(logits);
        using Tensor top = logits.to(ScalarType.Float64).topk(2, 1).values;
        using Tensor margin = top.select(1, 0) - top.select(1, 1);
        double slack = net.CertificationBound;                            // body bound 1 with its roundoff slack
        using Tensor floor = margin / (2 * slack);
        using Tensor whole = margin / (System.Math.Sqrt(2) * net.Bound * (1 + 1e-5));
        Assert.True(pair.ge(floor * (1 - 1e-9)).all().ToBoolean(), "a pair radius below margin/(2·L)");
        Assert.True(pair.ge(whole).all().ToBoolean());
        Assert.True(pair.mean().ToDouble() > 2 * whole.mean().ToDouble());
    }

    [Fact]
    public void Ties_AndEqualRows()
    {
        using var net = new HeadNet(3, 3, 1.0);
        using (no_grad())
        {
            using Tensor p = tensor(new float[] { 1, 0, 0, 1, 0, 0, 0, 1, 0 }).view(3, 3);  // rows 0 and 1 equal
            net.Head.weight.copy_(p);
            net.Head.bias!.copy_(tensor(new float[] { 1, 0, 0 }));
        }
        net.eval();
        // Input (0, 0, 0): logits (1, 0, 0), class 0. Class 1 has the same row, so f_0 − f_1 = 1 forever; class 2 is at
        // (1 − 0)/‖e1 − e2‖ = 1/√2. Input (0, 1, 0): logits (1, 0, 1), a tie: radius 0.
        using Tensor x = tensor(new float[] { 0, 0, 0, 0, 1, 0 }).view(2, 3);
        using Tensor logits = net.call(x);
        double[] r = net.CertifiedRadius(logits).data<double>().ToArray();
        Assert.InRange(r[0], 1 / System.Math.Sqrt(2) * (1 - 1e-5), 1 / System.Math.Sqrt(2));
        Assert.Equal(0.0, r[1]);
    }

    [Fact]
    public void TwoClassesWithEqualRows_AreCertifiedEverywhere()
    {
        using var net = new HeadNet(2, 2, 1.0);
        using (no_grad())
        {
            net.Head.weight.copy_(tensor(new float[] { 1, 1, 2, 2 }).view(2, 2));
            net.Head.bias!.copy_(tensor(new float[] { 0.5f, 0 }));
        }
        net.eval();
        using Tensor logits = net.call(randn(4, 2));
        using Tensor r = net.CertifiedRadius(logits);
        Assert.True(r.isinf().all().ToBoolean(), "f_0 − f_1 = 0.5 for every input: no perturbation changes the prediction");
    }

    [Fact]
    public void LInfRadius_IsTheL2RadiusOverSqrtD()
    {
        torch.manual_seed(5);
        using var net = new HeadNet(16, 4, 1.0);
        net.eval();
        using Tensor logits = net.call(randn(8, 16));
        using Tensor l2 = net.CertifiedRadius(logits);
        using Tensor linf = net.CertifiedRadius(logits, Norm.LInf);
        Assert.True((l2 / 4).allclose(linf, rtol: 1e-12, atol: 0));
    }

    [Theory]
    [InlineData(BoundChoice.Declared)]
    [InlineData(BoundChoice.Computed)]
    [InlineData(BoundChoice.Tightest)]
    public void Certifier_DividesByTheBodysBound_NotTheWholeNetworks(BoundChoice choice)
    {
        using var net = new HeadNet(6, 4, 0.5);
        net.eval();
        var (bound, source) = Certifier.Resolve(net, choice);
        Assert.InRange(bound, 0.5, 0.5 * (1 + 1e-9));
        Assert.Contains("before the class-pair head", source);
        Assert.Equal(0.5, net.CertificateBound);
        Assert.Equal(0.5 * 2, net.Bound, 12);
        UpperBound upper = UpperBound.Of(net);
        Assert.InRange(upper.CertificateVerified, 0.5, 0.5 * (1 + 1e-9));
        Assert.True(upper.Verified > upper.CertificateVerified, "the whole network's verified bound includes the head's σ");
    }

    [Fact]
    public void TrainingWeight_Gradient_MatchesCentralDifferences()
    {
        using var head = new NormalizedHead(5, 4);
        head.to(ScalarType.Float64);
        head.train();
        using Tensor x = randn(new long[] { 3, 5 }, ScalarType.Float64);
        using Tensor target = randn(new long[] { 3, 4 }, ScalarType.Float64);
        Tensor Loss()
        {
            using Tensor y = head.call(x);
            using Tensor diff = y - target;
            using Tensor sq = diff.square();
            return sq.sum();
        }
        double worst = NonlinearNorms.MaxGradientError(Loss, head.weight, 20);
        Assert.True(worst < 1e-6, $"gradient error {worst}");
    }
}
