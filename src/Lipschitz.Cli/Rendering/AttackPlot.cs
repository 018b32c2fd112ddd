using System;
using System.Linq;
using Lipschitz.Nn.Attacks;
using ScottPlot;

namespace Lipschitz.Cli.Rendering;

/// <summary>
/// Accuracy against the perturbation budget: clean accuracy, accuracy under the attack and certified accuracy on one
/// chart. The true robust accuracy lies between the certified (below) and the attacked (above) curves.
/// </summary>
public static class AttackPlot
{
    private const string Marker = "lipnet attack plot";

    /// <summary>The plot as PNG bytes.</summary>
    public static byte[] Png(AttackReport report)
    {
        using Plot plot = Build(report);
        return PngText.WithText(plot.GetImageBytes(900, 540, ImageFormat.Png), "Software", Marker);
    }

    /// <summary>Whether the file is a plot lipnet wrote.</summary>
    public static bool IsOwnPlot(string path) => AttackPictures.IsOwnPicture(path) || Marked(path);

    private static bool Marked(string path)
    {
        try
        {
            return System.IO.File.Exists(path) && System.IO.File.ReadAllBytes(path).AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Marker)) >= 0;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static Plot Build(AttackReport report)
    {
        var plot = new Plot();
        string norm = report.Norm == Nn.Norm.L2 ? "L2" : "L∞";
        double[] eps = report.Points.Select(p => p.Eps).ToArray();
        double xMax = eps.Length == 0 ? 1 : eps.Max() * 1.1;
        var clean = plot.Add.HorizontalLine(100 * report.Clean);
        clean.Color = Colors.Gray;
        clean.LineWidth = 1.5f;
        clean.LinePattern = LinePattern.Dashed;
        clean.LegendText = $"clean accuracy ({100 * report.Clean:0.0} %)";
        var attacked = plot.Add.Scatter(eps, report.Points.Select(p => 100 * p.Attacked).ToArray());
        attacked.Color = Colors.C3;
        attacked.LineWidth = 2;
        attacked.MarkerSize = 8;
        attacked.LegendText = $"accuracy under {report.Attack.ToString().ToUpperInvariant()} (upper estimate of robust accuracy)";
        if (report.Points.All(p => p.Certified is not null) && report.Points.Count > 0)
        {
            var certified = plot.Add.Scatter(eps, report.Points.Select(p => 100 * p.Certified!.Value).ToArray());
            certified.Color = Colors.C0;
            certified.LineWidth = 2;
            certified.MarkerSize = 8;
            certified.MarkerShape = MarkerShape.FilledSquare;
            certified.LegendText = "certified accuracy (lower bound of robust accuracy)";
        }
        plot.Title($"{report.Network}: attacked and certified accuracy on {report.Data}", 15);
        plot.XLabel($"perturbation budget ε ({norm} norm; pixel values in [0, 1])", 13);
        plot.YLabel("accuracy (%)", 13);
        plot.Axes.SetLimits(0, xMax, 0, 100);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
