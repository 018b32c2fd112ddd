using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lipschitz.Cli.Commands;
using Lipschitz.Cli.Compilation;
using Lipschitz.Dsl;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Nn;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Training;
using TorchSharp;

namespace Lipschitz.Cli.Pipeline;

/// <summary>
/// The one path every command takes from a description to a running network: read (bounded) → check (diagnostics) →
/// compile (the generator's exact source, in memory) → create (seeded) → move to the device → load a checkpoint →
/// load data. A command runs the stages it needs, in this order; each stage that fails throws a
/// <see cref="CliException"/> (or a library error the command line maps to an exit code) naming the file and the problem.
/// </summary>
public sealed class NetworkPipeline : IDisposable
{
    private readonly CliSession _session;
    private CompiledNetwork? _compiled;
    private LipschitzModule? _model;

    private NetworkPipeline(CliSession session, string file, CompileResult checkedResult)
    {
        _session = session;
        File = file;
        Checked = checkedResult;
    }

    /// <summary>The description file as given.</summary>
    public string File { get; }

    /// <summary>What the language reported for it.</summary>
    public CompileResult Checked { get; }

    /// <summary>The validated network (the description has no errors).</summary>
    public Dsl.Validation.ValidatedNetwork Network => Checked.Network ?? throw new InvalidOperationException("the description has errors");

    /// <summary>The network created by <see cref="Create"/>.</summary>
    public LipschitzModule Model => _model ?? throw new InvalidOperationException("Create() first");

    /// <summary>The device the model runs on.</summary>
    public torch.Device Device { get; private set; } = torch.CPU;

    /// <summary>
    /// Stage 1, read and check: reads the file (at most the language's size limit, so /dev/zero is LIP0005, not an out
    /// of memory) and checks it, writing every diagnostic to <paramref name="diagnostics"/> (default: the error stream).
    /// With errors it throws (exit 1) unless <paramref name="allowErrors"/>.
    /// </summary>
    public static NetworkPipeline Read(CliSession session, string file, TextWriter? diagnostics = null, bool allowErrors = false)
    {
        string text;
        try
        {
            text = DslLimits.ReadFile(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.Invalid, $"{file}: error: cannot read the file: not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoFailure, $"{file}: error: cannot read the file: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CliException(ExitCodes.Invalid, $"{file}: error: cannot read the file: {e.Message}", e);
        }
        CompileResult result = DslCompiler.Compile(text, file);
        TextWriter sink = diagnostics ?? session.Error;
        foreach (DslDiagnostic d in result.Diagnostics) sink.WriteLine(d.ToString());
        if (result.HasErrors && !allowErrors)
        {
            int errors = result.Diagnostics.Count(d => d.Severity == DslSeverity.Error);
            throw new CliException(ExitCodes.Invalid, $"{file}: {errors} error{(errors == 1 ? "" : "s")}; nothing was compiled, trained or read");
        }
        return new NetworkPipeline(session, file, result);
    }

    /// <summary>Stage 2, compile: the generated source compiled in memory with Roslyn against this runtime.</summary>
    public NetworkPipeline Compile()
    {
        _compiled ??= NetworkCompiler.Compile(Checked, File);
        return this;
    }

    /// <summary>The recipe declared under <c>training:</c>, read from a throw-away instance; an error (exit 1) when there is none.</summary>
    public TrainingOptions DeclaredTraining()
    {
        Compile();
        using LipschitzModule probe = CreateInstance();
        return probe.Training ?? throw new CliException(ExitCodes.Invalid, $"{File}: the description has no 'training:' block, so there is no recipe to train with");
    }

    /// <summary>Stage 3, create: a fresh network (seeded first when <paramref name="seed"/> is given) on <paramref name="device"/>.</summary>
    public LipschitzModule Create(torch.Device device, long? seed = null)
    {
        Compile();
        if (seed is { } s) torch.manual_seed(s);
        _model?.Dispose();
        _model = CreateInstance();
        _model.to(device);
        Device = device;
        return _model;
    }

    /// <summary>
    /// The network's float32 computation against float64 (<see cref="Nn.Runtime.KernelCheck.Ensure"/>): the sentence to
    /// print, after turning oneDNN off if that was needed; exit code 70 when the results cannot be trusted.
    /// </summary>
    public string CheckKernels(params int[] batches)
    {
        try
        {
            return Nn.Runtime.KernelCheck.Ensure(Model, CreateInstance, batches);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(ExitCodes.Internal, $"{File}: {e.Message}", e);
        }
    }

    private LipschitzModule CreateInstance()
    {
        try
        {
            return _compiled!.Create();
        }
        catch (System.Reflection.TargetInvocationException e)
        {
            throw new CliException(ExitCodes.Invalid, $"{File}: the generated network could not be created: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>
    /// The files a checkpoint path stands for (the manifest, its state and optimizer files), as far as they can be
    /// found; outputs are checked against them so that no command writes over its own input.
    /// </summary>
    public static IReadOnlyList<string> CheckpointFiles(string path)
    {
        var files = new List<string> { path, Checkpoint.InfoPath(path) };
        try
        {
            if (!path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase))
            {
                CheckpointInfo info = Checkpoint.ReadInfo(path);
                files.Add(info.StatePath);
                if (info.OptimizerPath is { } o) files.Add(o);
            }
        }
        catch (CheckpointException)
        {
            // Reported by LoadCheckpoint, where the error belongs.
        }
        return files;
    }

    /// <summary>
    /// Stage 4, load a checkpoint into the created network: a run folder, its checkpoint.json, or a .pt state dict (then
    /// checked against the checkpoint.json beside it, or a warning says it cannot be). Strict: every key and shape,
    /// finite values, the recorded SHA-256, the same network and description.
    /// </summary>
    public CheckpointInfo? LoadCheckpoint(string path)
    {
        LipschitzModule model = Model;
        if (path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase))
        {
            // A bare state dict says nothing about the description it was trained with; the checkpoint.json written
            // beside it does, so check against that when it is there and say so when it is not.
            string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Checkpoint.InfoFileName);
            if (System.IO.File.Exists(beside))
            {
                CheckpointInfo info = Checkpoint.ReadInfo(beside);
                Checkpoint.Verify(info, model);
                if (Path.GetFullPath(path) == info.StatePath)
                {
                    Checkpoint.LoadWeights(info, model);
                    return info;
                }
            }
            else
            {
                _session.Error.WriteLine($"warning: {path}: no {Checkpoint.InfoFileName} beside this state dict, so it cannot be verified " +
                                         $"to come from this description of '{model.GetName()}'; only the layer names and shapes are checked");
            }
            Checkpoint.LoadStateFile(path, model);
            return null;
        }
        CheckpointInfo checkpoint = Checkpoint.ReadInfo(path);
        Checkpoint.LoadWeights(checkpoint, model);
        return checkpoint;
    }

    /// <summary>The data folder: <paramref name="overrideDirectory"/> (--data) or the description's <c>training.data</c>, relative to the description.</summary>
    public string DataDirectory(string? overrideDirectory)
    {
        if (overrideDirectory is not null) return overrideDirectory;
        string data = _model?.Training?.Data ?? Network.Spec.Training?.Params.Text("data") ?? "fashion-mnist";
        return ImageDataset.ResolveDirectory(data, Path.GetDirectoryName(Path.GetFullPath(File)));
    }

    /// <summary>The files a data folder's splits are read from (for checking outputs against inputs).</summary>
    public static IReadOnlyList<string> DataFiles(string directory) =>
        new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }
            .SelectMany(f => new[] { Path.Combine(directory, f), Path.Combine(directory, f + ".gz") }).ToArray();

    /// <summary>Stage 5, data: one split (the first <paramref name="limit"/> images), checked to fit the network and to hold images.</summary>
    public ImageDataset LoadData(string directory, bool train, int? limit)
    {
        ImageDataset data = ImageDataset.LoadSplit(directory, train, classes: Model.Classes);
        if (limit is { } n) data = data.Take(n);
        Trainer.CheckFits(Model, data);
        data.CheckNotEmpty();
        return data;
    }

    /// <summary>Disposes the created network.</summary>
    public void Dispose() => _model?.Dispose();
}
