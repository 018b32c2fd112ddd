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
    double EpochSeconds, double CleanAccuracy, IReadOnlyList<CertifiedAccuracy> Certified);

/// <summary>Certified accuracy at one radius.</summary>
/// <param name="Eps">The radius.</param>
/// <param name="Accuracy">Fraction of samples certified at it.</param>
public sealed record CertifiedAccuracy(double Eps, double Accuracy);
