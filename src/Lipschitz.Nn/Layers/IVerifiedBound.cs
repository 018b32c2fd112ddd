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
}
