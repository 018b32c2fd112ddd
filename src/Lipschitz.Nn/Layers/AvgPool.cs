using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// Average pooling over disjoint k×k windows (stride k; rows and columns past the last full window are dropped), optionally
/// scaled by k. A window's mean is the row vector (1/k²)·1ᵀ of norm √(k²)/k² = 1/k, and disjoint windows make the map
/// block diagonal with orthogonal rows, so its operator norm is exactly 1/k; scaled by k (sum / k) it is exactly 1.
/// </summary>
public sealed class AvgPool : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer with k×k windows, <paramref name="kernelSize"/> = k ≥ 1, multiplied by k when <paramref name="scaled"/>.</summary>
    public AvgPool(long kernelSize, bool scaled = false) : base(nameof(AvgPool))
    {
        LayerArgs.Positive(kernelSize, nameof(kernelSize), nameof(AvgPool));
        KernelSize = kernelSize;
        Scaled = scaled;
    }

    /// <summary>The window size k.</summary>
    public long KernelSize { get; }

    /// <summary>Whether the average is multiplied by k.</summary>
    public bool Scaled { get; }

    /// <summary>1/k, or 1 when scaled: the exact operator norm.</summary>
    public double Bound => Scaled ? 1.0 : 1.0 / KernelSize;

    /// <summary>[N, C, H, W] → [N, C, ⌊H/k⌋, ⌊W/k⌋].</summary>
    public override Tensor forward(Tensor input)
    {
        long[] s = input.shape;
        long k = KernelSize;
        if (s.Length != 4 || s[2] < k || s[3] < k)
            throw new ArgumentException($"AvgPool: expected [N, C, H, W] with H and W at least the window size {k}, got shape [{string.Join(", ", s)}]", nameof(input));
        Tensor mean = nn.functional.avg_pool2d(input, new[] { k, k }, new[] { k, k });
        if (!Scaled) return mean;
        using (mean) return mean * (double)k;
    }
}
