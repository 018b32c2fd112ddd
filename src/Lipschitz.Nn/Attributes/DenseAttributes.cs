using System;

namespace Lipschitz.Nn;

/// <summary>A dense layer with an orthogonal weight, the matrix exponential of a skew-symmetric matrix (bound 1, tight).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OrthogonalLinearAttribute : LayerAttribute
{
    /// <summary>A dense layer with <paramref name="outFeatures"/> outputs.</summary>
    public OrthogonalLinearAttribute(long outFeatures) => OutFeatures = outFeatures;

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A dense layer with an orthogonal weight from the Cayley transform of a skew-symmetric matrix (bound 1, tight).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CayleyLinearAttribute : LayerAttribute
{
    /// <summary>A dense layer with <paramref name="outFeatures"/> outputs.</summary>
    public CayleyLinearAttribute(long outFeatures) => OutFeatures = outFeatures;

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>An SDP-based Lipschitz residual layer, SLL (features preserved; bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SllLinearAttribute : LayerAttribute
{
    /// <summary>The hidden width (0: the input's features); unset: the language's default (docs/layers.md).</summary>
    public long Inner { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A convex potential layer, CPL (features preserved; bound 1 with the eval-mode step from the verified norm).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CplLinearAttribute : LayerAttribute
{
    /// <summary>The hidden width (0: the input's features); unset: the language's default (docs/layers.md).</summary>
    public long Inner { get; set; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A sandwich layer √2·Aᵀ·Ψ·σ(√2·Ψ⁻¹·B·x + b) (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SandwichLinearAttribute : LayerAttribute
{
    /// <summary>A sandwich layer with <paramref name="outFeatures"/> outputs.</summary>
    public SandwichLinearAttribute(long outFeatures) => OutFeatures = outFeatures;

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A spectrally normalised dense layer (bound 1: eval mode divides by the verified norm).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SpectralLinearAttribute : LayerAttribute
{
    /// <summary>A dense layer with <paramref name="outFeatures"/> outputs.</summary>
    public SpectralLinearAttribute(long outFeatures) => OutFeatures = outFeatures;

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}

/// <summary>A classification head with rows of unit norm, the network's last layer; certificates use its rows per class pair.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class NormalizedHeadAttribute : LayerAttribute
{
    /// <summary>A head with <paramref name="outFeatures"/> outputs (the network's classes).</summary>
    public NormalizedHeadAttribute(long outFeatures) => OutFeatures = outFeatures;

    /// <summary>Output features: the network's classes.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer has a bias; unset: the language's default (docs/layers.md).</summary>
    public bool Bias { get; set; }
}
