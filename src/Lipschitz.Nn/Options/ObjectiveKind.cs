namespace Lipschitz.Nn.Options;

/// <summary>The training loss.</summary>
public enum ObjectiveKind
{
    /// <summary>Plain cross-entropy on the logits.</summary>
    CrossEntropy,

    /// <summary>Cross-entropy on logits whose true-class entry is lowered by an offset, scaled by a temperature (margin-enforcing).</summary>
    OffsetCrossEntropy,
}
