namespace Lipschitz.Nn.Options;

/// <summary>Loss settings of a network's training block.</summary>
/// <param name="Kind">Which loss.</param>
/// <param name="Offset">Margin subtracted from the true-class logit (offset cross-entropy; default √2).</param>
/// <param name="Temperature">Logits are divided by it before the softmax (offset cross-entropy).</param>
/// <param name="LabelSmoothing">Label smoothing weight in [0, 1).</param>
/// <remarks>The language (src/Lipschitz.Dsl/Catalogue/OptionCatalogue.cs) owns the defaults; a test checks these against it.</remarks>
public sealed record ObjectiveOptions(ObjectiveKind Kind, double Offset = 1.4142135623730951, double Temperature = 1, double LabelSmoothing = 0);
