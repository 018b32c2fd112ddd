using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>Types a layer parameter can have.</summary>
public enum ParamType
{
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A real number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>A C# identifier.</summary>
    Identifier,
}

/// <summary>One parameter a layer kind accepts.</summary>
public sealed record ParamInfo(string Key, ParamType Type, bool Required);

/// <summary>What the language knows about a layer kind: its YAML name, runtime type, parameters and bound rule.</summary>
/// <param name="YamlName">The kind as written in YAML (snake case).</param>
/// <param name="Kind">The IR kind.</param>
/// <param name="RuntimeType">The Lipschitz.Nn.Layers class name.</param>
/// <param name="AttributeName">The attribute class name users write in C# (without "Attribute").</param>
/// <param name="FieldPrefix">Prefix of the generated field name when the layer has no name.</param>
/// <param name="Params">Accepted parameters (besides 'name').</param>
/// <param name="ShorthandKey">The parameter a scalar value stands for (`pixel_unshuffle: 2`), or null.</param>
/// <param name="Bounded">Whether the layer has a Lipschitz bound.</param>
/// <param name="BoundRule">How the bound is obtained, for inspect and diagnostics.</param>
/// <param name="Replacement">The bounded kind to suggest instead of an unbounded one.</param>
public sealed record LayerKindInfo(
    string YamlName,
    LayerKind Kind,
    string RuntimeType,
    string AttributeName,
    string FieldPrefix,
    EquatableArray<ParamInfo> Params,
    string? ShorthandKey,
    bool Bounded,
    string BoundRule,
    string? Replacement);

/// <summary>The layer kinds of the language.</summary>
public static class LayerCatalogue
{
    private static readonly ParamInfo Out = new("out", ParamType.Integer, true);
    private static readonly ParamInfo Kernel = new("kernel", ParamType.Integer, false);
    private static readonly ParamInfo Bias = new("bias", ParamType.Boolean, false);

    /// <summary>Every kind, in catalogue order.</summary>
    public static IReadOnlyList<LayerKindInfo> All { get; } = new[]
    {
        new LayerKindInfo("aol_linear", LayerKind.AolLinear, "AolLinear", "AolLinear", "fc", EquatableArray.Of(Out, Bias), "out", true, "AOL rescaling: ‖W‖₂ ≤ 1", null),
        new LayerKindInfo("aol_conv2d", LayerKind.AolConv2d, "AolConv2d", "AolConv2d", "conv", EquatableArray.Of(Out, Kernel, Bias), "out", true, "AOL rescaling of the kernel: ‖conv‖₂ ≤ 1", null),
        new LayerKindInfo("maxmin", LayerKind.MaxMin, "MaxMin", "MaxMin", "maxmin", EquatableArray<ParamInfo>.Empty, null, true, "sorts channel pairs: a permutation-like 1-Lipschitz map", null),
        new LayerKindInfo("flatten", LayerKind.Flatten, "Flatten", "Flatten", "flatten", EquatableArray<ParamInfo>.Empty, null, true, "reshape: an isometry", null),
        new LayerKindInfo("pixel_unshuffle", LayerKind.PixelUnshuffle, "PixelUnshuffle", "PixelUnshuffle", "unshuffle", EquatableArray.Of(new ParamInfo("factor", ParamType.Integer, true)), "factor", true, "permutation of entries: an isometry", null),
        new LayerKindInfo("relu", LayerKind.Relu, "Relu", "Relu", "relu", EquatableArray<ParamInfo>.Empty, null, true, "elementwise, slope ≤ 1", null),
        new LayerKindInfo("scale", LayerKind.Scale, "Scale", "Scale", "scale", EquatableArray.Of(new ParamInfo("factor", ParamType.Number, true)), "factor", true, "multiplication by c: |c|", null),
        new LayerKindInfo("linear", LayerKind.Linear, "Linear", "Linear", "fc", EquatableArray.Of(Out, Bias), "out", false, "unconstrained: no bound", "aol_linear"),
        new LayerKindInfo("conv2d", LayerKind.Conv2d, "Conv2d", "Conv2d", "conv", EquatableArray.Of(Out, Kernel, new ParamInfo("stride", ParamType.Integer, false), new ParamInfo("padding", ParamType.Integer, false), Bias), "out", false, "unconstrained: no bound", "aol_conv2d"),
    };

    /// <summary>The kind with the given YAML name, or null.</summary>
    public static LayerKindInfo? Find(string yamlName) => All.FirstOrDefault(k => k.YamlName == yamlName);

    /// <summary>The catalogue entry of an IR kind.</summary>
    public static LayerKindInfo Get(LayerKind kind) => All.First(k => k.Kind == kind);

    /// <summary>The kind whose attribute class is named <paramref name="attributeName"/> (with or without "Attribute"), or null.</summary>
    public static LayerKindInfo? FindAttribute(string attributeName)
    {
        var name = attributeName.EndsWith("Attribute", System.StringComparison.Ordinal) ? attributeName.Substring(0, attributeName.Length - "Attribute".Length) : attributeName;
        return All.FirstOrDefault(k => k.AttributeName == name);
    }

    /// <summary>The known YAML names joined for messages.</summary>
    public static string KnownNames => string.Join(", ", All.Select(k => k.YamlName));
}
