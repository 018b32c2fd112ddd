using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A spectrally normalised 2-D convolution (Miyato et al. 2018 for convolutions): 'same' zero padding (k/2), odd
/// kernel, optional stride s, weight P/σ. While training σ is a power-iteration estimate of the stride-1 ‖conv_P‖ (one
/// step per call on a persistent vector, differentiable in P); in eval mode σ is the verified DFT bound of the stride-1
/// ‖conv_P‖ for the input's size, so the eval-mode layer is 1-Lipschitz by construction.
/// </summary>
/// <remarks>
/// A strided convolution is the stride-1 one followed by subsampling, a coordinate projection of norm ≤ 1, so dividing by
/// the stride-1 norm bounds it too (sound, but below 1 for kernels whose energy the subsampling drops); training and eval
/// divide by the same quantity.
/// </remarks>
public sealed class SpectralConv2d : WeightedLayer, IVerifiedBound
{
    private readonly ConvNormTracker _norm = new();

    /// <summary>Creates the layer: a Kaiming-uniform kernel and a uniform bias (±1/√(in·k²)), as an unconstrained convolution.</summary>
    public SpectralConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, bool bias = true)
        : base(nameof(SpectralConv2d), Initial.KaimingUniform(Checked(inChannels, outChannels, kernelSize, stride)), outChannels, bias)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        if (this.bias is not null) Initial.UniformBias(this.bias, inChannels * kernelSize * kernelSize);
    }

    private static long[] Checked(long inChannels, long outChannels, long kernelSize, long stride)
    {
        LayerArgs.Positive(stride, nameof(stride), nameof(SpectralConv2d));
        LayerArgs.Positive(inChannels, nameof(inChannels), nameof(SpectralConv2d));
        LayerArgs.Positive(outChannels, nameof(outChannels), nameof(SpectralConv2d));
        LayerArgs.OddKernel(kernelSize, nameof(SpectralConv2d));
        return new[] { outChannels, inChannels, kernelSize, kernelSize };
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>The (odd) kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>The stride (1: the output keeps the size).</summary>
    public long Stride { get; }

    /// <summary>How many times the eval-mode verified norm was computed (for tests of the cache).</summary>
    internal int VerifiedComputations => _norm.VerifiedComputations;

    /// <summary>1 in eval mode: the kernel is divided by a verified upper bound of its convolution's norm.</summary>
    public override double Bound => 1.0;

    /// <summary>The verified bound σ ≥ ‖conv_P‖ the eval-mode layer divides by, for height×width inputs.</summary>
    public double VerifiedKernelNorm(long height, long width) => _norm.Verified(weight, height, width);

    /// <summary>conv(x, P/σ) + b on [N, in, H, W] inputs, giving [N, out, (H − 1)/s + 1, (W − 1)/s + 1].</summary>
    public override Tensor forward(Tensor input)
    {
        long[] pad = { KernelSize / 2, KernelSize / 2 }, strides = { Stride, Stride };
        long h = input.size(2), w = input.size(3);
        if (training)
        {
            using Tensor sigma = _norm.Estimate(weight, h, w);
            using Tensor normalised = weight / sigma;
            return nn.functional.conv2d(input, normalised, bias, strides: strides, padding: pad);
        }
        double bound = _norm.Verified(weight, h, w);
        using Tensor scaled = weight / bound;
        return nn.functional.conv2d(input, scaled, bias, strides: strides, padding: pad);
    }

    /// <summary>The norm of the eval-mode (strided) convolution (P divided by its verified bound) on inputs of <paramref name="inputShape"/>, by the DFT bound: ≤ 1.</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape)
    {
        double sigma = VerifiedKernelNorm(inputShape[1], inputShape[2]);
        using var noGrad = no_grad();
        using Tensor scaled = weight / sigma;
        return Estimation.OperatorNorm.ConvUpper(scaled, Stride, KernelSize / 2, inputShape[1], inputShape[2]);
    }

    /// <inheritdoc />
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        double sigma = VerifiedKernelNorm(inputShape[1], inputShape[2]);
        using var noGrad = no_grad();
        using Tensor scaled = weight / sigma;
        return Estimation.OperatorNorm.ConvPowerIteration(scaled, Stride, KernelSize / 2, inputShape[1], inputShape[2], iterations);
    }

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _norm?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _norm.Dispose();
        base.Dispose(disposing);
    }
}
