using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Ir;

/// <summary>A network description as written, after schema checks: the one IR both front ends produce.</summary>
/// <param name="Name">The C# class name.</param>
/// <param name="Namespace">The C# namespace, or null for the global namespace.</param>
/// <param name="Input">The input shape without the batch dimension: [features] or [channels, height, width].</param>
/// <param name="Classes">The number of classes (logits).</param>
/// <param name="Lipschitz">The declared Lipschitz bound L.</param>
/// <param name="Layers">The layers in order.</param>
/// <param name="Training">Training options, or null when none were declared.</param>
/// <param name="Certify">Certification options (defaults when none were declared).</param>
/// <param name="Spans">Where each part was written.</param>
public sealed record NetworkSpec(
    string Name,
    string? Namespace,
    EquatableArray<long> Input,
    int Classes,
    double Lipschitz,
    EquatableArray<LayerSpec> Layers,
    TrainingSpec? Training,
    CertifySpec Certify,
    NetworkSpans Spans);

/// <summary>Source locations of a network's top-level parts, for diagnostics.</summary>
public sealed record NetworkSpans(SourceSpan Whole, SourceSpan Name, SourceSpan Input, SourceSpan Classes, SourceSpan Lipschitz, SourceSpan Layers, SourceSpan Certify);

/// <summary>The layer kinds the language knows.</summary>
public enum LayerKind
{
    /// <summary>AOL-rescaled dense layer (bound 1).</summary>
    AolLinear,
    /// <summary>AOL-rescaled convolution, stride 1, same padding, odd kernel (bound 1).</summary>
    AolConv2d,
    /// <summary>MaxMin activation over channel pairs (bound 1).</summary>
    MaxMin,
    /// <summary>Flattens all but the batch dimension (bound 1).</summary>
    Flatten,
    /// <summary>Space-to-depth rearrangement (bound 1).</summary>
    PixelUnshuffle,
    /// <summary>ReLU (bound 1).</summary>
    Relu,
    /// <summary>Multiplication by a constant c (bound |c|).</summary>
    Scale,
    /// <summary>Unconstrained dense layer (no bound).</summary>
    Linear,
    /// <summary>Unconstrained convolution (no bound).</summary>
    Conv2d,
}

/// <summary>One layer as written: kind, optional name and the parameters its kind takes (null where not applicable).</summary>
public sealed record LayerSpec(
    LayerKind Kind,
    string? Name,
    long? Out,
    long? Kernel,
    long? Stride,
    long? Padding,
    long? Factor,
    double? ScaleFactor,
    bool Bias,
    SourceSpan Span,
    SourceSpan KindSpan);
