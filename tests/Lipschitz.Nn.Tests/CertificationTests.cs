using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

public class CertificationTests
{
    /// <summary>A module with a chosen bound, 3 classes and input [2, 2] (d = 4); forward is the identity.</summary>
    private sealed class FixedBound : LipschitzModule
    {
        private readonly double _bound;

        public FixedBound(double bound) : base("FixedBound") => _bound = bound;

        /// <summary>With one parameter of <paramref name="type"/>, whose roundoff sets the certificate's slack.</summary>
        public FixedBound(double bound, ScalarType type) : this(bound)
        {
            using Tensor zero = zeros(new long[] { 1 }, type);
            register_parameter("p", new TorchSharp.Modules.Parameter(zero));
        }

        public override double Bound => _bound;
        public override IReadOnlyList<long> InputShape => new long[] { 2, 2 };
        public override int Classes => 3;
        public override IReadOnlyList<LayerBound> LayerBounds => System.Array.Empty<LayerBound>();
        public override string DescriptionHash => "";
        public override Tensor forward(Tensor input) => input.alias();
    }

    /// <summary>f(x) = x on 3 values, 3 classes: 1-Lipschitz and attaining it, so the L2 certificate is exactly tight.</summary>
    private sealed class Identity3 : LipschitzModule
    {
        public Identity3() : base("Identity3")
        {
        }

        public override double Bound => 1.0;
        public override IReadOnlyList<long> InputShape => new long[] { 3 };
        public override int Classes => 3;
        public override IReadOnlyList<LayerBound> LayerBounds => System.Array.Empty<LayerBound>();
        public override string DescriptionHash => "";
        public override Tensor forward(Tensor input)
        {
            CheckInput(input);
            return input.alias();
        }
    }

    [Fact]
    public void CheckInput_RejectsAWrongShape_NamingTheNetworkAndBothShapes()
    {
        using var m = new Identity3();
        using Tensor wide = zeros(new long[] { 2, 4 });
        string message = Assert.Throws<ArgumentException>(() => m.call(wide)).Message;
        Assert.Contains("Identity3", message);
        Assert.Contains("[N, 3]", message);
        Assert.Contains("[2, 4]", message);
        using Tensor unbatched = zeros(new long[] { 3 });
        Assert.Contains("got [3]", Assert.Throws<ArgumentException>(() => m.call(unbatched)).Message);
        using Tensor good = zeros(new long[] { 5, 3 });
        using Tensor y = m.call(good);
        Assert.Equal(new long[] { 5, 3 }, y.shape);
    }

    [Theory]
    [InlineData(0.999, 0)]
    [InlineData(1.001, 1)]
    public void L2Radius_IsTightForAnIsometry_ThePredictionFlipsJustOutsideIt(double fraction, long expectedClass)
    {
        // x = (3, 1, 0): margin 2, radius 2/√2 = √2. Moving distance t along (e₁ − e₀)/√2 lowers the margin by √2·t,
        // so the prediction survives every t below the radius and flips just beyond it: the √2 is neither too small
        // (unsound) nor too large (wasteful).
        using var m = new Identity3();
        using Tensor x = tensor(new double[] { 3, 1, 0 }, new long[] { 1, 3 });
        using Tensor logits = m.call(x);
        using Tensor r = m.CertifiedRadius(logits);
        double radius = r.ToArray<double>()[0];
        Assert.Equal(Math.Sqrt(2), radius, 14);
        double t = fraction * radius;
        using Tensor moved = tensor(new double[] { 3 - t / Math.Sqrt(2), 1 + t / Math.Sqrt(2), 0 }, new long[] { 1, 3 });
        using Tensor y = m.call(moved);
        using Tensor predicted = y.argmax(1);
        Assert.Equal(expectedClass, predicted.ToInt64());
    }

    // Margins: 3 − 1 = 2; a tie (0); 2.5 − 2 = 0.5; 4 − (−1) = 5.
    private static Tensor Logits(ScalarType type = ScalarType.Float64) =>
        tensor(new double[] { 3, 1, 0, 0, 0, 0, 1, 2, 2.5, -1, 4, -2 }, new long[] { 4, 3 }, type);

    [Fact]
    public void L2Radius_IsMarginOverRootTwoTimesBound()
    {
        using var m = new FixedBound(2.0);
        using Tensor logits = Logits();
        using Tensor r = m.CertifiedRadius(logits);
        double[] expected = { 2 / (Math.Sqrt(2) * 2), 0, 0.5 / (Math.Sqrt(2) * 2), 5 / (Math.Sqrt(2) * 2) };
        double[] actual = r.ToArray<double>();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 14);
    }

    [Fact]
    public void LInfRadius_IsL2RadiusOverRootD()
    {
        using var m = new FixedBound(1.0);
        using Tensor logits = Logits(ScalarType.Float32);
        using Tensor r = m.CertifiedRadius(logits, Norm.LInf);
        Assert.Equal(ScalarType.Float64, r.dtype);
        double[] expected = { 2 / Math.Sqrt(2) / 2, 0, 0.5 / Math.Sqrt(2) / 2, 5 / Math.Sqrt(2) / 2 };
        double[] actual = r.ToArray<double>();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void CertifiedAccuracy_CountsCorrectAndWideEnough_NeverTies()
    {
        using var m = new FixedBound(1.0);
        using Tensor logits = Logits();
        // Predictions: 0, (tie → 0), 2, 1. Labels: 0, 0, 2, 0 → the tie is "correct" by argmax but never certified; the last is wrong.
        using Tensor labels = tensor(new long[] { 0, 0, 2, 0 });
        Assert.Equal(2 / 4.0, m.CertifiedAccuracy(logits, labels, 0.0));
        Assert.Equal(2 / 4.0, m.CertifiedAccuracy(logits, labels, 0.5 / Math.Sqrt(2))); // radius exactly eps counts
        Assert.Equal(1 / 4.0, m.CertifiedAccuracy(logits, labels, 0.5 / Math.Sqrt(2) + 1e-9));
        Assert.Equal(1 / 4.0, m.CertifiedAccuracy(logits, labels, 1.0));
        Assert.Equal(0.0, m.CertifiedAccuracy(logits, labels, 2 / Math.Sqrt(2) + 1e-9));
        // At 0.2 the third sample is certified in L2 (radius 0.354) but not in L∞ (0.354/√4 = 0.177).
        Assert.Equal(2 / 4.0, m.CertifiedAccuracy(logits, labels, 0.2));
        Assert.Equal(1 / 4.0, m.CertifiedAccuracy(logits, labels, 0.2, Norm.LInf));
    }

    [Fact]
    public void InfiniteBound_CertifiesNothing_ZeroBound_CertifiesEveryUntiedSample()
    {
        using Tensor logits = Logits();
        using Tensor labels = tensor(new long[] { 0, 0, 2, 1 });
        using (var unbounded = new FixedBound(double.PositiveInfinity))
        {
            using Tensor r = unbounded.CertifiedRadius(logits);
            Assert.All(r.ToArray<double>(), x => Assert.Equal(0.0, x));
            Assert.Equal(0.0, unbounded.CertifiedAccuracy(logits, labels, 0.01));
        }
        using var constant = new FixedBound(0.0);
        using Tensor rc = constant.CertifiedRadius(logits);
        Assert.Equal(new[] { double.PositiveInfinity, 0, double.PositiveInfinity, double.PositiveInfinity }, rc.ToArray<double>());
        Assert.Equal(3 / 4.0, constant.CertifiedAccuracy(logits, labels, 100));
    }

    [Fact]
    public void Float32Parameters_RadiusUsesTheBoundWithRoundoffSlack()
    {
        // Hand computation: u = 2^-24 for float32, one layer (no bound table) → L' = L·(1 + 64·u).
        using var m = new FixedBound(2.0, ScalarType.Float32);
        double expectedBound = 2.0 * (1 + 64 * Math.Pow(2, -24));
        Assert.Equal(expectedBound, m.CertificationBound, 15);
        Assert.True(m.CertificationBound > m.Bound);
        using Tensor logits = Logits();
        using Tensor r = m.CertifiedRadius(logits);
        double[] actual = r.ToArray<double>();
        double[] margins = { 2, 0, 0.5, 5 };
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(margins[i] / (Math.Sqrt(2) * expectedBound), actual[i], 15);
            Assert.True(actual[i] <= margins[i] / (Math.Sqrt(2) * 2.0));
        }
        // A sample whose exact-bound radius equals eps is no longer certified at eps: the slack is on the safe side.
        using Tensor labels = tensor(new long[] { 0, 0, 2, 1 });
        // Samples 1 and 4 (margins 2, 5) stay certified; sample 3 (margin 0.5) only without the slack.
        double edge = 0.5 / (Math.Sqrt(2) * 2.0);
        Assert.Equal(2 / 4.0, m.CertifiedAccuracy(logits, labels, edge));
        using (var exact = new FixedBound(2.0)) Assert.Equal(3 / 4.0, exact.CertifiedAccuracy(logits, labels, edge));
        using var d = new FixedBound(2.0, ScalarType.Float64);
        Assert.Equal(2.0 * (1 + 64 * Math.Pow(2, -53)), d.CertificationBound);
        using var inf = new FixedBound(double.PositiveInfinity, ScalarType.Float32);
        Assert.Equal(double.PositiveInfinity, inf.CertificationBound);
    }

    [Fact]
    public void NonFiniteLogits_AreNeverCertified()
    {
        // A diverged network (NaN weights) or an overflowed forward (±∞ logits) must not yield a certificate,
        // least of all an infinite radius from ∞ − finite.
        using var m = new FixedBound(1.0);
        double inf = double.PositiveInfinity;
        using Tensor logits = tensor(new double[] { double.NaN, 1, 0, inf, 1, 0, inf, inf, 0, 3, 1, 0 }, new long[] { 4, 3 });
        using Tensor r = m.CertifiedRadius(logits);
        Assert.Equal(new[] { 0.0, 0.0, 0.0, 2 / Math.Sqrt(2) }, r.ToArray<double>());
        using Tensor labels = tensor(new long[] { 1, 0, 0, 0 });
        Assert.Equal(1 / 4.0, m.CertifiedAccuracy(logits, labels, 0.0));
        using var constant = new FixedBound(0.0);
        using Tensor rc = constant.CertifiedRadius(logits);
        Assert.Equal(new[] { 0.0, 0.0, 0.0, inf }, rc.ToArray<double>());
    }

    [Fact]
    public void BadArguments_AreRejectedWithClearMessages()
    {
        using var m = new FixedBound(1.0);
        using Tensor logits = Logits();
        using Tensor wrongClasses = zeros(new long[] { 4, 5 });
        Assert.Contains("3 classes", Assert.Throws<ArgumentException>(() => m.CertifiedRadius(wrongClasses)).Message);
        using Tensor labels = tensor(new long[] { 0, 1 });
        Assert.Contains("labels", Assert.Throws<ArgumentException>(() => m.CertifiedAccuracy(logits, labels, 0.1)).Message);
        using Tensor good = tensor(new long[] { 0, 1, 2, 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => m.CertifiedAccuracy(logits, good, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.CertifiedAccuracy(logits, good, double.NaN));
    }
}
