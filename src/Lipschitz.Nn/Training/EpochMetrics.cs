using System.Collections.Generic;

namespace Lipschitz.Nn.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Loss">Mean training loss over the epoch's samples.</param>
/// <param name="TrainAccuracy">Fraction of training samples predicted correctly (during the epoch, as the weights moved).</param>
/// <param name="TrainSamplesPerSecond">Training throughput (forward, backward and optimizer step).</param>
/// <param name="EvalImagesPerSecond">Test-set evaluation throughput (forward, margins, certificates).</param>
/// <param name="EpochSeconds">Wall time of the epoch, training and evaluation.</param>
/// <param name="CleanAccuracy">Test-set accuracy.</param>
/// <param name="Certified">Test-set certified accuracy at each eps, in the order of the certification options.</param>
public sealed record EpochMetrics(int Epoch, double Loss, double TrainAccuracy, double TrainSamplesPerSecond, double EvalImagesPerSecond,
    double EpochSeconds, double CleanAccuracy, IReadOnlyList<CertifiedAccuracy> Certified)
{
    /// <summary>What the recipe's regulariser did in the epoch, or null when the recipe declares none.</summary>
    public RegularizerMetrics? Regularizer { get; init; }
}

/// <summary>What a training regulariser did in one epoch.</summary>
/// <param name="Kind">The regulariser (<c>clip</c>, <c>spectral</c>).</param>
/// <param name="Lambda">The weight λ used in the epoch.</param>
/// <param name="Penalty">The mean penalty λ·(…)² added to the loss per batch (the <see cref="EpochMetrics.Loss"/> is the objective's alone).</param>
/// <param name="Estimate">The quantity it controls after the epoch's last batch: CLIP's Lipschitz estimate L̂ (a lower bound), the spectral penalty's Σ‖W‖₂.</param>
/// <param name="NextLambda">λ for the next epoch (CLIP adapts it to the training accuracy).</param>
public sealed record RegularizerMetrics(string Kind, double Lambda, double Penalty, double Estimate, double NextLambda);

/// <summary>Certified accuracy at one radius.</summary>
/// <param name="Eps">The radius.</param>
/// <param name="Accuracy">Fraction of samples certified at it.</param>
public sealed record CertifiedAccuracy(double Eps, double Accuracy);
