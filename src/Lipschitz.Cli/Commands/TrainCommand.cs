using System;
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
using Lipschitz.Nn.Training;
using TorchSharp;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet train FILE.lipnet.yaml [--out DIR] [--epochs N] [--resume | --force] [--limit N] [--data DIR] [--device D]</c>.</summary>
public static class TrainCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliSession session)
    {
        Argument<string> file = CommonOptions.Description();
        var outDir = new Option<string?>("--out") { Description = "the run folder for checkpoints and reports (default runs/NAME)", HelpName = "DIR" };
        var epochs = new Option<int>("--epochs") { Description = "train this many epochs instead of the description's training.epochs", HelpName = "N" };
        epochs.Validators.Add(r =>
        {
            // The tokens, not the value: a token that is not a number is already System.CommandLine's own parse error.
            if (r.Tokens.Count == 1 && long.TryParse(r.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n)
                && CatalogueValues.CheckEpochs(n) is { } message)
                r.AddError(message);
        });
        var resume = new Option<bool>("--resume") { Description = "continue the run in --out from its last checkpoint (weights, optimizer state, history)" };
        Option<bool> force = CommonOptions.Force("start afresh in --out even though it holds a checkpoint or files this run would replace (no other file is touched)");
        Option<int> limit = CommonOptions.Limit("use the first N training and test images");
        Option<string?> data = CommonOptions.Data();
        Option<string?> device = CommonOptions.Device();
        var command = new Command("train", "Train a described network with its declared recipe; checkpoint and certify after every epoch.")
        {
            file, outDir, epochs, resume, force, limit, data, device,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(resume) && r.GetValue(force))
                r.AddError("--resume continues the checkpoint in --out and --force overwrites it; give one of them");
        });
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, new Request(r.GetValue(file)!, r.GetValue(outDir), CommonOptions.Given(r, epochs),
            r.GetValue(resume), r.GetValue(force), CommonOptions.Given(r, limit), r.GetValue(data), r.GetValue(device)))));
        return command;
    }

    private sealed record Request(string File, string? Out, int? Epochs, bool Resume, bool Force, int? Limit, string? Data, string? Device);

    /// <summary>
    /// Checks the description (stopping with its diagnostics before any data is read), the run folder and the data, then
    /// trains with the declared recipe, checkpoints after each epoch and prints the certified-accuracy table.
    /// </summary>
    private static int Run(CliSession session, Request q)
    {
        TextWriter output = session.Output;
        torch.Device device = CommonOptions.ParseDevice(q.Device);
        using NetworkPipeline net = NetworkPipeline.Read(session, q.File);
        string outDir = q.Out ?? Path.Combine("runs", net.Network.Spec.Name);
        // The folder's path is checked before the compile: a file, /proc or a read-only place is an error in milliseconds.
        OutputPath.CheckFolder(outDir, LipnetCli.Inputs(new[] { q.File }));

        TrainingOptions declared = net.DeclaredTraining();
        TrainingOptions recipe = q.Epochs is null ? declared : declared with { Epochs = q.Epochs.Value };
        // Seeded before the network is built: its initial weights come from torch's generator.
        LipschitzModule model = net.Create(device, recipe.Seed);
        // The folder's content: a checkpoint or someone else's files are refused before the data is read.
        RunFolder.Check(outDir, model, q.Resume, q.Force, recipe.Epochs);

        string dataDir = net.DataDirectory(q.Data);
        ImageDataset train = net.LoadData(dataDir, train: true, q.Limit);
        ImageDataset test = net.LoadData(dataDir, train: false, q.Limit);
        train.CheckTrainable();

        long parameters = model.parameters().Sum(p => p.numel());
        string boundText = !double.IsFinite(model.Bound) ? "Lipschitz bound computed from the weights when certifying"
            : model.ClassPairHead is null ? string.Create(CultureInfo.InvariantCulture, $"Lipschitz bound {model.Bound:0.####}")
            : string.Create(CultureInfo.InvariantCulture, $"Lipschitz bound {model.CertificateBound:0.####} before the class-pair head (certified per class pair; whole network {model.Bound:0.####})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.GetName()} ({q.File}): {parameters:N0} parameters, {boundText}, description {model.DescriptionHash[..Math.Min(12, model.DescriptionHash.Length)]}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data {dataDir}: {train.Count} training, {test.Count} test images{(q.Limit is null ? "" : $" (--limit {q.Limit})")}; " +
            $"{recipe.Epochs} epoch{(recipe.Epochs == 1 ? "" : "s")}{(q.Epochs is null ? "" : $" (--epochs; the description says {declared.Epochs})")}, batch {recipe.Batch}, seed {recipe.Seed}, " +
            $"{recipe.Optimizer.Kind.ToString().ToLowerInvariant()} lr {recipe.Optimizer.LearningRate:0.######}, {Describe(recipe.Objective)}{Describe(recipe.Regularizer)}; {DescribeDevice(device)}"));
        output.WriteLine($"kernels: {net.CheckKernels(4, recipe.Batch)}");
        output.WriteLine($"checkpoints: {Path.GetFullPath(outDir)}");

        var trainer = new Trainer(model, new TrainerOptions
        {
            Training = recipe,
            Certification = model.Certification,
            OutputDirectory = outDir,
            Resume = q.Resume,
            Overwrite = q.Force,
            Output = output,
            Interactive = session.Interactive,
            Progress = session.Interactive ? new LiveProgress(Consoles.For(output, interactive: true)) : null,
        });
        TrainingResult result = trainer.Fit(train, test, session.Cancel);
        if (result.Report is not null)
        {
            output.WriteLine();
            CertificationTable.Write(Consoles.For(output, session.Interactive), result.Report);
            string json = Path.Combine(outDir, "report.json"), svg = Path.Combine(outDir, "report.svg"), png = Path.Combine(outDir, "report.png");
            string kept = result.Checkpoint is null ? "" : $"; the checkpoint of epoch {result.Checkpoint.Epoch} is saved ({result.Checkpoint.StatePath})";
            WriteOutput(json, () => AtomicFile.WriteAllText(json, CertificationReportJson.Write(result.Report)), kept);
            string label = DataLabel(test);
            WriteOutput(svg, () => CertificationPlot.SaveSvg(result.Report, label, svg), kept);
            WriteOutput(png, () => CertificationPlot.SavePng(result.Report, label, png), kept);
            output.WriteLine($"report: {json}, {svg}, {png}");
        }
        else if (!result.Interrupted)
        {
            output.WriteLine($"nothing to do: the checkpoint already covers all {recipe.Epochs} epochs");
        }
        return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>Writes one output file; a failure is an I/O error naming it and what was kept.</summary>
    internal static void WriteOutput(string path, Action write, string kept)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoFailure, $"{path}: error: cannot write: {e.Message}{kept}", e);
        }
    }

    /// <summary>"fashion-mnist test set (10,000 images)": the data's folder and split, for plot titles.</summary>
    internal static string DataLabel(ImageDataset data)
    {
        string folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(data.Name)) ?? data.Name);
        string split = Path.GetFileName(data.Name).StartsWith("t10k", StringComparison.Ordinal) ? "test set" : "training set";
        return string.Create(CultureInfo.InvariantCulture, $"{folder} {split} ({data.Count:N0} images)");
    }

    /// <summary>"cpu, 2 threads" or "cuda:0".</summary>
    internal static string DescribeDevice(torch.Device device) =>
        device.type == DeviceType.CPU
            ? string.Create(CultureInfo.InvariantCulture, $"cpu, {torch.get_num_threads()} threads; oneDNN {Nn.Runtime.TorchRuntime.MkldnnStatus}") +
              (Nn.Runtime.TorchRuntime.EnvironmentSummary.Length > 0 ? "; " + Nn.Runtime.TorchRuntime.EnvironmentSummary : "")
            : device.ToString();

    private static string Describe(RegularizerOptions r) => r.Kind switch
    {
        RegularizerKind.Clip => string.Create(CultureInfo.InvariantCulture,
            $", CLIP (λ {r.Lambda:G4}{(r.LambdaStep > 0 ? $" ± {r.LambdaStep:G4} per epoch after {r.WarmupEpochs} toward train accuracy {r.TargetAccuracy:0.###}" : "")}, {r.Pairs} pairs, {r.AscentSteps} ascent steps)"),
        RegularizerKind.Spectral => string.Create(CultureInfo.InvariantCulture, $", spectral penalty (λ {r.Lambda:G4})"),
        _ => "",
    };

    private static string Describe(ObjectiveOptions o) => o.Kind switch
    {
        ObjectiveKind.OffsetCrossEntropy => string.Create(CultureInfo.InvariantCulture, $"offset cross-entropy (offset {o.Offset:0.###}, temperature {o.Temperature:0.###})"),
        _ => "cross-entropy",
    };
}
