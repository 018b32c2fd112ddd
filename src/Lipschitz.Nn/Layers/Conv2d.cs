using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>An unconstrained 2-D convolution; it has no Lipschitz bound (+∞).</summary>
public sealed class Conv2d : WeightedLayer, IVerifiedBound
{
    /// <summary>Creates the layer with PyTorch's default initialisation (Kaiming-uniform kernel, uniform ±1/√fan-in bias).</summary>
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true)
        : base(nameof(Conv2d), Initial.KaimingUniform(Checked(inChannels, outChannels, kernelSize, stride, padding)), outChannels, bias)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        if (this.bias is not null) Initial.UniformBias(this.bias, inChannels * kernelSize * kernelSize);
    }

    private static long[] Checked(long inChannels, long outChannels, long kernelSize, long stride, long padding)
    {
        LayerArgs.Positive(inChannels, nameof(inChannels), nameof(Conv2d));
        LayerArgs.Positive(outChannels, nameof(outChannels), nameof(Conv2d));
        LayerArgs.Positive(kernelSize, nameof(kernelSize), nameof(Conv2d));
        LayerArgs.Positive(stride, nameof(stride), nameof(Conv2d));
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Conv2d: padding must be 0 or more");
        return new[] { outChannels, inChannels, kernelSize, kernelSize };
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>The kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>The stride.</summary>
    public long Stride { get; }

    /// <summary>The zero padding on each side.</summary>
    public long Padding { get; }

    /// <summary>+∞: the kernel is free, so no bound holds by construction.</summary>
    public override double Bound => double.PositiveInfinity;

    /// <summary>The norm of the (strided, zero-padded) convolution on inputs of <paramref name="inputShape"/> ([in, H, W]), by the DFT bound.</summary>
    public double VerifiedBound(System.Collections.Generic.IReadOnlyList<long> inputShape) =>
        Estimation.OperatorNorm.ConvUpper(weight, Stride, Padding, inputShape[1], inputShape[2]);

    /// <inheritdoc />
    public double PowerIteration(System.Collections.Generic.IReadOnlyList<long> inputShape, int iterations) =>
        Estimation.OperatorNorm.ConvPowerIteration(weight, Stride, Padding, inputShape[1], inputShape[2], iterations);

    /// <summary>The convolution of [N, in, H, W] inputs.</summary>
    public override Tensor forward(Tensor input) =>
        nn.functional.conv2d(input, weight, bias, strides: new[] { Stride, Stride }, padding: new[] { Padding, Padding });
}
