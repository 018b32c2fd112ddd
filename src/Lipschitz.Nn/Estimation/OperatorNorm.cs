using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Estimation;

/// <summary>
/// Operator norms (L2 → L2) of the linear maps inside layers: verified upper bounds computed in float64, and power
/// iteration for comparison. Verified means: exact up to float64 rounding, with a margin that covers that rounding.
/// </summary>
public static class OperatorNorm
{
    /// <summary>
    /// Relative margin added to float64 singular values: LAPACK's SVD is backward stable, so a computed σ is within
    /// p(m, n)·u·σmax of the true one with u = 2⁻⁵³ and p a modest polynomial (≈ 10·max(m, n)); for matrices up to
    /// 10⁵ wide that is below 1.1e-10, and 1e-9 covers it.
    /// </summary>
    public const double RelativeMargin = 1e-9;

    /// <summary>An upper bound of ‖W‖₂ for a dense [out, in] weight: the largest singular value in float64, plus <see cref="RelativeMargin"/>.</summary>
    public static double DenseUpper(Tensor weight)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor w = weight.detach().to(ScalarType.Float64).cpu();
        if (w.dim() != 2) throw new ArgumentException($"a dense weight is [out, in], got [{string.Join(", ", w.shape)}]", nameof(weight));
        double sigma = linalg.svdvals(w).max().ToDouble();
        return sigma * (1 + RelativeMargin);
    }

    /// <summary>
    /// An upper bound of the norm of a 2-D convolution (cross-correlation) with kernel [out, in, kh, kw], zero padding
    /// <paramref name="padding"/> and stride <paramref name="stride"/> on <paramref name="height"/>×<paramref name="width"/> inputs.
    /// </summary>
    /// <remarks>
    /// Proof it covers zero padding: pad the input with p zeros (an isometric embedding) into an N×N torus with
    /// N = H + 2p (and W + 2p); every output of the zero-padded convolution reads positions i + j ≤ H + 2p − 1 &lt; N,
    /// so it equals the circular convolution there, and the zero-padded, strided operator is crop ∘ subsample ∘ circular
    /// ∘ embedding with the three outer maps of norm ≤ 1. The circular convolution is block-diagonalised by the 2-D
    /// DFT: its norm is the largest σmax of the [out, in] matrices of the kernel's DFT over the N×N frequency grid,
    /// computed here in float64. Margin: the relative one of the SVD plus the FFT's rounding, at most
    /// 1e-12·√(out·in)·Σ|w| (each transform entry errs by less than 5·log₂N·u·Σ|w|).
    /// </remarks>
    public static double ConvUpper(Tensor kernel, long stride, long padding, long height, long width)
    {
        if (kernel.dim() != 4) throw new ArgumentException($"a convolution kernel is [out, in, kh, kw], got [{string.Join(", ", kernel.shape)}]", nameof(kernel));
        if (stride < 1 || padding < 0 || height < 1 || width < 1) throw new ArgumentException("stride ≥ 1, padding ≥ 0 and a positive input size are required");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor k = kernel.detach().to(ScalarType.Float64).cpu();
        long nh = Math.Max(height + 2 * padding, k.size(2)), nw = Math.Max(width + 2 * padding, k.size(3));
        Tensor spectrum = fft.fft2(k, s: new[] { nh, nw }, dim: new long[] { 2, 3 });   // [out, in, nh, nw], complex
        Tensor blocks = spectrum.permute(2, 3, 0, 1).reshape(nh * nw, k.size(0), k.size(1));
        double sigma = linalg.svdvals(blocks).max().ToDouble();
        double absolute = 1e-12 * Math.Sqrt(k.size(0) * k.size(1)) * k.abs().sum().ToDouble();
        return sigma * (1 + RelativeMargin) + absolute;
    }

    /// <summary>‖W v‖ for the unit vector v that <paramref name="iterations"/> steps of power iteration on WᵀW reach: a lower estimate of ‖W‖₂.</summary>
    public static double DensePowerIteration(Tensor weight, int iterations, long seed = 0)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor w = weight.detach().to(ScalarType.Float64);
        var g = new Generator((ulong)seed, w.device);
        Tensor v = randn(new[] { w.size(1) }, dtype: ScalarType.Float64, device: w.device, generator: g);
        for (int i = 0; i < iterations; i++)
        {
            v = v / v.norm().clamp_min(1e-300);
            v = w.t().matmul(w.matmul(v));
        }
        v = v / v.norm().clamp_min(1e-300);
        return w.matmul(v).norm().ToDouble();
    }

    /// <summary>‖K v‖ after <paramref name="iterations"/> steps of power iteration on KᵀK (the convolution, then its adjoint): a lower estimate of ‖K‖.</summary>
    public static double ConvPowerIteration(Tensor kernel, long stride, long padding, long height, long width, int iterations, long seed = 0)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor k = kernel.detach().to(ScalarType.Float64);
        var g = new Generator((ulong)seed, k.device);
        long[] strides = { stride, stride }, pads = { padding, padding };
        Tensor v = randn(new[] { 1, k.size(1), height, width }, dtype: ScalarType.Float64, device: k.device, generator: g);
        for (int i = 0; i < iterations; i++)
        {
            v = v / v.norm().clamp_min(1e-300);
            Tensor y = nn.functional.conv2d(v, k, strides: strides, padding: pads);
            // The adjoint of a strided convolution is the transposed convolution, with output padding restoring the size.
            long oh = height - ((y.size(2) - 1) * stride - 2 * padding + k.size(2)), ow = width - ((y.size(3) - 1) * stride - 2 * padding + k.size(3));
            v = nn.functional.conv_transpose2d(y, k, strides: strides, padding: pads, output_padding: new[] { oh, ow });
        }
        v = v / v.norm().clamp_min(1e-300);
        return nn.functional.conv2d(v, k, strides: strides, padding: pads).norm().ToDouble();
    }
}
