using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// Global L2-norm pooling: per channel the Euclidean norm over all H·W positions, [N, C, H, W] → [N, C]. 1-Lipschitz
/// for the same reason as <see cref="L2Pool"/> (one window per channel); the gradient at an all-zero channel is 0.
/// </summary>
public sealed class GlobalL2Pool : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer.</summary>
    public GlobalL2Pool() : base(nameof(GlobalL2Pool))
    {
    }

    /// <summary>1: per channel the 1-Lipschitz Euclidean norm, channels disjoint.</summary>
    public double Bound => 1.0;

    /// <summary>[N, C, H, W] → [N, C].</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4) throw new ArgumentException($"GlobalL2Pool: expected [N, C, H, W], got shape [{string.Join(", ", input.shape)}]", nameof(input));
        return linalg.vector_norm(input, 2, new long[] { 2, 3 });
    }
}
