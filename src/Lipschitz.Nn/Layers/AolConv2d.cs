using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A stride-1, same-padded convolution whose kernel is AOL-rescaled with the kernel's self-correlation:
/// 1-Lipschitz for any free kernel P (Prach &amp; Lampert 2022, Theorem 2).
/// </summary>
/// <remarks>
/// Side in rescales input channels with the kernel's self-correlation over output channels (as in the paper); side out
/// rescales output channels, AOL applied to the adjoint convolution. With side out, <see cref="WeightedLayer.weight"/>
/// holds the adjoint's kernel, [in, out, k, k] (P transposed in its channels and flipped in space).
/// </remarks>
public sealed class AolConv2d : AolLayer
{
    /// <summary>
    /// Creates the layer; P starts as a Dirac-like kernel whose centre tap is an orthogonal
    /// [out, in] matrix and whose other taps are zero (the identity for in = out), the bias at zero.
    /// <paramref name="side"/>: the paper's side by default; <see cref="AolSide.Auto"/> (the language's default) picks the
    /// smaller self-correlation (in on a tie).
    /// </summary>
    public AolConv2d(long inChannels, long outChannels, long kernelSize, bool bias = true, AolSide side = AolSide.In)
        : this(ResolveSide(side, inChannels, outChannels, kernelSize), inChannels, outChannels, kernelSize, bias)
    {
    }

    private AolConv2d(AolSide resolved, long inChannels, long outChannels, long kernelSize, bool bias)
        : base(nameof(AolConv2d), resolved == AolSide.In ? AolMath.ConvWeight : AolMath.ConvWeightOutSide,
            InitialKernel(resolved == AolSide.In ? outChannels : inChannels, resolved == AolSide.In ? inChannels : outChannels, kernelSize), outChannels, bias)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Side = resolved;
    }

    private static AolSide ResolveSide(AolSide side, long inChannels, long outChannels, long kernelSize)
    {
        LayerArgs.Positive(inChannels, nameof(inChannels), nameof(AolConv2d));
        LayerArgs.Positive(outChannels, nameof(outChannels), nameof(AolConv2d));
        LayerArgs.OddKernel(kernelSize, nameof(AolConv2d));
        return AolSides.Resolve(side, inChannels, outChannels);
    }

    /// <summary>A [rows, columns, k, k] kernel whose centre tap is an orthogonal [rows, columns] matrix and the rest zero.</summary>
    private static Tensor InitialKernel(long rows, long columns, long kernelSize)
    {
        using (no_grad())
        {
            Tensor w = zeros(rows, columns, kernelSize, kernelSize);
            using Tensor tap = empty(rows, columns);
            nn.init.orthogonal_(tap);
            long c = kernelSize / 2;
            using Tensor row = w.narrow(2, c, 1);
            using Tensor centre = row.narrow(3, c, 1);
            using Tensor tap4 = tap.view(rows, columns, 1, 1);
            centre.copy_(tap4);
            return w;
        }
    }

    /// <summary>The side the rescaling normalises (never <see cref="AolSide.Auto"/>: resolved at construction).</summary>
    public AolSide Side { get; }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>The (odd) kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>The norm of the convolution with the constrained kernel on inputs of <paramref name="inputShape"/> ([in, H, W]), by the DFT bound.</summary>
    public override double VerifiedBound(System.Collections.Generic.IReadOnlyList<long> inputShape)
    {
        using Tensor w = FreshWeight();
        return Estimation.OperatorNorm.ConvUpper(w, 1, KernelSize / 2, inputShape[1], inputShape[2]);
    }

    /// <inheritdoc />
    public override double PowerIteration(System.Collections.Generic.IReadOnlyList<long> inputShape, int iterations)
    {
        using Tensor w = FreshWeight();
        return Estimation.OperatorNorm.ConvPowerIteration(w, 1, KernelSize / 2, inputShape[1], inputShape[2], iterations);
    }

    /// <summary>The convolution of [N, in, H, W] inputs, giving [N, out, H, W] (stride 1, zero padding k/2, which only crops).</summary>
    private protected override Tensor Apply(Tensor input, Tensor w) => nn.functional.conv2d(input, w, bias, padding: new[] { KernelSize / 2, KernelSize / 2 });
}
