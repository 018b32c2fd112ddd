using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Ir;

/// <summary>A network description as written, after schema checks: the one IR both front ends produce.</summary>
/// <param name="Name">The C# class name.</param>
/// <param name="Namespace">The C# namespace, or null for the global namespace.</param>
/// <param name="Input">The input shape without the batch dimension: [features] or [channels, height, width].</param>
/// <param name="Classes">The number of classes (logits).</param>
/// <param name="Lipschitz">The declared guarantee: a bound L, or 'computed'.</param>
/// <param name="Layers">The layers in order.</param>
/// <param name="Training">The training block, or null when none was declared.</param>
/// <param name="Certify">The certification block (catalogue defaults when none was declared).</param>
/// <param name="Spans">Where each part was written.</param>
public sealed record NetworkSpec(
    string Name,
    string? Namespace,
    EquatableArray<long> Input,
    int Classes,
    LipschitzDeclaration Lipschitz,
    EquatableArray<LayerSpec> Layers,
    BlockSpec? Training,
    BlockSpec Certify,
    NetworkSpans Spans)
{
    /// <summary>"Namespace.Name", or "Name" in the global namespace.</summary>
    public string FullName => Namespace is null ? Name : Namespace + "." + Name;
}

/// <summary>Source locations of a network's top-level parts, for diagnostics.</summary>
public sealed record NetworkSpans(SourceSpan Whole, SourceSpan Name, SourceSpan Input, SourceSpan Classes, SourceSpan Lipschitz, SourceSpan Layers, SourceSpan Certify);

/// <summary>What <c>lipschitz:</c> declares: a bound L every layer must respect (default 1), or <c>computed</c> for an
/// unconstrained network whose bound is computed from its trained weights (no compile-time certificate).</summary>
/// <param name="Computed">True for <c>lipschitz: computed</c>.</param>
/// <param name="Value">The declared bound L (positive; unused when <paramref name="Computed"/>).</param>
public sealed record LipschitzDeclaration(bool Computed, double Value)
{
    /// <summary>The keyword that declares a computed bound.</summary>
    public const string ComputedKeyword = "computed";

    /// <summary>lipschitz: 1.</summary>
    public static LipschitzDeclaration Default { get; } = new(false, 1.0);

    /// <summary>lipschitz: computed.</summary>
    public static LipschitzDeclaration ComputedBound { get; } = new(true, double.PositiveInfinity);

    /// <summary>A declared bound L.</summary>
    public static LipschitzDeclaration Of(double value) => new(false, value);

    /// <summary>As written: "computed" or the number.</summary>
    public override string ToString() => Computed ? ComputedKeyword : ParamValue.Format(Value);
}

/// <summary>One layer as written: its catalogue kind, optional name and every parameter of its kind (defaults filled in).</summary>
/// <param name="Kind">The catalogue key of its kind ("aol_conv2d").</param>
/// <param name="Name">The name written, or null (then the field is the kind's prefix + index).</param>
/// <param name="Params">The parameter values, in catalogue order.</param>
/// <param name="Span">The whole layer entry.</param>
/// <param name="KindSpan">The kind as written (where layer diagnostics point).</param>
public sealed record LayerSpec(string Kind, string? Name, ParamSet Params, SourceSpan Span, SourceSpan KindSpan)
{
    /// <summary>The catalogue entry of the kind.</summary>
    public LayerKindInfo Info => LayerCatalogue.Get(Kind);
}
