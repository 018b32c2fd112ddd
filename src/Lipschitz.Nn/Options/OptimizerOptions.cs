namespace Lipschitz.Nn.Options;

/// <summary>Optimizer settings of a network's training block.</summary>
/// <param name="Kind">Which optimizer.</param>
/// <param name="LearningRate">The (peak) learning rate.</param>
/// <param name="WeightDecay">L2 penalty (SGD, Adam) or decoupled decay (AdamW).</param>
/// <param name="Momentum">SGD momentum.</param>
/// <param name="Nesterov">SGD with Nesterov momentum.</param>
/// <param name="Beta1">Adam's first-moment decay.</param>
/// <param name="Beta2">Adam's second-moment decay.</param>
/// <remarks>The language (src/Lipschitz.Dsl/Catalogue/OptionCatalogue.cs) owns the defaults; a test checks the optional
/// parameters' defaults here against it. The learning rate and weight decay have no default: they differ by kind (AdamW
/// decays by 0.01, Adam and SGD by 0).</remarks>
public sealed record OptimizerOptions(OptimizerKind Kind, double LearningRate, double WeightDecay, double Momentum = 0, bool Nesterov = false,
    double Beta1 = 0.9, double Beta2 = 0.999);
