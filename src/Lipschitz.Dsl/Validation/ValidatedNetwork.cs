using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Validation;

/// <summary>A network whose shapes fit and whose bound is composed: everything the emitter and inspect need.</summary>
/// <param name="Spec">The description.</param>
/// <param name="Layers">The layers with inferred shapes and bounds.</param>
/// <param name="ComposedBound">The product of the layer bounds (+∞ when a layer has none).</param>
/// <param name="BoundProvenance">How the bound was composed, e.g. "1 (conv0) × 0.5 (scale3) = 0.5".</param>
/// <param name="CanonicalForm">The canonical text the description hash is computed from.</param>
/// <param name="DescriptionHash">Lower-case hex SHA-256 of <paramref name="CanonicalForm"/>.</param>
public sealed record ValidatedNetwork(
    NetworkSpec Spec,
    EquatableArray<ValidatedLayer> Layers,
    double ComposedBound,
    string BoundProvenance,
    string CanonicalForm,
    string DescriptionHash)
{
    /// <summary>Whether the description says <c>lipschitz: computed</c>: no compile-time certificate; the bound is computed from the trained weights.</summary>
    public bool BoundIsComputed => Spec.Lipschitz.Computed;

    /// <summary>The compile-time bound of the whole network (L2 → L2): the composed bound, or +∞ when the bound is computed later.</summary>
    public double Bound => BoundIsComputed ? double.PositiveInfinity : ComposedBound;

    /// <summary>For a network that ends in a class-pair head (<c>normalized_head</c>): the product of the bounds of the
    /// layers before it, which the declared bound applies to and certificates divide by; null for other networks.</summary>
    public double? HeadBodyBound { get; init; }

    /// <summary>How <see cref="HeadBodyBound"/> was composed, or null.</summary>
    public string? HeadBodyProvenance { get; init; }

    /// <summary>The network's class-pair head (its last layer), or null.</summary>
    public ValidatedLayer? ClassPairHead => HeadBodyBound is null ? null : Layers[Layers.Count - 1];

    /// <summary>The compile-time bound certificates divide by: <see cref="Bound"/>, or with a class-pair head the bound of
    /// the layers before it (+∞ when the bound is computed later).</summary>
    public double CertificateBound => BoundIsComputed ? double.PositiveInfinity : HeadBodyBound ?? ComposedBound;

    /// <summary>Whether a compile-time certificate can be issued.</summary>
    public bool Certifiable => !double.IsInfinity(CertificateBound);

    /// <summary>The number of scalar inputs per sample (d in the L∞ radius rule).</summary>
    public long InputSize => Spec.Input.Aggregate(1L, (a, b) => a * b);

    /// <summary>The bound in words, for inspect.</summary>
    public string BoundText => BoundIsComputed
        ? $"computed from the trained weights (lipschitz: computed); no compile-time bound (the layer bounds compose to {BoundProvenance})"
        : ClassPairHead is { } head
            ? $"{HeadBodyProvenance} before the head '{head.FieldName}' (the bound declared and certified); whole network {BoundProvenance}"
            : BoundProvenance;

    /// <summary>The certificate rule in words, for inspect.</summary>
    public string CertificateRule => BoundIsComputed
        ? "none at compile time: the bound will be computed from the trained weights (lipschitz: computed)"
        : ClassPairHead is { } head
            ? $"per class pair (rows of '{head.FieldName}' have unit norm): radius_L2(x) = min over j ≠ y of (f_y(x) − f_j(x)) / (‖w_y − w_j‖ · {ParamValue.Format(CertificateBound)}), " +
              $"‖w_y − w_j‖ ≤ 2 from the trained rows; radius_L∞(x) = radius_L2(x) / √{InputSize.ToString(CultureInfo.InvariantCulture)}"
            : $"radius_L2(x) = margin(x) / (√2 · {ParamValue.Format(Bound)}); radius_L∞(x) = radius_L2(x) / √{InputSize.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The total number of trainable scalars.</summary>
    public long ParameterCount
    {
        get
        {
            long total = 0;
            foreach (var l in Layers) total = total > long.MaxValue - l.ParameterCount ? long.MaxValue : total + l.ParameterCount;
            return total;
        }
    }
}

/// <summary>One validated layer.</summary>
/// <param name="Spec">The layer as written.</param>
/// <param name="Index">Its position in the network.</param>
/// <param name="FieldName">The generated field (and state-dict prefix) name.</param>
/// <param name="InputShape">Input shape without the batch dimension.</param>
/// <param name="OutputShape">Output shape without the batch dimension.</param>
/// <param name="Bound">Its Lipschitz bound (+∞ when it has none).</param>
/// <param name="ParameterCount">Trainable scalars.</param>
public sealed record ValidatedLayer(
    LayerSpec Spec,
    int Index,
    string FieldName,
    EquatableArray<long> InputShape,
    EquatableArray<long> OutputShape,
    double Bound,
    long ParameterCount)
{
    /// <summary>Its catalogue entry.</summary>
    public LayerKindInfo Info => Spec.Info;

    /// <summary>A composite layer's validated nested chains (its body, or its branches), in order; empty for other kinds.</summary>
    public EquatableArray<ValidatedChain> Chains { get; init; } = EquatableArray<ValidatedChain>.Empty;

    /// <summary>Whether the bound holds by construction (not from an iterative estimate, and not absent), nested layers included.</summary>
    public bool Exact => Info.Bound.Kind == BoundKind.Exact && Chains.All(c => c.Layers.All(l => l.Exact));

    /// <summary>This layer and every nested layer, depth first.</summary>
    public System.Collections.Generic.IEnumerable<ValidatedLayer> SelfAndNested() =>
        new[] { this }.Concat(Chains.SelectMany(c => c.Layers).SelectMany(l => l.SelfAndNested()));

    /// <summary>How the layer resolves for its input (e.g. the side AOL's <c>side: auto</c> picks), or null: the catalogue's
    /// <see cref="LayerKindInfo.Resolution"/> on this layer's parameters and input shape.</summary>
    public string? Resolution => Info.Resolution?.Invoke(Spec.Params, InputShape);

    /// <summary>The output shape as "[16, 28, 28]".</summary>
    public string OutputShapeText => Shapes.Text(OutputShape);
}

/// <summary>A validated nested chain of layers (a residual's body, one branch of a concatenation).</summary>
/// <param name="Layers">Its layers, with shapes and bounds; empty for the identity.</param>
/// <param name="Input">Its input shape (the composite layer's input).</param>
/// <param name="Output">Its output shape (the input for an empty chain).</param>
/// <param name="Bound">The product of its layers' bounds (1 for an empty chain, +∞ when a layer has none).</param>
public sealed record ValidatedChain(EquatableArray<ValidatedLayer> Layers, EquatableArray<long> Input, EquatableArray<long> Output, double Bound);

/// <summary>Shape formatting.</summary>
public static class Shapes
{
    /// <summary>"[16, 28, 28]".</summary>
    public static string Text(EquatableArray<long> shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>"[N, 16, 28, 28]" (with the batch dimension).</summary>
    public static string Batched(EquatableArray<long> shape) => shape.Count == 0 ? "[N]" : "[N, " + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
