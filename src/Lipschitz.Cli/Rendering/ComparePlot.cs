using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Lipschitz.Cli.Commands;
using ScottPlot;

namespace Lipschitz.Cli.Rendering;

/// <summary>
/// <c>lipnet compare</c>'s plot: accuracy against the budget, one colour per network, one line style per measure
/// (the strongest attack solid, the weaker ones finely dashed and dotted, certified accuracy dashed with squares), every curve starting at
/// the clean accuracy at ε = 0.
/// </summary>
public static class ComparePlot
{
    private const string Marker = "lipnet compare plot";

    /// <summary>The plot as PNG bytes.</summary>
    public static byte[] Png(IReadOnlyList<CompareCommand.NetworkResults> networks, IReadOnlyList<double> budgets)
    {
        using Plot plot = Build(networks, budgets);
        return PngText.WithText(plot.GetImageBytes(1100, 640, ImageFormat.Png), "Software", Marker);
    }

    /// <summary>The plot as SVG.</summary>
    public static string Svg(IReadOnlyList<CompareCommand.NetworkResults> networks, IReadOnlyList<double> budgets)
    {
        using Plot plot = Build(networks, budgets);
        string svg = plot.GetSvgXml(1100, 640);
        int end = svg.IndexOf('>', Math.Max(0, svg.IndexOf("<svg", StringComparison.Ordinal)));
        return end < 0 ? svg : svg[..(end + 1)] + "<!-- " + Marker + " -->" + svg[(end + 1)..];
    }

    /// <summary>Whether the file is a plot this command wrote.</summary>
    public static bool IsOwnPlot(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length < (64 << 20) && File.ReadAllBytes(path).AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker)) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static readonly string[] Strength = { "audit", "pgd", "fgsm", "signed", "noise" };

    private static Plot Build(IReadOnlyList<CompareCommand.NetworkResults> networks, IReadOnlyList<double> budgets)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        string norm = networks.SelectMany(n => n.Attacks).Select(a => a.Norm).FirstOrDefault() == "linf" ? "L∞" : "L2";
        bool Shown(double eps) => budgets.Any(b => Math.Abs(b - eps) <= 1e-9 * Math.Max(1, b));
        for (int i = 0; i < networks.Count; i++)
        {
            CompareCommand.NetworkResults n = networks[i];
            Color color = palette.GetColor(i);
            var runs = n.Attacks.Where(a => !a.Attack.EndsWith(" in mask", StringComparison.Ordinal)).OrderBy(a => Array.IndexOf(Strength, a.Attack) is var k && k < 0 ? Strength.Length : k).ToList();
            for (int r = 0; r < runs.Count; r++)
            {
                CompareCommand.AttackRun run = runs[r];
                var points = run.Points.Where(p => Shown(p.Eps)).OrderBy(p => p.Eps).ToList();
                if (points.Count == 0) continue;
                double[] xs = points.Select(p => p.Eps).Prepend(0).ToArray();
                var line = plot.Add.Scatter(xs, points.Select(p => 100 * p.Attacked).Prepend(100 * run.Clean).ToArray());
                line.Color = color;
                line.LineWidth = r == 0 ? 2.5f : 1.2f;
                line.LinePattern = r == 0 ? LinePattern.Solid : r == 1 ? LinePattern.DenselyDashed : LinePattern.Dotted;
                line.MarkerSize = r == 0 ? 7 : 4;
                line.LegendText = $"{n.Network}: {Label(run.Attack)}";
                if (r == 0 && points.All(p => p.Certified is not null))
                {
                    var cert = plot.Add.Scatter(xs, points.Select(p => 100 * p.Certified!.Value).Prepend(100 * run.Clean).ToArray());
                    cert.Color = color;
                    cert.LineWidth = 2;
                    cert.LinePattern = LinePattern.Dashed;
                    cert.MarkerShape = MarkerShape.FilledSquare;
                    cert.MarkerSize = 7;
                    cert.LegendText = $"{n.Network}: certified";
                }
            }
        }
        double xMax = budgets.Count == 0 ? 1 : budgets.Max() * 1.05;
        plot.Title("accuracy under attack (solid: the strongest) and certified (dashed)", 14);
        plot.XLabel($"perturbation budget ε ({norm} norm; pixel values in [0, 1])", 13);
        plot.YLabel("accuracy (%)", 13);
        plot.Axes.SetLimits(0, xMax, 0, 100);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static string Label(string attack) => attack switch
    {
        "pgd" => "PGD",
        "fgsm" => "FGSM",
        "noise" => "random noise",
        _ => attack,
    };
}
