namespace Lipschitz.Nn.Options;

/// <summary>Regulariser settings of a network's training block.</summary>
/// <param name="Kind">Which regulariser.</param>
/// <param name="Lambda">The weight λ of the penalty (CLIP: its starting value).</param>
/// <param name="Pairs">CLIP: the number of pairs in the Lipschitz set.</param>
/// <param name="AscentSteps">CLIP: gradient-ascent steps on the pairs per training batch.</param>
/// <param name="StepSize">CLIP: the pairs' initial ascent step (input units).</param>
/// <param name="Radius">CLIP: the distance between the two points of a pair when it is created near a training input.</param>
/// <param name="Halves">CLIP: create the pairs from two halves of a batch instead of inputs and points near them.</param>
/// <param name="TargetAccuracy">CLIP: λ rises while the training accuracy of an epoch stays above this, and falls otherwise.</param>
/// <param name="WarmupEpochs">CLIP: epochs before λ starts to adapt.</param>
/// <param name="LambdaStep">CLIP: how much λ changes per epoch (never below 0).</param>
/// <remarks>The language (src/Lipschitz.Dsl/Catalogue/OptionCatalogue.cs) owns the defaults; a test checks these against it.</remarks>
public sealed record RegularizerOptions(RegularizerKind Kind, double Lambda = 0.01, int Pairs = 128, int AscentSteps = 5, double StepSize = 0.05,
    double Radius = 0.1, bool Halves = false, double TargetAccuracy = 0.9, int WarmupEpochs = 1, double LambdaStep = 0.004)
{
    /// <summary>No regulariser.</summary>
    public static RegularizerOptions None { get; } = new(RegularizerKind.None);
}
