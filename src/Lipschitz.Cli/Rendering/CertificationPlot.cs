using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.IO;
using ScottPlot;

namespace Lipschitz.Cli.Rendering;

/// <summary>
/// The certified-accuracy plot of a report, as a paper would print it: certified accuracy (%) against the perturbation
/// radius ε as the exact step curve of the per-sample radii, the requested radii marked and labelled, clean accuracy as
/// a dashed line, labelled axes with units, a legend, and a title naming the network and the data. PNG and SVG through
/// ScottPlot (SkiaSharp, headless).
/// </summary>
public static class CertificationPlot
{
    /// <summary>Pixel size of the figure.</summary>
    public const int Width = 900, Height = 540;

    /// <summary>Marks lipnet's plots so that a later run recognises (and may replace) its own file: an SVG comment, a PNG tEXt chunk.</summary>
    public const string Marker = "lipnet certification plot";

    /// <summary>Writes the plot as PNG to <paramref name="path"/>, atomically.</summary>
    public static void SavePng(CertificationReport report, string dataLabel, string path) => AtomicFile.WriteAllBytes(path, Png(report, dataLabel));

    /// <summary>Writes the plot as SVG to <paramref name="path"/>, atomically.</summary>
    public static void SaveSvg(CertificationReport report, string dataLabel, string path) => AtomicFile.WriteAllText(path, Svg(report, dataLabel));

    /// <summary>The plot as PNG bytes (with the <see cref="Marker"/> as its Software text).</summary>
    public static byte[] Png(CertificationReport report, string dataLabel)
    {
        using Plot plot = Build(report, dataLabel, dashes: true);
        return PngText.WithText(plot.GetImageBytes(Width, Height, ImageFormat.Png), "Software", Marker);
    }

    /// <summary>The plot as an SVG document (with the <see cref="Marker"/> as a comment).</summary>
    public static string Svg(CertificationReport report, string dataLabel)
    {
        // Skia's SVG canvas has no dash effect (it prints a complaint to standard output for each): solid there.
        using Plot plot = Build(report, dataLabel, dashes: false);
        string svg = plot.GetSvgXml(Width, Height);
        int open = svg.IndexOf("<svg", StringComparison.Ordinal);
        int end = open < 0 ? -1 : svg.IndexOf('>', open);
        return end < 0 ? svg : svg[..(end + 1)] + "<!-- " + Marker + " -->" + svg[(end + 1)..];
    }

    /// <summary>Whether <paramref name="path"/> is a plot lipnet wrote.</summary>
    public static bool IsOwnPlot(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > (64 << 20)) return false;
            byte[] bytes = File.ReadAllBytes(path);
            return bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker)) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static Plot Build(CertificationReport report, string dataLabel, bool dashes)
    {
        string norm = report.Norm == Nn.Norm.L2 ? "L2" : "L∞";
        double maxEps = report.Points.Count == 0 ? 1.0 : Math.Max(report.Points.Max(p => p.Eps), 1e-9);
        double xMax = NiceCeiling(maxEps * 1.25);
        var plot = new Plot();

        // The exact step curve: certified accuracy is (radii ≥ ε) / n, falling by 1/n at each radius.
        IReadOnlyList<double> radii = report.CertifiedRadii;
        int n = Math.Max(1, report.Samples);
        var xs = new List<double> { 0 };
        var ys = new List<double> { 100.0 * radii.Count / n };
        for (int k = 0; k < radii.Count && radii[k] <= xMax; k++)
        {
            if (k + 1 < radii.Count && radii[k + 1] == radii[k]) continue; // ties fall together
            xs.Add(radii[k]);
            ys.Add(100.0 * (radii.Count - k - 1) / n);
        }
        xs.Add(xMax);
        ys.Add(100.0 * report.CertifiedAccuracyAt(xMax));
        var curve = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        curve.ConnectStyle = ConnectStyle.StepHorizontal;
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.Color = Colors.C0;
        curve.LegendText = $"certified accuracy ({norm})";

        var clean = plot.Add.HorizontalLine(100 * report.CleanAccuracy);
        clean.LinePattern = dashes ? LinePattern.Dashed : LinePattern.Solid;
        clean.LineWidth = 1.5f;
        clean.Color = Colors.Gray;
        clean.LegendText = string.Create(CultureInfo.InvariantCulture, $"clean accuracy ({100 * report.CleanAccuracy:0.0} %)");

        if (report.Points.Count > 0)
        {
            var marks = plot.Add.Scatter(report.Points.Select(p => p.Eps).ToArray(), report.Points.Select(p => 100 * p.Accuracy).ToArray());
            marks.LineWidth = 0;
            marks.MarkerSize = 9;
            marks.MarkerShape = MarkerShape.FilledCircle;
            marks.Color = Colors.C3;
            marks.LegendText = "at the requested ε";
            foreach (CertifiedPoint p in report.Points)
            {
                var label = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{100 * p.Accuracy:0.0} %"), p.Eps, 100 * p.Accuracy);
                label.LabelFontSize = 13;
                label.LabelFontColor = Colors.C3;
                label.LabelAlignment = Alignment.LowerLeft;
                label.OffsetX = 6;
                label.OffsetY = -4;
            }
        }

        plot.Title($"{report.Network}: certified accuracy on {dataLabel}", 16);
        plot.XLabel($"perturbation radius ε ({norm} norm; pixel values in [0, 1])", 14);
        plot.YLabel("certified accuracy (%)", 14);
        plot.Axes.SetLimits(0, xMax, 0, 100);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 13;
        return plot;
    }

    private static double NiceCeiling(double v)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (double m in new[] { 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
            if (m * p >= v) return m * p;
        return 10 * p;
    }
}
