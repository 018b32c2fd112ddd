using System;
using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Nn.Certification;

/// <summary>Certified accuracy at one radius: the samples predicted correctly, without a tie, with a certified radius of at least <see cref="Eps"/>.</summary>
/// <param name="Eps">The radius.</param>
/// <param name="Count">How many samples are certified at it.</param>
/// <param name="Accuracy">Count divided by the number of samples.</param>
public sealed record CertifiedPoint(double Eps, int Count, double Accuracy);

/// <summary>One bin of the radius histogram: radii in [Low, High) (the last bin includes High).</summary>
/// <param name="Low">Lower edge.</param>
/// <param name="High">Upper edge.</param>
/// <param name="Count">Number of radii in the bin.</param>
public sealed record RadiusBin(double Low, double High, int Count);

/// <summary>Quantiles and histogram of the certified radii of the correctly predicted samples.</summary>
/// <param name="Count">Number of radii (correct predictions).</param>
/// <param name="Min">Smallest radius.</param>
/// <param name="P10">10th percentile.</param>
/// <param name="P25">25th percentile.</param>
/// <param name="Median">Median.</param>
/// <param name="P75">75th percentile.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Max">Largest radius.</param>
/// <param name="Mean">Mean radius.</param>
/// <param name="Bins">Equal-width histogram from 0 to <paramref name="Max"/>.</param>
public sealed record RadiusDistribution(int Count, double Min, double P10, double P25, double Median, double P75, double P90, double Max, double Mean,
    IReadOnlyList<RadiusBin> Bins);

/// <summary>
/// The certificate of a network on a labelled set: clean accuracy, certified accuracy at each radius and the
/// distribution of radii. The statistics only: <see cref="CertificationReportJson"/> writes it as JSON, and the command
/// line renders tables and plots.
/// </summary>
public sealed class CertificationReport
{
    private readonly double[] _sortedCertifiedRadii;

    private CertificationReport(string network, Norm norm, double bound, int samples, int correct, IReadOnlyList<CertifiedPoint> points,
        RadiusDistribution radii, double[] sortedCertifiedRadii)
    {
        Network = network;
        Norm = norm;
        Bound = bound;
        Samples = samples;
        Correct = correct;
        Points = points;
        Radii = radii;
        _sortedCertifiedRadii = sortedCertifiedRadii;
    }

    /// <summary>The network's name.</summary>
    public string Network { get; }

    /// <summary>The data the network was certified on (a file or data set name), or null.</summary>
    public string? Data { get; private init; }

    /// <summary>Which bound the radii divide by and how it was obtained (e.g. "declared at compile time"), or null when not said.</summary>
    public string? BoundSource { get; private init; }

    /// <summary>The norm the radii are measured in.</summary>
    public Norm Norm { get; }

    /// <summary>The rule radii were derived by, e.g. "margin/(√2·L)" (the default) or the per-class-pair rule of a normalised head.</summary>
    public string Rule { get; private init; } = MarginRule;

    /// <summary>The margin rule's text: radius = margin/(√2·L).</summary>
    public const string MarginRule = "margin/(√2·L)";

    /// <summary>The per-class-pair rule's text (a row-normalised head; L bounds the layers before it).</summary>
    public const string ClassPairRule = "min over j≠y of (f_y − f_j)/(‖w_y − w_j‖·L)";

    /// <summary>The Lipschitz bound the radii were derived from.</summary>
    public double Bound { get; }

    /// <summary>Number of samples evaluated.</summary>
    public int Samples { get; }

    /// <summary>Number of correct predictions.</summary>
    public int Correct { get; }

    /// <summary>Fraction of correct predictions.</summary>
    public double CleanAccuracy => Samples == 0 ? 0 : (double)Correct / Samples;

    /// <summary>Certified accuracy at each requested radius, in the order requested.</summary>
    public IReadOnlyList<CertifiedPoint> Points { get; }

    /// <summary>The distribution of radii of the correct predictions.</summary>
    public RadiusDistribution Radii { get; }

    /// <summary>The positive certified radii of the correct predictions, ascending (the steps of the certified-accuracy curve).</summary>
    public IReadOnlyList<double> CertifiedRadii => _sortedCertifiedRadii;

    /// <summary>Certified accuracy at any radius, from the per-sample radii.</summary>
    public double CertifiedAccuracyAt(double eps)
    {
        if (Samples == 0) return 0;
        // Count radii r > 0 with r >= eps among the correct predictions.
        double threshold = Math.Max(eps, double.Epsilon);
        int first = LowerBound(_sortedCertifiedRadii, threshold);
        return (double)(_sortedCertifiedRadii.Length - first) / Samples;
    }

    /// <summary>
    /// Builds the report from per-sample certified radii and correctness. A sample is certified at eps when it is
    /// correct, its radius is positive (no tie for the top logit) and at least eps. <paramref name="rule"/> names how the
    /// radii were derived (<see cref="MarginRule"/> or <see cref="ClassPairRule"/>).
    /// </summary>
    public static CertificationReport Compute(string network, Norm norm, double bound, ReadOnlySpan<double> radius, ReadOnlySpan<bool> correct,
        IReadOnlyList<double> eps, int histogramBins = 10, string? data = null, string? boundSource = null, string rule = MarginRule)
    {
        if (radius.Length != correct.Length)
            throw new ArgumentException($"{radius.Length} radii for {correct.Length} samples", nameof(correct));
        if (histogramBins < 1) throw new ArgumentOutOfRangeException(nameof(histogramBins), histogramBins, "at least one bin");
        var correctRadii = new List<double>();
        for (int k = 0; k < radius.Length; k++)
        {
            if (double.IsNaN(radius[k]) || radius[k] < 0) throw new ArgumentException($"radius {radius[k]} of sample {k} is not a non-negative number", nameof(radius));
            if (correct[k]) correctRadii.Add(radius[k]);
        }
        double[] sorted = correctRadii.ToArray();
        Array.Sort(sorted);
        double[] certifiedSorted = sorted.Where(r => r > 0).ToArray();
        int n = radius.Length;
        var points = eps.Select(e =>
        {
            int count = certifiedSorted.Length - LowerBound(certifiedSorted, Math.Max(e, double.Epsilon));
            return new CertifiedPoint(e, count, n == 0 ? 0 : (double)count / n);
        }).ToArray();
        return new CertificationReport(network, norm, bound, n, sorted.Length, points, Distribution(sorted, histogramBins), certifiedSorted) { Data = data, BoundSource = boundSource, Rule = rule };
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static RadiusDistribution Distribution(double[] sorted, int bins)
    {
        if (sorted.Length == 0) return new RadiusDistribution(0, 0, 0, 0, 0, 0, 0, 0, 0, Array.Empty<RadiusBin>());
        double max = sorted[^1];
        double finiteMax = double.IsPositiveInfinity(max) ? sorted.LastOrDefault(double.IsFinite) : max;
        var hist = new RadiusBin[bins];
        double width = finiteMax > 0 ? finiteMax / bins : 1.0 / bins;
        var counts = new int[bins];
        foreach (double r in sorted)
        {
            int b = double.IsFinite(r) ? (int)Math.Floor(r / width) : bins - 1;
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        for (int b = 0; b < bins; b++) hist[b] = new RadiusBin(b * width, (b + 1) * width, counts[b]);
        double mean = sorted.Average();
        return new RadiusDistribution(sorted.Length, sorted[0], Quantile(sorted, 0.10), Quantile(sorted, 0.25), Quantile(sorted, 0.5),
            Quantile(sorted, 0.75), Quantile(sorted, 0.90), max, mean, hist);
    }

    /// <summary>Linear interpolation between closest ranks (NumPy's default).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double frac = pos - lo;
        if (frac == 0 || sorted[lo] == sorted[hi]) return sorted[lo];
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }
}
