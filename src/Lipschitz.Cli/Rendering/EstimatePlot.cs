using System;
using System.IO;
using System.Linq;
using System.Text;
using Lipschitz.Nn.Estimation;
using ScottPlot;

namespace Lipschitz.Cli.Rendering;

/// <summary>
/// The bounds of <c>lipnet estimate</c> as a bar chart on a logarithmic axis: per layer the declared, verified and
/// power-iteration values, and for the network the declared and verified upper bounds beside the two lower bounds.
/// </summary>
public static class EstimatePlot
{
    private const string Marker = "lipnet estimate plot";

    /// <summary>The plot as PNG bytes.</summary>
    public static byte[] Png(LipschitzReport report)
    {
        using Plot plot = Build(report);
        byte[] png = plot.GetImageBytes(Math.Max(900, 110 * (report.Upper.Layers.Count + 2) + 260), 520, ImageFormat.Png);
        return PngText.WithText(png, "Software", Marker);
    }

    /// <summary>The plot as SVG.</summary>
    public static string Svg(LipschitzReport report)
    {
        using Plot plot = Build(report);
        string svg = plot.GetSvgXml(Math.Max(900, 110 * (report.Upper.Layers.Count + 2) + 260), 520);
        int end = svg.IndexOf('>', Math.Max(0, svg.IndexOf("<svg", StringComparison.Ordinal)));
        return end < 0 ? svg : svg[..(end + 1)] + "<!-- " + Marker + " -->" + svg[(end + 1)..];
    }

    /// <summary>Whether the file is a plot this command wrote.</summary>
    public static bool IsOwnPlot(string path) => Contains(path, Marker);

    /// <summary>Whether the file is JSON this command wrote.</summary>
    public static bool IsOwnJson(string path) => Contains(path, "\"kind\": \"lipnet estimate\"");

    private static bool Contains(string path, string text)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length < (64 << 20) && File.ReadAllBytes(path).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static Plot Build(LipschitzReport report)
    {
        var plot = new Plot();
        var layers = report.Upper.Layers;
        // Values on a log10 axis; bounds of +∞ (unconstrained layers' declared bound) are left out.
        double Log(double v) => Math.Log10(Math.Max(v, 1e-6));
        var values = layers.SelectMany(l => new[] { l.Declared, l.Verified, l.PowerIteration ?? double.NaN })
            .Concat(new[] { report.Upper.Declared, report.Upper.Verified, report.PairSearch.Value, report.Jacobian.Value })
            .Where(v => double.IsFinite(v) && v > 0).ToArray();
        // The axis starts a decade below the smallest value, so that the bars differ visibly.
        double floor = values.Length == 0 ? -1 : Math.Floor(Log(values.Min())) - 1;
        var bars = new System.Collections.Generic.List<Bar>();
        void Add(double position, double value, Color color)
        {
            if (double.IsFinite(value) && value > 0) bars.Add(new Bar { Position = position, Value = Log(value), ValueBase = floor, FillColor = color, Size = 0.25 });
        }
        for (int i = 0; i < layers.Count; i++)
        {
            Add(i - 0.28, layers[i].Declared, Colors.Gray);
            Add(i, layers[i].Verified, Colors.C0);
            if (layers[i].PowerIteration is double p) Add(i + 0.28, p, Colors.C1);
        }
        int net = layers.Count + 1;
        Add(net - 0.42, report.Upper.Declared, Colors.Gray);
        Add(net - 0.14, report.Upper.Verified, Colors.C0);
        Add(net + 0.14, report.PairSearch.Value, Colors.C2);
        Add(net + 0.42, report.Jacobian.Value, Colors.C3);
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "declared bound", FillColor = Colors.Gray });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "verified upper bound", FillColor = Colors.C0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "power iteration (estimate)", FillColor = Colors.C1 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "lower bound: pair search", FillColor = Colors.C2 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "lower bound: Jacobian norm", FillColor = Colors.C3 });
        plot.ShowLegend(Edge.Right);
        var ticks = layers.Select((l, i) => new Tick(i, l.Name)).Append(new Tick(net, "network")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        double top = bars.Count == 0 ? 1 : bars.Max(b => b.Value);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int e = (int)floor; e <= Math.Ceiling(top) + 1; e++)
        {
            left.AddMajor(e, e == 0 ? "1" : $"1e{e}");
            for (int m = 2; m < 10 && e < Math.Ceiling(top) + 1; m++) left.AddMinor(e + Math.Log10(m));
        }
        plot.Axes.Left.TickGenerator = left;
        plot.Axes.SetLimits(-0.8, net + 0.8, floor, Math.Max(Math.Ceiling(top), top + 0.3));
        plot.Title($"{report.Upper.Network}: Lipschitz bounds of the trained weights (lower bounds on {report.Data})", 14);
        plot.YLabel("Lipschitz bound, L2 → L2 (log scale)", 13);
        plot.XLabel("layer", 13);
        return plot;
    }
}
