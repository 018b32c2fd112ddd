using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// Global average pooling scaled to norm 1: per channel Σ x / √(H·W) over all positions (= √(H·W)·mean),
/// [N, C, H, W] → [N, C]. Each channel's map is the row (1/√(H·W))·1ᵀ of norm exactly 1 and channels are disjoint, so the
/// operator norm is exactly 1 whatever the input size. (The plain mean has norm 1/√(H·W), which depends on the input size;
/// the scaling keeps the bound a constant and the layer gradient norm preserving on its row space.)
/// </summary>
public sealed class GlobalAvgPool : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer.</summary>
    public GlobalAvgPool() : base(nameof(GlobalAvgPool))
    {
    }

    /// <summary>1: per channel a unit row vector, channels disjoint.</summary>
    public double Bound => 1.0;

    /// <summary>[N, C, H, W] → [N, C].</summary>
    public override Tensor forward(Tensor input)
    {
        long[] s = input.shape;
        if (s.Length != 4) throw new ArgumentException($"GlobalAvgPool: expected [N, C, H, W], got shape [{string.Join(", ", s)}]", nameof(input));
        using Tensor sum = input.sum(new long[] { 2, 3 });
        return sum / Math.Sqrt((double)s[2] * s[3]);
    }
}
