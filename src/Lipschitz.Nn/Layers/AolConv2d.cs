using System;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A stride-1, same-padded convolution whose kernel is AOL-rescaled with the kernel's self-correlation:
/// 1-Lipschitz for any free kernel P (Prach &amp; Lampert 2022, Theorem 2).
/// </summary>
public sealed class AolConv2d : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    private readonly ConstrainedWeight _constrained = new(AolMath.ConvWeight);

    /// <summary>
    /// Creates the layer; P starts as a Dirac-like kernel whose centre tap is an orthogonal
    /// [out, in] matrix and whose other taps are zero (the identity for in = out), the bias at zero.
    /// </summary>
    public AolConv2d(long inChannels, long outChannels, long kernelSize, bool bias = true) : base(nameof(AolConv2d))
    {
        LayerArgs.Positive(inChannels, nameof(inChannels), nameof(AolConv2d));
        LayerArgs.Positive(outChannels, nameof(outChannels), nameof(AolConv2d));
        LayerArgs.OddKernel(kernelSize, nameof(AolConv2d));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        using (no_grad())
        {
            using Tensor w = zeros(new[] { outChannels, inChannels, kernelSize, kernelSize });
            using Tensor tap = empty(new[] { outChannels, inChannels });
            nn.init.orthogonal_(tap);
            long c = kernelSize / 2;
            using Tensor row = w.narrow(2, c, 1);
            using Tensor centre = row.narrow(3, c, 1);
            using Tensor tap4 = tap.view(outChannels, inChannels, 1, 1);
            centre.copy_(tap4);
            weight = new nn.Parameter(w);
            register_parameter("weight", weight);
            if (bias)
            {
                using Tensor b = zeros(new[] { outChannels });
                this.bias = new nn.Parameter(b);
                register_parameter("bias", this.bias);
            }
        }
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>The (odd) kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>The free kernel P, [out, in, k, k].</summary>
    public nn.Parameter weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public nn.Parameter? bias { get; }

    /// <summary>1: the rescaled convolution has operator norm ≤ 1 (zero padding only crops, which cannot raise it).</summary>
    public double Bound => 1.0;

    /// <summary>The constrained kernel W, [out, in, k, k], as a new tensor (with autograd in training mode).</summary>
    public Tensor ConstrainedWeight() => _constrained.Get(weight, training);

    /// <summary>How many times the eval-mode weight cache was filled (for tests).</summary>
    internal int CacheMisses => _constrained.CacheMisses;

    /// <summary>The convolution of [N, in, H, W] inputs, giving [N, out, H, W].</summary>
    public override Tensor forward(Tensor input)
    {
        using Tensor w = _constrained.Get(weight, training);
        return nn.functional.conv2d(input, w, bias, 1, KernelSize / 2);
    }

    /// <inheritdoc />
    protected override void OnConverted() => _constrained.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _constrained.Dispose();
        base.Dispose(disposing);
    }
}
