using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Lipschitz.Cli.Pipeline;
using Lipschitz.Cli.Rendering;
using Lipschitz.Nn;
using Lipschitz.Nn.Attacks;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Serialization;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lipschitz.Cli.Commands;

/// <summary>
/// <c>lipnet attack FILE --checkpoint PATH --attack fgsm|pgd|signed|audit</c>: attacks the test set under L2 or L∞
/// budgets (optionally confined to a mask), reports attacked accuracy beside certified accuracy at each budget, writes
/// pictures of attacked samples, and audits every certificate (a disproved certificate is exit 4).
/// </summary>
public static class AttackCommand
{
    /// <summary>Exit code when an attack disproved a certificate (a soundness violation).</summary>
    public const int CertificateViolated = 4;

    private static readonly string[] Kinds = { "fgsm", "pgd", "signed", "audit", "noise" };

    /// <summary>The command.</summary>
    public static Command Create(CliSession session)
    {
        var attack = new Option<string>("--attack") { Description = "fgsm, pgd (default), signed (targeted, needs --target), audit (every certificate) or noise (random noise of norm eps: the baseline)", HelpName = "KIND", DefaultValueFactory = _ => "pgd" };
        attack.AcceptOnlyFromAmong(Kinds);
        var norm = new Option<string?>("--norm") { Description = "the norm of the budgets (default: the description's certify.norm; signed: linf)" };
        norm.AcceptOnlyFromAmong(CatalogueValues.NormKeys.ToArray());
        var eps = new Option<string[]>("--eps")
        {
            Description = "budgets (default: the description's certify.eps; signed: none, or a cap); as in YAML: in (0, 1e6), distinct",
            HelpName = "E", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore,
        };
        eps.Validators.Add(r =>
        {
            CatalogueValues.Eps(r.Tokens.Select(t => t.Value), out string? error);
            if (error is not null) r.AddError("--eps: " + error);
        });
        var steps = CommonOptions.Positive(new Option<int>("--steps") { Description = "gradient steps (default: pgd 20, signed 200, audit 100)", HelpName = "N" });
        var restarts = CommonOptions.Positive(new Option<int>("--restarts") { Description = "attempts from random starts (default: 1; audit 3)", HelpName = "N" });
        var target = new Option<string?>("--target") { Description = "the class to push towards (index or name, e.g. 'Sneaker'): signed attack, or a targeted pgd", HelpName = "CLASS" };
        var mask = new Option<string?>("--mask") { Description = "confine the perturbation: a PNG (white = free) scaled to the input, or a rectangle x,y,w,h in pixels", HelpName = "PNG|x,y,w,h" };
        var images = new Option<int>("--images") { Description = "samples to draw in the picture (default 4; 0 for none)", HelpName = "K", DefaultValueFactory = _ => 4 };
        var outDir = new Option<string?>("--out") { Description = "write attack.json, attack.png (accuracy plot), pictures.png and, for violations, violations.pt here", HelpName = "DIR" };
        Option<string> bound = CommonOptions.Bound();
        var seed = new Option<int>("--seed") { Description = "seed of the random starts (default 0)", DefaultValueFactory = _ => 0 };
        Option<bool> force = CommonOptions.Force("replace files in --out that lipnet did not write");
        var command = new Command("attack", "Attack a trained network (FGSM, PGD, targeted signed gradient, certificate audit) and compare with its certificates.");
        var inputs = new EvaluationInputs(command, $"attack the first N test images (default {DefaultLimit})");
        foreach (Option o in new Option[] { attack, norm, eps, steps, restarts, target, mask, images, outDir, bound, seed, force }) command.Options.Add(o);
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, inputs, r, new Request(r.GetValue(attack)!,
            r.GetValue(norm), r.GetValue(eps), CommonOptions.Given(r, steps), CommonOptions.Given(r, restarts), r.GetValue(target), r.GetValue(mask),
            r.GetValue(images), r.GetValue(outDir), r.GetValue(bound)!, r.GetValue(seed), r.GetValue(force)))));
        return command;
    }

    /// <summary>Test images attacked when --limit is not given.</summary>
    public const int DefaultLimit = 1000;

    private sealed record Request(string Attack, string? Norm, string[]? Eps, int? Steps, int? Restarts, string? Target,
        string? Mask, int Images, string? Out, string Bound, int Seed, bool Force);

    private static int Run(CliSession session, EvaluationInputs inputs, ParseResult parsed, Request q)
    {
        if (q.Images < 0) throw new CliException(ExitCodes.Usage, "--images must be 0 or more");
        if (q.Attack == "signed" && q.Target is null) throw new CliException(ExitCodes.Usage, "attack: the signed attack is targeted: give --target CLASS");
        if (q.Attack is "audit" or "noise" && q.Target is not null) throw new CliException(ExitCodes.Usage, $"attack: {q.Attack} is untargeted: leave out --target");
        string? json = null, plot = null, pictures = null, violationsFile = null;
        using EvaluationRun run = inputs.Open(session, parsed, checkOutputs: files =>
        {
            if (q.Out is not { } dir) return;
            OutputPath.CheckFolder(dir, files);
            json = Path.Combine(dir, "attack.json");
            plot = Path.Combine(dir, "attack.png");
            pictures = Path.Combine(dir, "pictures.png");
            violationsFile = Path.Combine(dir, "violations.pt");
            OutputPath.CheckFile(json, files, q.Force, p => File.ReadAllText(p).Contains("\"kind\": \"lipnet attack\"", StringComparison.Ordinal));
            OutputPath.CheckFile(plot, files, q.Force, AttackPlot.IsOwnPlot);
            OutputPath.CheckFile(pictures, files, q.Force, AttackPictures.IsOwnPicture);
            OutputPath.CheckFile(violationsFile, files, q.Force, p => IsOwnViolations(p));
        });
        LipschitzModule model = run.Model;
        Certifier.RequireFiniteWeights(model);
        ImageDataset test = inputs.Limit(parsed) is null && run.Test.Count > DefaultLimit ? run.Test.Take(DefaultLimit) : run.Test;
        IReadOnlyList<string> names = ClassNames.For(Path.GetDirectoryName(Path.GetFullPath(test.Name)) ?? ".", model.Classes);
        Norm norm = q.Attack == "signed" ? Norm.LInf : q.Norm switch { null => model.Certification.Norm, "l2" => Norm.L2, _ => Norm.LInf };
        IReadOnlyList<double> budgets = q.Eps is { Length: > 0 } ? CatalogueValues.Eps(q.Eps, out _) : model.Certification.Eps;
        int? target = null;
        if (q.Target is { } t)
        {
            int k = ClassNames.Parse(t, names);
            if (k < 0 || k >= model.Classes) throw new CliException(ExitCodes.Usage, $"--target: '{t}' is not a class of this network (0 to {model.Classes - 1}{(names[0] == "class 0" ? "" : ", or " + string.Join(", ", names.Select(n => "'" + n + "'")))})");
            target = k;
        }
        Tensor? maskTensor = q.Mask is null ? null : Mask(q.Mask, test);
        BoundChoice boundChoice = CommonOptions.ParseBound(q.Bound);
        var loader = new BatchLoader(test, 250, shuffle: false, seed: 0);
        string label = TrainCommand.DataLabel(test);
        var options = new AttackOptions { Norm = norm, Mask = maskTensor, Seed = q.Seed };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (AttackReport report, IReadOnlyList<AttackExample> examples) = q.Attack switch
        {
            "signed" => AttackEvaluation.Targeted(model, loader, target!.Value, q.Eps is { Length: > 0 } ? budgets.Max() : double.PositiveInfinity,
                options with { Steps = q.Steps ?? 200, Kind = AttackKind.Signed }, q.Images, label, session.Cancel),
            "audit" => AttackEvaluation.Audit(model, loader, options with { Kind = AttackKind.Audit, Steps = q.Steps ?? 100, Restarts = q.Restarts ?? 3 },
                boundChoice, q.Images, label, cancel: session.Cancel),
            _ => AttackEvaluation.Untargeted(model, loader, budgets, options with
            {
                Kind = q.Attack switch { "fgsm" => AttackKind.Fgsm, "noise" => AttackKind.Noise, _ => AttackKind.Pgd }, Steps = q.Steps ?? 20, Restarts = q.Restarts ?? 1,
                Target = null,
            }, boundChoice, q.Images, label, session.Cancel),
        };
        if (q.Mask is not null) report = report with { Mask = q.Mask };
        if (target is int goal && q.Attack == "pgd")
            session.Error.WriteLine("note: --target with pgd is not used: pgd here is untargeted; the signed attack is the targeted one");
        double seconds = clock.Elapsed.TotalSeconds;
        Write(session, report, names, target, seconds, q.Mask);
        try
        {
            if (json is not null)
            {
                TrainCommand.WriteOutput(json, () => AtomicFile.WriteAllText(json, report.ToJson()), "");
                session.Output.WriteLine($"json: {json}");
            }
            if (plot is not null && report.Points.Count > 0)
            {
                TrainCommand.WriteOutput(plot, () => AtomicFile.WriteAllBytes(plot, AttackPlot.Png(report)), "");
                session.Output.WriteLine($"plot: {plot}");
            }
            if (pictures is not null && examples.Count > 0)
            {
                string title = q.Attack switch
                {
                    "signed" => $"{report.Network}: targeted signed-gradient attack towards '{names[target!.Value]}'{(q.Mask is null ? "" : $", inside the mask {q.Mask}")}",
                    "audit" => $"{report.Network}: audit attack just inside each certified radius",
                    _ => $"{report.Network}: {q.Attack.ToUpperInvariant()} at {norm.ToString().Replace("LInf", "L∞")} ε = {AttackReport.Format(budgets.Max())}{(q.Mask is null ? "" : $", inside the mask {q.Mask}")}",
                };
                TrainCommand.WriteOutput(pictures, () => AtomicFile.WriteAllBytes(pictures, AttackPictures.Png(examples, names, test.Height, test.Width, title, targeted: q.Attack == "signed")), "");
                session.Output.WriteLine($"pictures: {pictures}");
            }
            if (violationsFile is not null && report.Violations.Count > 0)
            {
                TrainCommand.WriteOutput(violationsFile, () => SaveViolations(violationsFile, report, test, model), "");
                session.Output.WriteLine($"violations: {violationsFile}");
            }
        }
        finally
        {
            foreach (AttackExample e in examples)
            {
                e.Original.Dispose();
                e.Adversarial.Dispose();
            }
            maskTensor?.Dispose();
        }
        if (report.Violations.Count > 0)
        {
            session.Error.WriteLine($"error: {report.Violations.Count} certificate(s) disproved: an attack changed a prediction within its certified radius (see the table{(q.Out is null ? "; --out DIR saves the inputs" : "")})");
            return CertificateViolated;
        }
        return ExitCodes.Ok;
    }

    private static Tensor Mask(string text, ImageDataset data)
    {
        try
        {
            return text.Contains(',', StringComparison.Ordinal) && !File.Exists(text)
                ? Masks.ParseRectangle(text, data.Height, data.Width)
                : Masks.FromImage(text, data.Height, data.Width);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Usage, "--mask: " + e.Message, e);
        }
        catch (FileNotFoundException e)
        {
            throw new CliException(ExitCodes.Invalid, $"{text}: error: mask image not found", e);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(ExitCodes.Invalid, "error: " + e.Message, e);
        }
    }

    private static void Write(CliSession session, AttackReport report, IReadOnlyList<string> names, int? target, double seconds, string? mask)
    {
        TextWriter output = session.Output;
        string norm = report.Norm == Norm.L2 ? "L2" : "L∞";
        string where = mask is null ? "" : $", perturbation confined to {mask}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Network}: {report.Attack.ToString().ToLowerInvariant()} attack ({norm}{where}) on {report.Data}: clean accuracy {100 * report.Clean:0.00} % ({seconds:0.0} s)"));
        if (report.BoundSource is { } source) output.WriteLine("certificate bound: " + source);
        IAnsiConsole console = Consoles.For(output, session.Interactive);
        if (report.Points.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn("eps").AddColumn(new TableColumn("attacked acc.").RightAligned())
                .AddColumn(new TableColumn("certified acc.").RightAligned()).AddColumn(new TableColumn("broken").RightAligned())
                .AddColumn(new TableColumn("mean ‖δ‖₂").RightAligned()).AddColumn("certified ≤ attacked ≤ clean");
            foreach (AttackPoint p in report.Points)
            {
                bool ok = p.Attacked <= report.Clean + 1e-12 && (p.Certified is not double c || c <= p.Attacked + 1e-12) && p.CertifiedButBroken == 0;
                table.AddRow(AttackReport.Format(p.Eps), Pct(p.Attacked), p.Certified is double cc ? Pct(cc) : "–", p.Broken.ToString(CultureInfo.InvariantCulture),
                    double.IsNaN(p.MeanL2) ? "–" : p.MeanL2.ToString("0.###", CultureInfo.InvariantCulture),
                    ok ? "holds" : $"VIOLATED ({p.CertifiedButBroken} certified samples broken)");
            }
            console.Write(table);
        }
        if (report.TargetSuccess is double success)
        {
            (double l2, double linf) = report.MeanNorms!.Value;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target '{names[target!.Value]}': reached by {100 * success:0.0} % of {report.Samples} images of other classes; mean {report.MeanSteps:0.#} steps, mean ‖δ‖₂ {l2:0.###}, ‖δ‖∞ {linf:0.###}"));
        }
        if (report.Audited is int audited)
            output.WriteLine($"audit: {audited} certificates attacked just inside their radius; {report.Violations.Count} disproved");
        foreach (Violation v in report.Violations.Take(20))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  VIOLATION sample {v.Sample}: certified radius {v.Radius:0.######}, perturbation of norm {v.PerturbationNorm:0.######} changes {names[v.Label]} into {names[v.Predicted]}"));
        if (report.Violations.Count > 20) output.WriteLine($"  ... and {report.Violations.Count - 20} more");
    }

    private static string Pct(double v) => string.Create(CultureInfo.InvariantCulture, $"{100 * v:0.00} %");

    // The inputs of disproved certificates, so that anyone can rerun the network on them: sample.K.input and the labels.
    private static void SaveViolations(string path, AttackReport report, ImageDataset data, LipschitzModule model)
    {
        var tensors = new List<KeyValuePair<string, Tensor>> { new("lipnet.violations", tensor(report.Violations.Count)) };
        try
        {
            foreach (Violation v in report.Violations)
            {
                var pixels = new float[data.ImageSize];
                for (int p = 0; p < pixels.Length; p++) pixels[p] = data.Pixels[(long)v.Sample * data.ImageSize + p] / 255f;
                tensors.Add(new($"sample.{v.Sample}.input", tensor(pixels).view(1, data.Height, data.Width)));
                tensors.Add(new($"sample.{v.Sample}.radius", tensor(v.Radius)));
            }
            TensorFile.Save(path, tensors);
        }
        finally
        {
            foreach (var (_, t) in tensors) t.Dispose();
        }
    }

    private static bool IsOwnViolations(string path)
    {
        try
        {
            var entries = TensorFile.Load(path);
            bool own = entries.Any(e => e.Key == "lipnet.violations");
            foreach (var (_, t) in entries) t.Dispose();
            return own;
        }
        catch (Exception e) when (e is TensorFileException or IOException)
        {
            return false;
        }
    }
}
