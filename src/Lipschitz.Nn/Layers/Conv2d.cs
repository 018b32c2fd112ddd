using System;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>An unconstrained 2-D convolution; it has no Lipschitz bound (+∞).</summary>
public sealed class Conv2d : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer with PyTorch's default initialisation (Kaiming-uniform kernel, uniform ±1/√fan-in bias).</summary>
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true) : base(nameof(Conv2d))
    {
        LayerArgs.Positive(inChannels, nameof(inChannels), nameof(Conv2d));
        LayerArgs.Positive(outChannels, nameof(outChannels), nameof(Conv2d));
        LayerArgs.Positive(kernelSize, nameof(kernelSize), nameof(Conv2d));
        LayerArgs.Positive(stride, nameof(stride), nameof(Conv2d));
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Conv2d: padding must be 0 or more");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        using (no_grad())
        {
            using Tensor w = empty(new[] { outChannels, inChannels, kernelSize, kernelSize });
            nn.init.kaiming_uniform_(w, Math.Sqrt(5));
            weight = new nn.Parameter(w);
            register_parameter("weight", weight);
            if (bias)
            {
                double limit = 1 / Math.Sqrt(inChannels * kernelSize * kernelSize);
                using Tensor b = empty(new[] { outChannels });
                nn.init.uniform_(b, -limit, limit);
                this.bias = new nn.Parameter(b);
                register_parameter("bias", this.bias);
            }
        }
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

    /// <summary>The kernel, [out, in, k, k].</summary>
    public nn.Parameter weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public nn.Parameter? bias { get; }

    /// <summary>+∞: the kernel is free, so no bound holds by construction.</summary>
    public double Bound => double.PositiveInfinity;

    /// <summary>The convolution of [N, in, H, W] inputs.</summary>
    public override Tensor forward(Tensor input) => nn.functional.conv2d(input, weight, bias, Stride, Padding);
}
