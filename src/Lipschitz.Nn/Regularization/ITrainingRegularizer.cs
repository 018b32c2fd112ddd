using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Regularization;

/// <summary>A penalty added to the training loss, with state that a checkpoint keeps so that a resumed run continues it.</summary>
public interface ITrainingRegularizer : IDisposable
{
    /// <summary>The current weight λ of the penalty.</summary>
    double Lambda { get; }

    /// <summary>The quantity the penalty controls, as of the last batch (CLIP: the estimate L̂; spectral: Σ‖W‖₂).</summary>
    double LastEstimate { get; }

    /// <summary>A scalar penalty for this batch, differentiable with respect to the model's parameters.</summary>
    Tensor Penalty(nn.Module<Tensor, Tensor> model, Tensor inputs);

    /// <summary>Called after each epoch with its training accuracy (CLIP adapts λ here).</summary>
    void EndEpoch(int epoch, double trainAccuracy);

    /// <summary>The state to save with a checkpoint, as named CPU tensors (the caller disposes them).</summary>
    List<KeyValuePair<string, Tensor>> State();

    /// <summary>Restores <see cref="State"/>; a state of another regulariser or shape is an <see cref="ArgumentException"/> naming the difference.</summary>
    void Restore(IReadOnlyList<KeyValuePair<string, Tensor>> state, Device device);
}
