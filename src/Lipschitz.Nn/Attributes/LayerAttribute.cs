using System;

namespace Lipschitz.Nn;

/// <summary>Base of the per-layer attributes; the layers run in the attributes' source order. Only the arguments written
/// are read: a property left unset takes the language's default (docs/layers.md), not the property's value.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
    /// <summary>The layer's field and state-dict name (default: kind prefix + index, e.g. "conv0").</summary>
    public string? Name { get; set; }
}

/// <summary>An AOL-rescaled 2-D convolution (stride 1, same padding, odd kernel; bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AolConv2dAttribute : LayerAttribute
{
    /// <summary>A convolution with <paramref name="outChannels"/> output channels.</summary>
    public AolConv2dAttribute(long outChannels) => OutChannels = outChannels;

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Kernel size (odd); unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }

    /// <summary>Which channels AOL rescales; unset: the language's default (auto: the smaller self-correlation).</summary>
    public Layers.AolSide Side { get; set; }
}

/// <summary>An AOL-rescaled dense layer (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AolLinearAttribute : LayerAttribute
{
    /// <summary>A dense layer with <paramref name="outFeatures"/> outputs.</summary>
    public AolLinearAttribute(long outFeatures) => OutFeatures = outFeatures;

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }

    /// <summary>Which side AOL rescales; unset: the language's default (auto: the smaller Gram matrix).</summary>
    public Layers.AolSide Side { get; set; }
}

/// <summary>The MaxMin activation over channel pairs (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxMinAttribute : LayerAttribute
{
}

/// <summary>Flattens all but the batch dimension (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
}

/// <summary>ReLU (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReluAttribute : LayerAttribute
{
}

/// <summary>Space-to-depth by <c>factor</c> (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PixelUnshuffleAttribute : LayerAttribute
{
    /// <summary>Rearranges factor×factor blocks into channels.</summary>
    public PixelUnshuffleAttribute(long factor) => Factor = factor;

    /// <summary>The block size.</summary>
    public long Factor { get; }
}

/// <summary>The absolute value |x|, elementwise (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AbsAttribute : LayerAttribute
{
}

/// <summary>Multiplies by a constant c (bound |c|).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ScaleAttribute : LayerAttribute
{
    /// <summary>Multiplication by <paramref name="factor"/>.</summary>
    public ScaleAttribute(double factor) => Factor = factor;

    /// <summary>The constant.</summary>
    public double Factor { get; }
}

/// <summary>An unconstrained dense layer (no Lipschitz bound: only in networks with LipschitzComputed = true).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LinearAttribute : LayerAttribute
{
    /// <summary>A dense layer with <paramref name="outFeatures"/> outputs.</summary>
    public LinearAttribute(long outFeatures) => OutFeatures = outFeatures;

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>An unconstrained 2-D convolution (no Lipschitz bound: only in networks with LipschitzComputed = true).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute : LayerAttribute
{
    /// <summary>A convolution with <paramref name="outChannels"/> output channels.</summary>
    public Conv2dAttribute(long outChannels) => OutChannels = outChannels;

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Kernel size; unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Stride; unset: the language's default (docs/layers.md).</summary>
    public long Stride { get; set; }

    /// <summary>Zero padding on each side; unset: the language's default (docs/layers.md).</summary>
    public long Padding { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}
