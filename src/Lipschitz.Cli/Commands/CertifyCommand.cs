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
        Argument<string> file = CommonOptions.Description();
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "a run folder, its checkpoint.json, or a .pt state dict", HelpName = "PATH", Required = true,
        };
        var eps = new Option<string[]>("--eps")
        {
            Description = "radii to report certified accuracy at (default: the description's certify.eps); as in YAML: in (0, 1e6), distinct",
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
        Option<int> limit = CommonOptions.Limit("certify the first N test images");
        Option<string?> data = CommonOptions.Data();
        Option<string?> device = CommonOptions.Device();
        var bound = new Option<string>("--bound")
        {
            Description = "the Lipschitz bound to certify with: auto (declared, or verified from the weights for 'lipschitz: computed'), declared, computed, or tightest",
            DefaultValueFactory = _ => "auto",
        };
        bound.AcceptOnlyFromAmong("auto", "declared", "computed", "tightest");
        var command = new Command("certify", "Certify a checkpoint on the test set: clean accuracy, certified accuracy at each radius, radius distribution.")
        {
            file, checkpoint, eps, norm, json, svg, png, force, limit, data, device, bound,
        };
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, new Request(r.GetValue(file)!, r.GetValue(checkpoint)!,
            r.GetValue(eps), r.GetValue(norm), r.GetValue(json), r.GetValue(svg), r.GetValue(png), r.GetValue(force), CommonOptions.Given(r, limit), r.GetValue(data),
            r.GetValue(device), r.GetValue(bound)!))));
        return command;
    }

    private sealed record Request(string File, string Checkpoint, string[]? Eps, string? Norm, string? Json, string? Svg, string? Png, bool Force,
        int? Limit, string? Data, string? Device, string Bound);

    /// <summary>
    /// Loads the checkpoint into the generated network (refusing one of another network), certifies the test set and
    /// prints clean accuracy, certified accuracy at each eps and the radius distribution; optionally as JSON, SVG and PNG.
    /// </summary>
    private static int Run(CliSession session, Request q)
    {
        var device = CommonOptions.ParseDevice(q.Device);
        using NetworkPipeline net = NetworkPipeline.Read(session, q.File);
        string dataDir = net.DataDirectory(q.Data);
        // Every output is checked before any work: not a folder, not an input (the description, the checkpoint, the
        // data), not someone else's file without --force, writable.
        string[] inputs = LipnetCli.Inputs(new[] { q.File }, NetworkPipeline.CheckpointFiles(q.Checkpoint), NetworkPipeline.DataFiles(dataDir));
        if (q.Json is not null) OutputPath.CheckFile(q.Json, inputs, q.Force, CertificationReportJson.IsReport);
        if (q.Svg is not null) OutputPath.CheckFile(q.Svg, inputs, q.Force, CertificationPlot.IsOwnPlot);
        if (q.Png is not null) OutputPath.CheckFile(q.Png, inputs, q.Force, CertificationPlot.IsOwnPlot);
        var outputs = new[] { q.Json, q.Svg, q.Png }.OfType<string>().Select(Path.GetFullPath).ToList();
        if (outputs.Distinct().Count() != outputs.Count) throw new CliException(ExitCodes.Usage, "certify: --json, --svg and --png name the same file");

        LipschitzModule model = net.Create(device);
        CertificationOptions certification = Options(q, model.Certification);
        net.LoadCheckpoint(q.Checkpoint);
        ImageDataset test = net.LoadData(dataDir, train: false, q.Limit);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        BoundChoice choice = q.Bound switch { "declared" => BoundChoice.Declared, "computed" => BoundChoice.Computed, "tightest" => BoundChoice.Tightest, _ => BoundChoice.Auto };
        CertificationReport report = Certifier.Certify(model, new BatchLoader(test, 500, shuffle: false, seed: 0), certification, test.Name, choice);
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
