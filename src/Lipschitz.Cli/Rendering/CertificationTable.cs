using System;
using System.Globalization;
using System.Linq;
using Lipschitz.Nn.Certification;
using Spectre.Console;

namespace Lipschitz.Cli.Rendering;

/// <summary>A certification report as tables: certified accuracy per radius, then the radius distribution.</summary>
public static class CertificationTable
{
    private static string F(double v, string format = "0.####") =>
        double.IsPositiveInfinity(v) ? "∞" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Writes the report to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, CertificationReport report)
    {
        string norm = report.Norm == Nn.Norm.L2 ? "L2" : "L∞";
        string rule = "radius = " + report.Rule + (report.Norm == Nn.Norm.LInf ? "/√d" : "");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Network}: certified accuracy ({norm}, Lipschitz bound {F(report.Bound)}, {rule}), {report.Samples} test samples{(report.Data is null ? "" : " of " + report.Data)}"));
        var table = new Table().Border(TableBorder.Simple).AddColumn("eps").AddColumn(new TableColumn("certified").RightAligned())
            .AddColumn(new TableColumn("accuracy").RightAligned());
        table.AddRow("clean", report.Correct.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{100 * report.CleanAccuracy:0.00} %"));
        foreach (CertifiedPoint p in report.Points)
            table.AddRow(F(p.Eps), p.Count.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{100 * p.Accuracy:0.00} %"));
        console.Write(table);
        if (report.BoundSource is { } source) console.WriteLine("bound: " + source);
        RadiusDistribution r = report.Radii;
        if (r.Count == 0) return;
        console.WriteLine(
            $"radius of the {r.Count} correct predictions: min {F(r.Min)}  p10 {F(r.P10)}  p25 {F(r.P25)}  median {F(r.Median)}  p75 {F(r.P75)}  p90 {F(r.P90)}  max {F(r.Max)}  mean {F(r.Mean)}");
        var histogram = new Table().Border(TableBorder.Simple).AddColumn("radius").AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        int peak = Math.Max(1, r.Bins.Max(b => b.Count));
        foreach (RadiusBin b in r.Bins)
        {
            int bar = (int)Math.Round(30.0 * b.Count / peak);
            histogram.AddRow($"[[{F(b.Low, "0.000")}, {F(b.High, "0.000")})", new string('#', bar), b.Count.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(histogram);
    }
}
