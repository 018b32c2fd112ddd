namespace Lipschitz.Nn.Options;

/// <summary>Learning-rate schedule settings of a network's training block.</summary>
/// <param name="Kind">Which schedule.</param>
/// <param name="WarmupFraction">Fraction of the steps spent warming up (one-cycle).</param>
/// <param name="FinalLearningRate">The learning rate at the last step (cosine, one-cycle).</param>
/// <remarks>The language (src/Lipschitz.Dsl/Catalogue/OptionCatalogue.cs) owns the defaults; a test checks these against it.</remarks>
public sealed record ScheduleOptions(ScheduleKind Kind, double WarmupFraction = 0.3, double FinalLearningRate = 0);
