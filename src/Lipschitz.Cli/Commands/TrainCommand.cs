using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Lipschitz.Cli.Compilation;
using Lipschitz.Nn;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Training;
using TorchSharp;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet train FILE.lipnet.yaml [--out DIR] [--epochs N] [--resume | --force] [--limit N] [--data DIR] [--device D]</c>.</summary>
public static class TrainCommand
{
    /// <summary>The usage line.</summary>
    public const string Usage = "lipnet train FILE.lipnet.yaml [--out DIR] [--epochs N] [--resume | --force] [--limit N] [--data DIR] [--device cpu|cuda[:N]]";

    /// <summary>
    /// Compiles the description (stopping with its diagnostics, before any data is read, when it has errors), trains
    /// the generated network with its declared recipe, checkpoints after each epoch into --out (default runs/NAME),
    /// and prints the certified-accuracy table. Exit codes: 0 done, 1 description or data error, 2 usage, 130 interrupted.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel, bool interactive = false)
    {
        CommandLine cl;
        string file;
        int? epochs, limit;
        torch.Device device;
        try
        {
            cl = new CommandLine("train", args, new[] { "--resume", "--force" }, new[] { "--out", "--epochs", "--limit", "--data", "--device" });
            device = ParseDevice(cl);
            file = cl.SingleFile();
            epochs = cl.PositiveInt("--epochs");
            limit = cl.PositiveInt("--limit");
            if (cl.Has("--resume") && cl.Has("--force"))
                throw new UsageException("--resume continues the checkpoint in --out and --force overwrites it; give one of them");
        }
        catch (UsageException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine("usage: " + Usage);
            return 2;
        }

        CompiledNetwork? compiled = NetworkLoader.Load(file, error);
        if (compiled is null) return 1;
        // The recipe is a property of the generated class; read it from a throw-away instance.
        TrainingOptions? declared;
        try
        {
            using LipschitzModule probe = compiled.Create();
            declared = probe.Training;
        }
        catch (Exception e) when (e is System.Reflection.TargetInvocationException)
        {
            error.WriteLine($"{file}: the generated network could not be created: {e.InnerException?.Message ?? e.Message}");
            return 1;
        }
        if (declared is null)
        {
            error.WriteLine($"{file}: the description has no 'training:' block, so there is no recipe to train with");
            return 1;
        }
        TrainingOptions recipe = epochs is null ? declared : declared with { Epochs = epochs.Value };

        // Seed before the network is built: its initial weights come from torch's generator.
        torch.manual_seed(recipe.Seed);
        using LipschitzModule model = compiled.Create();
        model.to(device);
        string outDir = cl.Value("--out") ?? Path.Combine("runs", model.GetName());
        string dataDir = cl.Value("--data") ?? ImageDataset.ResolveDirectory(recipe.Data, Path.GetDirectoryName(Path.GetFullPath(file)));

        ImageDataset train, test;
        try
        {
            train = ImageDataset.LoadSplit(dataDir, train: true, classes: model.Classes);
            test = ImageDataset.LoadSplit(dataDir, train: false, classes: model.Classes);
            if (limit is not null)
            {
                train = train.Take(limit.Value);
                test = test.Take(limit.Value);
            }
            Trainer.CheckFits(model, train);
        }
        catch (DataFormatException e)
        {
            error.WriteLine($"{e.FilePath}: error: {e.Problem}");
            return 1;
        }

        long parameters = model.parameters().Sum(p => p.numel());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.GetName()} ({file}): {parameters:N0} parameters, Lipschitz bound {model.Bound:0.####}, description {model.DescriptionHash[..12]}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data {dataDir}: {train.Count} training, {test.Count} test images{(limit is null ? "" : $" (--limit {limit})")}; " +
            $"{recipe.Epochs} epoch{(recipe.Epochs == 1 ? "" : "s")}{(epochs is null ? "" : $" (--epochs; the description says {declared.Epochs})")}, batch {recipe.Batch}, seed {recipe.Seed}, " +
            $"{recipe.Optimizer.Kind.ToString().ToLowerInvariant()} lr {recipe.Optimizer.LearningRate:0.######}, {Describe(recipe.Objective)}; {DescribeDevice(device)}"));
        output.WriteLine($"checkpoints: {Path.GetFullPath(outDir)}");

        var trainer = new Trainer(model, new TrainerOptions
        {
            Training = recipe,
            Certification = model.Certification,
            OutputDirectory = outDir,
            Resume = cl.Has("--resume"),
            Overwrite = cl.Has("--force"),
            Output = output,
            Interactive = interactive,
        });
        TrainingResult result;
        try
        {
            result = trainer.Fit(train, test, cancel);
        }
        catch (CheckpointException e)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (TrainingDivergedException e)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
        if (result.Report is not null)
        {
            output.WriteLine();
            output.Write(result.Report.ToTable());
            AtomicFile.WriteAllText(Path.Combine(outDir, "report.json"), result.Report.ToJson());
            AtomicFile.WriteAllText(Path.Combine(outDir, "report.svg"), result.Report.ToSvg());
            output.WriteLine($"report: {Path.Combine(outDir, "report.json")}, {Path.Combine(outDir, "report.svg")}");
        }
        else if (!result.Interrupted)
        {
            output.WriteLine($"nothing to do: the checkpoint already covers all {recipe.Epochs} epochs");
        }
        return result.Interrupted ? 130 : 0;
    }

    /// <summary>The --device option (default cpu); a bad name or an unavailable device is a usage error.</summary>
    internal static torch.Device ParseDevice(CommandLine cl)
    {
        string? name = cl.Value("--device");
        if (name is null) return torch.CPU;
        try
        {
            return Lipschitz.Nn.Runtime.Devices.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--device: " + e.Message);
        }
    }

    /// <summary>"cpu, 2 threads" or "cuda:0".</summary>
    internal static string DescribeDevice(torch.Device device) =>
        device.type == DeviceType.CPU ? string.Create(CultureInfo.InvariantCulture, $"cpu, {torch.get_num_threads()} threads") : device.ToString();

    private static string Describe(ObjectiveOptions o) => o.Kind switch
    {
        ObjectiveKind.OffsetCrossEntropy => string.Create(CultureInfo.InvariantCulture, $"offset cross-entropy (offset {o.Offset:0.###}, temperature {o.Temperature:0.###})"),
        _ => "cross-entropy",
    };
}
