using System;
using System.Collections.Generic;
using System.CommandLine;
using Lipschitz.Cli.Commands;
using Lipschitz.Nn;
using Lipschitz.Nn.Data;

namespace Lipschitz.Cli.Pipeline;

/// <summary>A trained network with its weights loaded and the test data it is evaluated on.</summary>
/// <param name="Pipeline">The pipeline that made it (owns the model).</param>
/// <param name="Model">The network, on its device, in eval-ready state.</param>
/// <param name="Test">The test split (limited and checked).</param>
public sealed record EvaluationRun(NetworkPipeline Pipeline, LipschitzModule Model, ImageDataset Test) : IDisposable
{
    /// <summary>Disposes the network.</summary>
    public void Dispose() => Pipeline.Dispose();
}

/// <summary>
/// The inputs of every command that evaluates a trained network (certify; attack and estimate to come): the description,
/// <c>--checkpoint</c>, <c>--data</c>, <c>--limit</c> and <c>--device</c>, added to the command once, and opened through the
/// shared pipeline in one call. A new command adds its own options and a body:
/// <code>
/// var inputs = new EvaluationInputs(command, "attack the first N test images");
/// command.SetAction(r => LipnetCli.Guard(session, () =>
/// {
///     using EvaluationRun run = inputs.Open(session, r, checkOutputs: files => OutputPath.CheckFile(json, files));
///     ... run.Model, run.Test ...
/// }));
/// </code>
/// </summary>
public sealed class EvaluationInputs
{
    private readonly Argument<string> _description = CommonOptions.Description();
    private readonly Option<string> _checkpoint = new("--checkpoint")
    {
        Description = "a run folder, its checkpoint.json, or a .pt state dict", HelpName = "PATH", Required = true,
    };
    private readonly Option<string?> _data = CommonOptions.Data();
    private readonly Option<int> _limit;
    private readonly Option<string?> _device = CommonOptions.Device();

    /// <summary>Adds the inputs to <paramref name="command"/>; <paramref name="limitHelp"/> says what --limit limits.</summary>
    public EvaluationInputs(Command command, string limitHelp)
    {
        ArgumentNullException.ThrowIfNull(command);
        _limit = CommonOptions.Limit(limitHelp);
        command.Arguments.Add(_description);
        command.Options.Add(_checkpoint);
        command.Options.Add(_data);
        command.Options.Add(_limit);
        command.Options.Add(_device);
    }

    /// <summary>The description file given.</summary>
    public string File(ParseResult result) => result.GetValue(_description)!;

    /// <summary>The --limit given, or null when the command should use its own default.</summary>
    public int? Limit(ParseResult result) => CommonOptions.Given(result, _limit);

    /// <summary>The checkpoint path given.</summary>
    public string Checkpoint(ParseResult result) => result.GetValue(_checkpoint)!;

    /// <summary>
    /// Runs the pipeline: read and check the description, let <paramref name="checkOutputs"/> check the command's outputs
    /// against every input file (before any work), compile, create on the device, load the checkpoint, load the test data.
    /// <paramref name="configure"/> may read the created network's declared options before the weights are loaded.
    /// </summary>
    public EvaluationRun Open(CliSession session, ParseResult result, Action<IReadOnlyList<string>>? checkOutputs = null, Action<LipschitzModule>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(result);
        string file = File(result), checkpoint = Checkpoint(result);
        var device = CommonOptions.ParseDevice(result.GetValue(_device));
        NetworkPipeline net = NetworkPipeline.Read(session, file);
        try
        {
            string dataDir = net.DataDirectory(result.GetValue(_data));
            checkOutputs?.Invoke(LipnetCli.Inputs(new[] { file }, NetworkPipeline.CheckpointFiles(checkpoint), NetworkPipeline.DataFiles(dataDir)));
            LipschitzModule model = net.Create(device);
            configure?.Invoke(model);
            net.LoadCheckpoint(checkpoint);
            // Said only when it changed something: the usual outcome (float32 agrees with float64) is printed by train.
            string kernels = net.CheckKernels();
            if (kernels.StartsWith("oneDNN", StringComparison.Ordinal)) session.Output.WriteLine("kernels: " + kernels);
            ImageDataset test = net.LoadData(dataDir, train: false, CommonOptions.Given(result, _limit));
            return new EvaluationRun(net, model, test);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }
}
