using System;
using System.Linq;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>A small valid use of a kind: docs/layers.md shows it and a test instantiates every kind from it.</summary>
/// <param name="Input">An input shape the layer accepts.</param>
/// <param name="Arguments">Its parameters as the inside of a YAML flow mapping ("out: 4, kernel: 3"), or "".</param>
public sealed record LayerSample(EquatableArray<long> Input, string Arguments);

/// <summary>
/// Everything the language knows about one layer kind, declared once in <see cref="LayerCatalogue"/>: its YAML key,
/// attribute, parameters, shape rule, Lipschitz bound rule, runtime type and how the runtime constructor's arguments
/// come from the parameters. Front ends, validator, emitter, inspect and docs/layers.md all read it.
/// </summary>
public sealed class LayerKindInfo
{
    /// <summary>The kind as written in YAML (snake case).</summary>
    public required string Key { get; init; }

    /// <summary>One line on what the layer computes.</summary>
    public required string Doc { get; init; }

    /// <summary>The attribute class users write in C#, without "Attribute" (in the runtime's root namespace).</summary>
    public required string AttributeName { get; init; }

    /// <summary>The runtime class, relative to the runtime's root namespace ("Layers.AolLinear").</summary>
    public required string RuntimeType { get; init; }

    /// <summary>Prefix of the generated field name when the layer has no name (prefix + index).</summary>
    public required string FieldPrefix { get; init; }

    /// <summary>Its parameters (besides 'name'), in the order the canonical form, docs and emitted code use.</summary>
    public EquatableArray<ParamDef> Params { get; init; } = EquatableArray<ParamDef>.Empty;

    /// <summary>The parameter a bare value stands for (<c>pixel_unshuffle: 2</c>), or null.</summary>
    public string? Shorthand { get; init; }

    /// <summary>The parameters the attribute's constructor takes, in order; the others are attribute properties.</summary>
    public EquatableArray<string> AttributeArguments { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The runtime constructor argument that receives the input's first dimension (features or channels), or null.</summary>
    public string? InputArgument { get; init; }

    /// <summary>The shape rule in words for docs ("[features] → [out]").</summary>
    public required string ShapeText { get; init; }

    /// <summary>The output shape from the input shape and parameters.</summary>
    public required ShapeRule Shape { get; init; }

    /// <summary>The number of trainable scalars from the input shape and parameters.</summary>
    public Func<LayerContext, long> ParameterCount { get; init; } = _ => 0;

    /// <summary>The Lipschitz bound.</summary>
    public required BoundRule Bound { get; init; }

    /// <summary>For an unbounded kind, the bounded kind to suggest instead.</summary>
    public string? Replacement { get; init; }

    /// <summary>Whether the kind can only be written in YAML (a composite kind whose parameter is a list of layers, which
    /// C# attribute arguments cannot hold); its attribute class exists only to report LIP0506 at a clear place.</summary>
    public bool YamlOnly { get; init; }

    /// <summary>For a composite kind: how its bound is composed, from its parameters and the texts of its nested chains
    /// (each "aol_linear 1 × maxmin 1" or "identity"), for inspect's provenance ("1 + 1 × (…)"); null for other kinds.</summary>
    public Func<Ir.ParamSet, System.Collections.Generic.IReadOnlyList<string>, string>? BoundFormula { get; init; }

    /// <summary>Whether the kind is a row-normalised classification head: it must be the last layer (LIP0222), the declared
    /// bound applies to the layers before it, and certificates use the per-class-pair rule with its rows' distances.</summary>
    public bool ClassPairHead { get; init; }

    /// <summary>A note on how the layer resolves for its input (e.g. which side AOL's <c>side: auto</c> picks), for
    /// inspect and the generated code's comments; null for none. Arguments: the parameters and the input shape.</summary>
    public Func<Ir.ParamSet, EquatableArray<long>, string?>? Resolution { get; init; }

    /// <summary>A valid use, for docs and the every-kind test.</summary>
    public required LayerSample Sample { get; init; }

    /// <summary>A small network around <see cref="Sample"/> (the layer, flatten, then aol_linear to 2 classes; a head
    /// alone; 'lipschitz: computed' for an unbounded kind), as the every-kind tests build it.</summary>
    /// <param name="layerName">A name to give the sample layer, or null.</param>
    public string SampleNetwork(string? layerName = null)
    {
        var args = Sample.Arguments;
        if (layerName is not null) args = args.Length == 0 ? "name: " + layerName : args + ", name: " + layerName;
        var layer = args.Length == 0 ? Key : $"{Key}: {{ {args} }}";
        var lipschitz = Bound.Bounded ? "" : "lipschitz: computed\n";
        var input = string.Join(", ", Sample.Input.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // A head is the last layer and outputs the classes itself (its sample: a flat input and out: 2).
        if (ClassPairHead) return $"network: Sample\ninput: [{input}]\nclasses: 2\n{lipschitz}layers:\n  - {layer}\n";
        return $"network: Sample\ninput: [{input}]\nclasses: 2\n{lipschitz}layers:\n  - {layer}\n  - flatten\n  - aol_linear: 2\n";
    }

    /// <summary>The parameter with the key, or null.</summary>
    public ParamDef? Param(string key) => Params.FirstOrDefault(p => p.Key == key);

    /// <summary>The parameter an attribute property sets, or null.</summary>
    public ParamDef? ParamForAttribute(string property) => Params.FirstOrDefault(p => p.AttributeName == property && !AttributeArguments.Contains(p.Key));
}
