using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

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
/// distribution of radii; rendered as a text table, JSON and an SVG plot of certified accuracy against eps.
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

    /// <summary>The norm the radii are measured in.</summary>
    public Norm Norm { get; }

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
    /// correct, its radius is positive (no tie for the top logit) and at least eps.
    /// </summary>
    public static CertificationReport Compute(string network, Norm norm, double bound, ReadOnlySpan<double> radius, ReadOnlySpan<bool> correct,
        IReadOnlyList<double> eps, int histogramBins = 10)
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
        return new CertificationReport(network, norm, bound, n, sorted.Length, points, Distribution(sorted, histogramBins), certifiedSorted);
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

    private static string F(double v, string format = "0.####") => v.ToString(format, CultureInfo.InvariantCulture);

    private string NormName => Norm == Norm.L2 ? "L2" : "L∞";

    /// <summary>The report as an aligned text table, with the radius distribution below it.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Network}: certified accuracy ({NormName}, Lipschitz bound {F(Bound)}, radius = margin/(√2·L)");
        if (Norm == Norm.LInf) sb.Append("/√d");
        sb.Append(CultureInfo.InvariantCulture, $"), {Samples} test samples\n");
        sb.Append("  eps        certified   accuracy\n");
        sb.Append(CultureInfo.InvariantCulture, $"  {"clean",-9}  {Correct,9}   {100 * CleanAccuracy,7:0.00} %\n");
        foreach (CertifiedPoint p in Points)
            sb.Append(CultureInfo.InvariantCulture, $"  {F(p.Eps),-9}  {p.Count,9}   {100 * p.Accuracy,7:0.00} %\n");
        RadiusDistribution r = Radii;
        if (r.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"radius of the {r.Count} correct predictions: min {F(r.Min)}  p10 {F(r.P10)}  p25 {F(r.P25)}  median {F(r.Median)}  p75 {F(r.P75)}  p90 {F(r.P90)}  max {F(r.Max)}  mean {F(r.Mean)}\n");
            int peak = Math.Max(1, r.Bins.Max(b => b.Count));
            foreach (RadiusBin b in r.Bins)
            {
                int bar = (int)Math.Round(30.0 * b.Count / peak);
                sb.Append(CultureInfo.InvariantCulture, $"  [{F(b.Low, "0.000"),6}, {F(b.High, "0.000"),6})  {new string('#', bar),-30}  {b.Count}\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("network", Network);
            w.WriteString("norm", Norm == Norm.L2 ? "l2" : "linf");
            w.WriteNumber("bound", Bound);
            w.WriteNumber("samples", Samples);
            w.WriteNumber("correct", Correct);
            w.WriteNumber("cleanAccuracy", CleanAccuracy);
            w.WriteStartArray("certified");
            foreach (CertifiedPoint p in Points)
            {
                w.WriteStartObject();
                w.WriteNumber("eps", p.Eps);
                w.WriteNumber("count", p.Count);
                w.WriteNumber("accuracy", p.Accuracy);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            RadiusDistribution r = Radii;
            w.WriteStartObject("radius");
            w.WriteNumber("count", r.Count);
            WriteFinite(w, "min", r.Min);
            WriteFinite(w, "p10", r.P10);
            WriteFinite(w, "p25", r.P25);
            WriteFinite(w, "median", r.Median);
            WriteFinite(w, "p75", r.P75);
            WriteFinite(w, "p90", r.P90);
            WriteFinite(w, "max", r.Max);
            WriteFinite(w, "mean", r.Mean);
            w.WriteStartArray("histogram");
            foreach (RadiusBin b in r.Bins)
            {
                w.WriteStartObject();
                w.WriteNumber("low", b.Low);
                w.WriteNumber("high", b.High);
                w.WriteNumber("count", b.Count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    // JSON has no infinity: an unbounded radius (bound 0) is written as null.
    private static void WriteFinite(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>An SVG line plot of certified accuracy against eps (a step curve from the per-sample radii, dots at the requested radii).</summary>
    public string ToSvg()
    {
        const double width = 640, height = 400, left = 64, right = 24, top = 40, bottom = 56;
        double plotW = width - left - right, plotH = height - top - bottom;
        double maxEps = Points.Count == 0 ? 1.0 : Math.Max(Points.Max(p => p.Eps), 1e-9);
        double xMax = NiceCeiling(maxEps * 1.25);
        string X(double e) => F(left + plotW * Math.Min(e, xMax) / xMax, "0.##");
        string Y(double a) => F(top + plotH * (1 - a), "0.##");
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"  <text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(Network)}: certified accuracy vs {NormName} radius ({Samples} samples, clean {F(100 * CleanAccuracy, "0.00")} %)</text>\n");
        for (int k = 0; k <= 5; k++)
        {
            double a = k / 5.0;
            sb.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{left}\" y1=\"{Y(a)}\" x2=\"{width - right}\" y2=\"{Y(a)}\" stroke=\"#ddd\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"  <text x=\"{left - 8}\" y=\"{Y(a)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{F(100 * a)} %</text>\n");
        }
        for (int k = 0; k <= 5; k++)
        {
            double e = xMax * k / 5;
            sb.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{X(e)}\" y1=\"{top + plotH}\" x2=\"{X(e)}\" y2=\"{top + plotH + 5}\" stroke=\"black\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"  <text x=\"{X(e)}\" y=\"{top + plotH + 20}\" text-anchor=\"middle\">{F(e, "0.###")}</text>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{width - right}\" y2=\"{top + plotH}\" stroke=\"black\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"  <line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotH}\" stroke=\"black\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"  <text x=\"{left + plotW / 2}\" y=\"{height - 14}\" text-anchor=\"middle\">eps ({NormName} radius)</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"  <text x=\"16\" y=\"{top + plotH / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {F(top + plotH / 2, "0.##")})\">certified accuracy</text>\n");
        // The curve: certified accuracy is a non-increasing step function of eps; sample it finely.
        var path = new StringBuilder();
        const int steps = 240;
        for (int k = 0; k <= steps; k++)
        {
            double e = xMax * k / steps;
            path.Append(k == 0 ? "M" : " L").Append(X(e)).Append(',').Append(Y(CertifiedAccuracyAt(e)));
        }
        sb.Append(CultureInfo.InvariantCulture, $"  <path d=\"{path}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n");
        foreach (CertifiedPoint p in Points)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  <circle cx=\"{X(p.Eps)}\" cy=\"{Y(p.Accuracy)}\" r=\"4\" fill=\"#d62728\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"  <text x=\"{X(p.Eps)}\" y=\"{F(top + plotH * (1 - p.Accuracy) - 9, "0.##")}\" text-anchor=\"middle\" fill=\"#d62728\">{F(100 * p.Accuracy, "0.0")} %</text>\n");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static double NiceCeiling(double v)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (double m in new[] { 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
            if (m * p >= v) return m * p;
        return 10 * p;
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
