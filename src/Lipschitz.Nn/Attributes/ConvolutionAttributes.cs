using System;

namespace Lipschitz.Nn;

/// <summary>An SLL residual convolution x − 2·K·T⁻¹·ReLU(Kᵀx + b) (channels kept, stride 1, same padding, odd kernel; bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SllConv2dAttribute : LayerAttribute
{
    /// <summary>Kernel size (odd); unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A convex potential convolution x − (2/‖K‖²)·Kᵀ·ReLU(Kx + b) (channels kept, stride 1, same padding, odd kernel; bound 1 in eval mode).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CplConv2dAttribute : LayerAttribute
{
    /// <summary>Kernel size (odd); unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A skew-orthogonal convolution exp(A)·x + b by a truncated series, divided by its verified tail in eval mode (channels kept; bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SocConv2dAttribute : LayerAttribute
{
    /// <summary>Kernel size (odd); unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>The last power of A in the series; unset: the language's default (docs/layers.md).</summary>
    public long Terms { get; set; }

    /// <summary>The largest ‖A‖ allowed; unset: the language's default (docs/layers.md).</summary>
    public double MaxNorm { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A BCOP orthogonal convolution from projector blocks (channels kept, stride 1, same padding, odd kernel; bound 1 in eval mode).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BcopConv2dAttribute : LayerAttribute
{
    /// <summary>Kernel size (odd); unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>An orthogonal circular convolution by the Cayley transform per frequency (channels kept, periodic boundary; bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CayleyConv2dAttribute : LayerAttribute
{
    /// <summary>Kernel size; unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A spectrally normalised 2-D convolution (same padding, odd kernel, optional stride; bound 1 in eval mode).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SpectralConv2dAttribute : LayerAttribute
{
    /// <summary>A convolution with <paramref name="outChannels"/> output channels.</summary>
    public SpectralConv2dAttribute(long outChannels) => OutChannels = outChannels;

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Kernel size (odd); unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Stride; unset: the language's default (docs/layers.md).</summary>
    public long Stride { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}
