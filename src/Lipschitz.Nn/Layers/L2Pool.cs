using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// L2-norm pooling over disjoint k×k windows (stride k): each output is √(Σ x²) over its window; rows and columns past
/// the last full window are dropped, as in torch's pooling. 1-Lipschitz: per window |‖a‖ − ‖b‖| ≤ ‖a − b‖ (the reverse
/// triangle inequality), and the windows are disjoint, so the squares add up to at most ‖x − y‖². Computed with
/// <c>linalg.vector_norm</c>, whose gradient at a zero window is 0 (a subgradient) instead of NaN — the value is the exact
/// norm, with no ε inside the root that would change it.
/// </summary>
public sealed class L2Pool : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer with k×k windows, <paramref name="kernelSize"/> = k ≥ 1.</summary>
    public L2Pool(long kernelSize) : base(nameof(L2Pool))
    {
        LayerArgs.Positive(kernelSize, nameof(kernelSize), nameof(L2Pool));
        KernelSize = kernelSize;
    }

    /// <summary>The window size k.</summary>
    public long KernelSize { get; }

    /// <summary>1: disjoint windows, each mapped by the 1-Lipschitz Euclidean norm.</summary>
    public double Bound => 1.0;

    /// <summary>[N, C, H, W] → [N, C, ⌊H/k⌋, ⌊W/k⌋].</summary>
    public override Tensor forward(Tensor input)
    {
        long[] s = input.shape;
        long k = KernelSize;
        if (s.Length != 4 || s[2] < k || s[3] < k)
            throw new ArgumentException($"L2Pool: expected [N, C, H, W] with H and W at least the window size {k}, got shape [{string.Join(", ", s)}]", nameof(input));
        long h = s[2] / k, w = s[3] / k;
        using Tensor rows = input.narrow(2, 0, h * k);
        using Tensor crop = rows.narrow(3, 0, w * k);
        using Tensor windows = crop.reshape(s[0], s[1], h, k, w, k);
        return linalg.vector_norm(windows, 2, new long[] { 3, 5 });
    }
}
