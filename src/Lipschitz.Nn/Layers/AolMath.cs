using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The AOL rescaling (Prach &amp; Lampert, ECCV 2022) as pure functions of the free parameter P:
/// W = P·diag(d) with d_i = (Σ_j |PᵀP|_ij)^(-1/2), so that ‖W‖₂ ≤ 1 for any P.
/// </summary>
internal static class AolMath
{
    /// <summary>
    /// Added to every row sum before the inverse square root. A zero row sum means a zero column of P,
    /// which any finite scale leaves zero; a larger denominator only shrinks d, and shrinking the
    /// columns of an operator whose norm is at most one keeps it at most one, so the bound stays sound.
    /// </summary>
    internal const double Epsilon = 1e-12;

    /// <summary>The column scales d_i = (Σ_j |G_ij| + ε)^(-1/2) of a Gram-like matrix or correlation G, rows along dim 0.</summary>
    private static Tensor Scales(Tensor gram, long[] sumDims)
    {
        using Tensor abs = gram.abs();
        using Tensor rowSums = abs.sum(sumDims);
        using Tensor shifted = rowSums + Epsilon;
        return shifted.rsqrt();
    }

    /// <summary>The constrained weight of a dense layer: P is [out, in], the result too, with spectral norm ≤ 1.</summary>
    internal static Tensor LinearWeight(Tensor p)
    {
        using Tensor pt = p.t();
        using Tensor gram = pt.matmul(p);                     // PᵀP: [in, in]
        using Tensor d = Scales(gram, new long[] { 1 });     // [in]
        return p * d;                                         // scales column i of P by d_i
    }

    /// <summary>
    /// The constrained weight with the output side rescaled: <paramref name="q"/> is Pᵀ, [in, out]; the result is
    /// W = diag(e)·P, [out, in] (a transposed view of the AOL weight of Pᵀ), and ‖W‖₂ = ‖Wᵀ‖₂ ≤ 1.
    /// </summary>
    internal static Tensor LinearWeightOutSide(Tensor q)
    {
        using Tensor v = LinearWeight(q);                     // Pᵀ·diag(e): [in, out], e from PPᵀ [out, out]
        return v.t();
    }

    /// <summary>
    /// The constrained kernel with the output channels rescaled: <paramref name="q"/> is the adjoint's kernel,
    /// [in, out, k, k] (P transposed in its channels and flipped in space: the convolution from out to in channels that
    /// is the adjoint of P's). The AOL kernel of the adjoint, transposed and flipped back, is P with output channel i
    /// scaled by e_i from the self-correlation of P over its output channels; its convolution is the adjoint of a
    /// convolution of norm ≤ 1, so its norm is ≤ 1 too (for 'same' zero padding of an odd kernel, the adjoint of the
    /// padded convolution is the padded convolution with the flipped, channel-transposed kernel).
    /// </summary>
    internal static Tensor ConvWeightOutSide(Tensor q)
    {
        using Tensor v = ConvWeight(q);                       // [in, out, k, k]
        using Tensor t = v.transpose(0, 1);
        return t.flip(2, 3);                                  // [out, in, k, k]
    }

    /// <summary>
    /// The constrained kernel of a stride-1 convolution: P is [out, in, k, k]. The role of PᵀP is played by
    /// the self-correlation of the kernel, [in, in, 2k−1, 2k−1] (the kernel of the operator KᵀK); summing
    /// its absolute values over the second channel and both shifts gives the rescaling of input channel i,
    /// and the resulting convolution has operator norm ≤ 1 on any image size with zero padding.
    /// </summary>
    internal static Tensor ConvWeight(Tensor p)
    {
        long k = p.size(2);
        using Tensor pt = p.transpose(0, 1);                                         // [in, out, k, k]
        using Tensor corr = nn.functional.conv2d(pt, pt, padding: new[] { k - 1, k - 1 }); // [in, in, 2k−1, 2k−1]
        using Tensor d = Scales(corr, new long[] { 1, 2, 3 });                      // [in]
        using Tensor d4 = d.view(1, -1, 1, 1);
        return p * d4;                                                              // scales input channel i by d_i
    }
}
