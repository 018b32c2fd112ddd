using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Lipschitz.Cli.Pipeline;
using Lipschitz.Cli.Rendering;
using Lipschitz.Nn;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Options;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet certify FILE --checkpoint PATH [--eps E...] [--norm l2|linf] [--json PATH] [--svg PATH] [--png PATH] [--limit N] [--data DIR] [--device D] [--force]</c>.</summary>
public static class CertifyCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliSession session)
    {
        var eps = new Option<string[]>("--eps")
        {
            Description = "radii to report certified accuracy at (default: the description's certify.eps); as in YAML: in (0, 1e6], distinct",
            HelpName = "E", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore,
        };
        eps.Validators.Add(r =>
        {
            CatalogueValues.Eps(r.Tokens.Select(t => t.Value), out string? error);
            if (error is not null) r.AddError("--eps: " + error);
        });
        var norm = new Option<string?>("--norm") { Description = "the norm of the radii (default: the description's certify.norm)" };
        norm.AcceptOnlyFromAmong(CatalogueValues.NormKeys.ToArray());
        var json = new Option<string?>("--json") { Description = "also write the report as JSON", HelpName = "PATH" };
        var svg = new Option<string?>("--svg") { Description = "also write the certified-accuracy plot as SVG", HelpName = "PATH" };
        var png = new Option<string?>("--png") { Description = "also write the certified-accuracy plot as PNG", HelpName = "PATH" };
        Option<bool> force = CommonOptions.Force("replace existing --json/--svg/--png files that lipnet did not write");
        Option<string> bound = CommonOptions.Bound();
        var command = new Command("certify", "Certify a checkpoint on the test set: clean accuracy, certified accuracy at each radius, radius distribution.");
        var inputs = new EvaluationInputs(command, "certify the first N test images");
        foreach (Option o in new Option[] { eps, norm, json, svg, png, force, bound }) command.Options.Add(o);
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, inputs, r,
            new Request(r.GetValue(eps), r.GetValue(norm), r.GetValue(json), r.GetValue(svg), r.GetValue(png), r.GetValue(force), CommonOptions.ParseBound(r.GetValue(bound))))));
        return command;
    }

    private sealed record Request(string[]? Eps, string? Norm, string? Json, string? Svg, string? Png, bool Force, BoundChoice Bound);

    /// <summary>
    /// Loads the checkpoint into the generated network (refusing one of another network), certifies the test set and
    /// prints clean accuracy, certified accuracy at each eps and the radius distribution; optionally as JSON, SVG and PNG.
    /// </summary>
    private static int Run(CliSession session, EvaluationInputs inputs, ParseResult parsed, Request q)
    {
        CertificationOptions? certification = null;
        // Every output is checked before any work: not a folder, not an input (the description, the checkpoint, the
        // data), not someone else's file without --force, writable.
        using EvaluationRun run = inputs.Open(session, parsed, checkOutputs: files =>
        {
            if (q.Json is not null) OutputPath.CheckFile(q.Json, files, q.Force, CertificationReportJson.IsReport);
            if (q.Svg is not null) OutputPath.CheckFile(q.Svg, files, q.Force, CertificationPlot.IsOwnPlot);
            if (q.Png is not null) OutputPath.CheckFile(q.Png, files, q.Force, CertificationPlot.IsOwnPlot);
            var outputs = new[] { q.Json, q.Svg, q.Png }.OfType<string>().Select(Path.GetFullPath).ToList();
            if (outputs.Distinct().Count() != outputs.Count) throw new CliException(ExitCodes.Usage, "certify: --json, --svg and --png name the same file");
        }, configure: model => certification = Options(q, model.Certification));
        ImageDataset test = run.Test;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        CertificationReport report = Certifier.Certify(run.Model, new BatchLoader(test, 500, shuffle: false, seed: 0), certification!, test.Name, q.Bound);
        double seconds = clock.Elapsed.TotalSeconds;
        CertificationTable.Write(Consoles.For(session.Output, session.Interactive), report);
        session.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"certified {test.Count} images in {seconds:0.00} s ({test.Count / seconds:0} images/s)"));
        string label = TrainCommand.DataLabel(test);
        if (q.Json is { } json)
        {
            TrainCommand.WriteOutput(json, () => AtomicFile.WriteAllText(json, CertificationReportJson.Write(report)), "");
            session.Output.WriteLine($"json: {json}");
        }
        if (q.Svg is { } svg)
        {
            TrainCommand.WriteOutput(svg, () => CertificationPlot.SaveSvg(report, label, svg), "");
            session.Output.WriteLine($"svg: {svg}");
        }
        if (q.Png is { } png)
        {
            TrainCommand.WriteOutput(png, () => CertificationPlot.SavePng(report, label, png), "");
            session.Output.WriteLine($"png: {png}");
        }
        return ExitCodes.Ok;
    }

    private static CertificationOptions Options(Request q, CertificationOptions declared)
    {
        Norm norm = q.Norm switch
        {
            null => declared.Norm,
            "l2" => Norm.L2,
            _ => Norm.LInf,
        };
        IReadOnlyList<double> eps = q.Eps is null or { Length: 0 } ? declared.Eps : CatalogueValues.Eps(q.Eps, out _);
        return new CertificationOptions(norm, eps);
    }
}
