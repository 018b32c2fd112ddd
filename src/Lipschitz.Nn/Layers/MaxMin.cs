using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The MaxMin activation (GroupSort with groups of two, Anil et al. 2019): channel i of the first half is
/// paired with channel i of the second half along dim 1, and the output is [max(a, b), min(a, b)]. It only
/// permutes each pair's values, so it is 1-Lipschitz and preserves the norm of gradients.
/// </summary>
public sealed class MaxMin : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the activation.</summary>
    public MaxMin() : base(nameof(MaxMin))
    {
    }

    /// <summary>1: each output pair is a sorted copy of an input pair.</summary>
    public double Bound => 1.0;

    /// <summary>Sorts the channel pairs of [N, C, ...] inputs (C even).</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() < 2) throw new ArgumentException($"MaxMin: expected a batch [N, C, ...], got shape [{string.Join(", ", input.shape)}]", nameof(input));
        long c = input.size(1);
        if (c % 2 != 0) throw new ArgumentException($"MaxMin: the channel count (dim 1) must be even to form pairs, got {c}", nameof(input));
        using Tensor a = input.narrow(1, 0, c / 2);
        using Tensor b = input.narrow(1, c / 2, c / 2);
        using Tensor hi = a.maximum(b);
        using Tensor lo = a.minimum(b);
        return cat(new[] { hi, lo }, 1);
    }
}
