namespace Lipschitz.Dsl.Ir;

/// <summary>Optimizers the language knows.</summary>
public enum OptimizerKind
{
    /// <summary>Adam.</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
    /// <summary>Stochastic gradient descent (optionally with momentum / Nesterov).</summary>
    Sgd,
}

/// <summary>Training objectives the language knows.</summary>
public enum ObjectiveKind
{
    /// <summary>Cross entropy, optionally label-smoothed.</summary>
    CrossEntropy,
    /// <summary>t·CE((s − u·onehot(y))/t, y).</summary>
    OffsetCrossEntropy,
}

/// <summary>Learning-rate schedules the language knows.</summary>
public enum ScheduleKind
{
    /// <summary>Constant learning rate.</summary>
    Constant,
    /// <summary>Cosine annealing to the final learning rate.</summary>
    Cosine,
    /// <summary>One-cycle: warm-up then annealing.</summary>
    OneCycle,
}

/// <summary>Norms certificates can be issued in.</summary>
public enum CertNorm
{
    /// <summary>Euclidean norm.</summary>
    L2,
    /// <summary>Maximum norm (radius derived from the L2 one, ÷√d).</summary>
    LInf,
}

/// <summary>Declared training options (mirrors Lipschitz.Nn.Options.TrainingOptions).</summary>
public sealed record TrainingSpec(string Data, int Epochs, int Batch, int Seed, OptimizerSpec Optimizer, ObjectiveSpec Objective, ScheduleSpec Schedule);

/// <summary>Declared optimizer (mirrors Lipschitz.Nn.Options.OptimizerOptions).</summary>
public sealed record OptimizerSpec(OptimizerKind Kind, double LearningRate, double Momentum = 0, bool Nesterov = false, double WeightDecay = 0, double Beta1 = 0.9, double Beta2 = 0.999);

/// <summary>Declared objective (mirrors Lipschitz.Nn.Options.ObjectiveOptions).</summary>
public sealed record ObjectiveSpec(ObjectiveKind Kind, double Offset = 0, double Temperature = 1, double LabelSmoothing = 0);

/// <summary>Declared schedule (mirrors Lipschitz.Nn.Options.ScheduleOptions).</summary>
public sealed record ScheduleSpec(ScheduleKind Kind, double WarmupFraction = 0.3, double FinalLearningRate = 0);

/// <summary>Declared certification options (mirrors Lipschitz.Nn.Options.CertificationOptions).</summary>
public sealed record CertifySpec(CertNorm Norm, EquatableArray<double> Eps)
{
    /// <summary>L2 at radii 0.1, 0.25, 0.5 and 1.0.</summary>
    public static CertifySpec Default { get; } = new(CertNorm.L2, EquatableArray.Of(0.1, 0.25, 0.5, 1.0));
}
