using System.IO;
using Lipschitz.Nn.Options;

namespace Lipschitz.Nn.Training;

/// <summary>How a <see cref="Trainer"/> runs: the recipe (from the description, possibly overridden) and where output goes.</summary>
public sealed record TrainerOptions
{
    /// <summary>The training recipe.</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>Where to certify after each epoch.</summary>
    public required CertificationOptions Certification { get; init; }

    /// <summary>The checkpoint folder, or null for no checkpoints.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Continue from the checkpoint in <see cref="OutputDirectory"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Start afresh even when <see cref="OutputDirectory"/> already holds a checkpoint (otherwise that is refused).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Samples per evaluation batch.</summary>
    public int EvalBatch { get; init; } = 500;

    /// <summary>Progress and results are written here.</summary>
    public TextWriter Output { get; init; } = TextWriter.Null;

    /// <summary>Where epoch progress goes; null for a <see cref="ProgressReporter"/> on <see cref="Output"/> (see <see cref="Interactive"/>).</summary>
    public ITrainingProgress? Progress { get; init; }

    /// <summary>Redraw one progress line in place (a terminal) instead of printing plain lines (a file or pipe).</summary>
    public bool Interactive { get; init; }
}
