namespace Lipschitz.Nn.Options;

/// <summary>The learning-rate schedule.</summary>
public enum ScheduleKind
{
    /// <summary>The learning rate stays fixed.</summary>
    Constant,

    /// <summary>Cosine annealing from the learning rate to the final one.</summary>
    Cosine,

    /// <summary>One-cycle: warm-up to the peak, then annealing to the final rate.</summary>
    OneCycle,
}
