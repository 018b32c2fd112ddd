using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using Lipschitz.Cli.Pipeline;
using Lipschitz.Cli.Rendering;
using Lipschitz.Nn;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Estimation;
using Lipschitz.Nn.IO;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lipschitz.Cli.Commands;

/// <summary>
/// <c>lipnet estimate FILE --checkpoint PATH</c>: the trained network's Lipschitz constant bracketed — verified upper
/// bounds per layer and composed, beside the declared bound and power iteration, and lower bounds found on test
/// images by pair search and Jacobian power iteration.
/// </summary>
public static class EstimateCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliSession session)
    {
        var steps = CommonOptions.Positive(new Option<int>("--steps") { Description = "ascent steps of the pair search and power-iteration steps of the Jacobian (default 50)", HelpName = "N" });
        var json = new Option<string?>("--json") { Description = "also write the figures as JSON", HelpName = "PATH" };
        var png = new Option<string?>("--png") { Description = "also write the bounds as a plot (PNG)", HelpName = "PATH" };
        var svg = new Option<string?>("--svg") { Description = "also write the bounds as a plot (SVG)", HelpName = "PATH" };
        Option<bool> force = CommonOptions.Force("replace existing --json/--png/--svg files that lipnet did not write");
        var command = new Command("estimate", "Bracket the Lipschitz constant of trained weights: verified upper bounds (per layer and composed) and lower bounds found on data.");
        var inputs = new EvaluationInputs(command, $"search the lower bounds from the first N test images (default {DefaultLimit})");
        foreach (Option o in new Option[] { steps, json, png, svg, force }) command.Options.Add(o);
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, inputs, r, CommonOptions.Given(r, steps) ?? 50, r.GetValue(json), r.GetValue(png),
            r.GetValue(svg), r.GetValue(force))));
        return command;
    }

    /// <summary>Test images the lower bounds start from when --limit is not given.</summary>
    public const int DefaultLimit = 256;

    private static int Run(CliSession session, EvaluationInputs inputs, ParseResult parsed, int steps, string? json, string? png, string? svg, bool force)
    {
        using EvaluationRun run = inputs.Open(session, parsed, checkOutputs: files =>
        {
            if (json is not null) OutputPath.CheckFile(json, files, force, EstimatePlot.IsOwnJson);
            if (png is not null) OutputPath.CheckFile(png, files, force, EstimatePlot.IsOwnPlot);
            if (svg is not null) OutputPath.CheckFile(svg, files, force, EstimatePlot.IsOwnPlot);
        });
        LipschitzModule model = run.Model;
        Device device = run.Pipeline.Device;
        Nn.Certification.Certifier.RequireFiniteWeights(model);
        ImageDataset test = inputs.Limit(parsed) is null && run.Test.Count > DefaultLimit ? run.Test.Take(DefaultLimit) : run.Test;
        var loader = new BatchLoader(test, test.Count, shuffle: false, seed: 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        UpperBound upper = UpperBound.Of(model);
        LowerBound pairs, jacobian;
        using (Batch batch = loader.Batches(0).First())
        {
            using Tensor images = batch.Images.to(device);
            using Tensor x = model.InputShape.Count == 1 ? images.view(batch.Count, -1) : images.alias();
            pairs = LowerBound.PairSearch(model, x, steps);
            jacobian = LowerBound.Jacobian(model, x, steps);
        }
        var report = new LipschitzReport(upper, pairs, jacobian, TrainCommand.DataLabel(test));
        Write(session, report, clock.Elapsed.TotalSeconds);
        if (json is not null)
        {
            TrainCommand.WriteOutput(json, () => AtomicFile.WriteAllText(json, report.ToJson()), "");
            session.Output.WriteLine($"json: {json}");
        }
        if (png is not null)
        {
            TrainCommand.WriteOutput(png, () => AtomicFile.WriteAllBytes(png, EstimatePlot.Png(report)), "");
            session.Output.WriteLine($"png: {png}");
        }
        if (svg is not null)
        {
            TrainCommand.WriteOutput(svg, () => AtomicFile.WriteAllText(svg, EstimatePlot.Svg(report)), "");
            session.Output.WriteLine($"svg: {svg}");
        }
        return ExitCodes.Ok;
    }

    private static void Write(CliSession session, LipschitzReport report, double seconds)
    {
        var output = session.Output;
        UpperBound u = report.Upper;
        output.WriteLine($"{u.Network}: Lipschitz constant of the trained weights (L2 → L2)");
        var table = new Table().Border(TableBorder.Simple).AddColumn("layer").AddColumn("kind")
            .AddColumn(new TableColumn("declared").RightAligned()).AddColumn(new TableColumn("verified").RightAligned())
            .AddColumn(new TableColumn("power iteration").RightAligned()).AddColumn("how the verified bound is obtained");
        foreach (LayerEstimate l in u.Layers)
            table.AddRow(new[] { l.Name, l.Kind, LipschitzReport.Format(l.Declared), LipschitzReport.Format(l.Verified),
                l.PowerIteration is double p ? LipschitzReport.Format(p) : "–", l.Method }.Select(c => new Text(c)).ToArray());
        Consoles.For(output, session.Interactive).Write(table);
        string F(double v) => LipschitzReport.Format(v);
        output.WriteLine($"upper bound, declared:             {F(u.Declared)}{(double.IsPositiveInfinity(u.Declared) ? " (lipschitz: computed)" : "")}");
        output.WriteLine($"upper bound, verified from weights: {F(u.Verified)} (product of the layers' verified bounds)");
        output.WriteLine($"power iteration, product:           {F(u.PowerIteration)} (an estimate, not a bound)");
        output.WriteLine($"lower bound, pair search:           {F(report.PairSearch.Value)} ({report.PairSearch.Method}, best from image {report.PairSearch.Sample})");
        output.WriteLine($"lower bound, Jacobian norm:         {F(report.Jacobian.Value)} ({report.Jacobian.Method}, at image {report.Jacobian.Sample})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bracket: {F(report.Lower)} ≤ L ≤ {F(Math.Min(u.Declared, u.Verified))}; verified upper / lower = {report.Gap:0.##} (on {report.Data}; {seconds:0.0} s)"));
    }
}
