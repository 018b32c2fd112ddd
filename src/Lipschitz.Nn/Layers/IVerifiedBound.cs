using System.Collections.Generic;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A layer whose Lipschitz constant (L2) can be bounded from its current weights: a verified upper bound (what
/// certificates may use) and a power-iteration estimate (a lower estimate, for comparison).
/// </summary>
public interface IVerifiedBound
{
    /// <summary>A verified upper bound of the layer's Lipschitz constant on inputs of <paramref name="inputShape"/> (no batch dimension).</summary>
    double VerifiedBound(IReadOnlyList<long> inputShape);

    /// <summary>Power iteration on the layer's linear part: ‖Jv‖ for the unit v reached after <paramref name="iterations"/> steps (≤ the true norm).</summary>
    double PowerIteration(IReadOnlyList<long> inputShape, int iterations);

    /// <summary>How <see cref="VerifiedBound"/> is obtained, in a few words for reports ("float64 SVD of the weight").</summary>
    string BoundMethod(IReadOnlyList<long> inputShape) =>
        inputShape.Count == 1 ? "float64 SVD of the weight" : "float64 DFT of the kernel on the zero-padded torus, SVD per frequency";
}
