namespace Lipschitz.Nn.Options;

/// <summary>The training block of a network description, typed.</summary>
/// <param name="Data">The data set's name (e.g. "fashion-mnist").</param>
/// <param name="Epochs">Number of passes over the training set.</param>
/// <param name="Batch">Mini-batch size.</param>
/// <param name="Seed">Seed of every random generator used in training.</param>
/// <param name="Optimizer">Optimizer settings.</param>
/// <param name="Objective">Loss settings.</param>
/// <param name="Schedule">Learning-rate schedule settings.</param>
/// <param name="Regularizer">The regulariser added to the loss (null: none).</param>
public sealed record TrainingOptions(string Data, int Epochs, int Batch, int Seed, OptimizerOptions Optimizer, ObjectiveOptions Objective,
    ScheduleOptions Schedule, RegularizerOptions? Regularizer = null)
{
    /// <summary>The regulariser added to the loss; <see cref="RegularizerOptions.None"/> when none was given.</summary>
    public RegularizerOptions Regularizer { get; init; } = Regularizer ?? RegularizerOptions.None;
}
