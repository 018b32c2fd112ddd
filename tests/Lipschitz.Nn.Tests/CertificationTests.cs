using System.Collections.Generic;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn.Tests;

public class CertificationTests
{
    /// <summary>A module with a chosen bound, 3 classes and input [2, 2] (d = 4); forward is the identity.</summary>
    private sealed class FixedBound : LipschitzModule
    {
        private readonly double _bound;

        public FixedBound(double bound) : base("FixedBound") => _bound = bound;

        public override double Bound => _bound;
        public override IReadOnlyList<long> InputShape => new long[] { 2, 2 };
        public override int Classes => 3;
        public override IReadOnlyList<LayerBound> LayerBounds => System.Array.Empty<LayerBound>();
        public override string DescriptionHash => "";
        public override Tensor forward(Tensor input) => input.alias();
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
