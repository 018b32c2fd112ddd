using System.Linq;
using System.Text.Json;
using Lipschitz.Nn.Certification;

namespace Lipschitz.Nn.Tests.Certification;

public sealed class CertificationReportTests
{
    // Six samples: four correct with radii 0.05, 0.3, 0.6, 1.2; one correct but tied (radius 0); one wrong with radius 2.
    private static readonly double[] Radius = { 0.05, 0.3, 0.6, 1.2, 0.0, 2.0 };
    private static readonly bool[] Correct = { true, true, true, true, true, false };
    private static readonly double[] Eps = { 0.1, 0.5, 1.0 };

    private static CertificationReport Report() => CertificationReport.Compute("Net", Norm.L2, 1.0, Radius, Correct, Eps, histogramBins: 4);

    [Fact]
    public void Compute_CountsCorrectUntiedSamplesWithRadiusAtLeastEps()
    {
        CertificationReport r = Report();
        Assert.Equal(6, r.Samples);
        Assert.Equal(5, r.Correct);
        Assert.Equal(5 / 6.0, r.CleanAccuracy, 12);
        // By hand: eps 0.1 -> {0.3, 0.6, 1.2}; 0.5 -> {0.6, 1.2}; 1.0 -> {1.2}. The wrong sample (radius 2) never counts.
        Assert.Equal(new[] { 3, 2, 1 }, r.Points.Select(p => p.Count));
        Assert.Equal(new[] { 0.5, 2 / 6.0, 1 / 6.0 }, r.Points.Select(p => p.Accuracy));
        // At eps = 0 the tie is still not certified; at exactly a radius the sample counts.
        Assert.Equal(4 / 6.0, r.CertifiedAccuracyAt(0), 12);
        Assert.Equal(2 / 6.0, r.CertifiedAccuracyAt(0.6), 12);
        Assert.Equal(0, r.CertifiedAccuracyAt(1.2000001));
    }

    [Fact]
    public void RadiusDistribution_IsOverCorrectPredictions()
    {
        RadiusDistribution d = Report().Radii;
        // Correct radii sorted: 0, 0.05, 0.3, 0.6, 1.2.
        Assert.Equal(5, d.Count);
        Assert.Equal(0, d.Min);
        Assert.Equal(1.2, d.Max);
        Assert.Equal(0.3, d.Median);
        Assert.Equal(0.05, d.P25, 12);             // position 0.25·4 = 1
        Assert.Equal(0.6 + 0.6 * 0.6, d.P90, 12);  // position 3.6: 0.6 + 0.6·(1.2 − 0.6)
        Assert.Equal(2.15 / 5, d.Mean, 12);
        // Bins of width 0.3 over [0, 1.2]: [0,.3) {0, .05}; [.3,.6) {.3}; [.6,.9) {.6}; [.9,1.2] {1.2}.
        Assert.Equal(new[] { 2, 1, 1, 1 }, d.Bins.Select(b => b.Count));
    }

    [Fact]
    public void Json_CarriesTheFigures()
    {
        using var doc = JsonDocument.Parse(CertificationReportJson.Write(Report()));
        JsonElement root = doc.RootElement;
        Assert.Equal("Net", root.GetProperty("network").GetString());
        Assert.Equal("l2", root.GetProperty("norm").GetString());
        Assert.Equal(5 / 6.0, root.GetProperty("cleanAccuracy").GetDouble(), 12);
        Assert.Equal(new[] { 3, 2, 1 }, root.GetProperty("certified").EnumerateArray().Select(e => e.GetProperty("count").GetInt32()));
        Assert.Equal(0.3, root.GetProperty("radius").GetProperty("median").GetDouble());
    }

    [Fact]
    public void Compute_RejectsNegativeRadius()
    {
        Assert.Throws<ArgumentException>(() => CertificationReport.Compute("Net", Norm.L2, 1, new[] { -1.0 }, new[] { true }, Eps));
    }
}
