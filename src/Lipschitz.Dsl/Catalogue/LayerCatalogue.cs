using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>
/// The layer kinds of the language, each declared once. Adding a kind is one entry here, one runtime layer in
/// <c>src/Lipschitz.Nn/Layers</c> (and its attribute in <c>src/Lipschitz.Nn/Attributes/LayerAttribute.cs</c>) and their
/// tests; the front ends, validator, emitter, <c>lipnet inspect</c>, did-you-mean and docs/layers.md follow from it.
/// </summary>
/// <remarks>
/// A composite kind (a residual x + f(x) with a nested body of layers, a concatenation of branches) adds a parameter type
/// whose value is a list of <c>LayerSpec</c>s: the IR keeps parameters as typed data keyed by these names, so it needs no
/// new fields, and its shape and bound rules compose those of the nested layers.
/// </remarks>
public static partial class LayerCatalogue
{
    private static ParamDef Out(string runtime) => ParamDef.Integer("out", "output size: features or channels", null, 1, DslLimits.MaxSize).Runtime(runtime);

    private static readonly ParamDef Bias = ParamDef.Boolean("bias", "whether the layer adds a learned bias", true).Runtime("bias");

    private static ParamDef Kernel(bool odd) => odd
        ? ParamDef.Integer("kernel", "kernel size k (k×k)", 3, 1, 63).Runtime("kernelSize") with
        {
            Rule = v => ((IntegerValue)v).Value % 2 == 1,
            RuleText = "odd",
            RuleMessage = "aol_conv2d keeps the size with 'same' padding, which needs an odd kernel (1, 3, 5, …)",
        }
        : ParamDef.Integer("kernel", "kernel size k (k×k)", 3, 1, 63).Runtime("kernelSize");

    private static ParamDef Side() =>
        ParamDef.Choose("side", "which side AOL rescales: in (PᵀP, the inputs' Gram), out (PPᵀ, the outputs'), or auto (the smaller Gram; in on a tie)",
            "auto", "Layers.AolSide", new Choice("auto", "Auto"), new Choice("in", "In"), new Choice("out", "Out")).Runtime("side");

    /// <summary>
    /// Which side an AOL layer rescales for its input and what it costs: "side auto → out: Gram 256 × 256 (side in:
    /// 6272 × 6272)"; for a convolution the self-correlation's channels. The rule is the runtime's AolSides.Resolve.
    /// </summary>
    private static string AolSideResolution(Ir.ParamSet p, EquatableArray<long> input, bool conv)
    {
        string declared = p.Find("side")?.Value is TextValue t ? t.Value : "auto";
        long inSize = input[0], outSize = p.Integer("out");
        string resolved = declared != "auto" ? declared : inSize <= outSize ? "in" : "out";
        long used = resolved == "in" ? inSize : outSize, other = resolved == "in" ? outSize : inSize;
        string head = declared == "auto" ? $"side auto → {resolved}" : $"side {resolved}";
        string otherSide = resolved == "in" ? "out" : "in";
        return conv
            ? FormattableString.Invariant($"{head}: self-correlation over {used} channel{(used == 1 ? "" : "s")} (side {otherSide}: {other})")
            : FormattableString.Invariant($"{head}: Gram {used} × {used} (side {otherSide}: {other} × {other})");
    }

    private static long Count(double value) => value >= long.MaxValue ? long.MaxValue : (long)value;

    private static long[] Same(LayerContext c) => c.Input.ToArray();

    /// <summary>An image [channels, h, w] kept as it is (LIP0202 for any other input).</summary>
    private static long[]? SameImage(LayerContext c) => c.RequireImage() ? Same(c) : null;

    private static long[]? Dense(LayerContext c) => c.RequireFlat() ? new[] { c.Params.Integer("out") } : null;

    private static long DenseParameters(LayerContext c)
    {
        long outSize = c.Params.Integer("out");
        return Count((double)c.Input[0] * outSize + (c.Params.Boolean("bias") ? outSize : 0));
    }

    private static long ConvParameters(LayerContext c)
    {
        long outC = c.Params.Integer("out"), k = c.Params.Integer("kernel");
        return Count((double)outC * c.Input[0] * k * k + (c.Params.Boolean("bias") ? outC : 0));
    }

    private static long[]? Conv(LayerContext c)
    {
        if (!c.RequireImage()) return null;
        long outC = c.Params.Integer("out"), k = c.Params.Integer("kernel"), s = c.Params.Integer("stride"), p = c.Params.Integer("padding");
        long h = c.Input[1] + 2 * p - k, w = c.Input[2] + 2 * p - k;
        if (h < 0 || w < 0)
        {
            c.Report(DiagnosticCatalogue.EmptyOutput, c.Label, c.Layer.Kind, c.InputText, FormattableString.Invariant($"[{outC}, {Math.Max(0, h / s + 1)}, {Math.Max(0, w / s + 1)}]"));
            return null;
        }
        return new[] { outC, h / s + 1, w / s + 1 };
    }

    private static EquatableArray<long> Shape(params long[] dims) => EquatableArray.Of(dims);

    /// <summary>Every kind, in catalogue order (the order of docs/layers.md and of "known kinds" in messages).</summary>
    public static IReadOnlyList<LayerKindInfo> All { get; } = Core()
        .Concat(Activations()).Concat(Pooling()).Concat(DenseFamilies()).Concat(Heads()).Concat(ConvolutionFamilies()).Concat(Composition())
        .ToArray();

    /// <summary>The first kinds: AOL, MaxMin, reshapes, ReLU, Abs, scaling and the unconstrained layers.</summary>
    private static IEnumerable<LayerKindInfo> Core() => new[]
    {
        new LayerKindInfo
        {
            Key = "aol_linear", AttributeName = "AolLinear", RuntimeType = "Layers.AolLinear", FieldPrefix = "fc",
            Doc = "dense layer with AOL rescaling (Prach & Lampert 2022): W = P·diag(Σⱼ|PᵀP|ᵢⱼ)^(-1/2) (side in) or diag(Σⱼ|PPᵀ|ᵢⱼ)^(-1/2)·P (side out)",
            Params = EquatableArray.Of(Out("outFeatures"), Bias, Side()), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inFeatures", ShapeText = "[features] → [out]", Shape = Dense, ParameterCount = DenseParameters,
            Bound = BoundRule.One("AOL rescaling: ‖W‖₂ ≤ 1 (side out: AOL of Pᵀ, and ‖W‖₂ = ‖Wᵀ‖₂)"), Sample = new(Shape(8), "out: 4"),
            Resolution = (p, input) => AolSideResolution(p, input, conv: false),
        },
        new LayerKindInfo
        {
            Key = "aol_conv2d", AttributeName = "AolConv2d", RuntimeType = "Layers.AolConv2d", FieldPrefix = "conv",
            Doc = "2-D convolution, stride 1, 'same' zero padding, with AOL rescaling of the kernel's input (side in) or output channels (side out)",
            Params = EquatableArray.Of(Out("outChannels"), Kernel(odd: true), Bias, Side()), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inChannels", ShapeText = "[channels, h, w] → [out, h, w]",
            Shape = c => c.RequireImage() ? new[] { c.Params.Integer("out"), c.Input[1], c.Input[2] } : null,
            ParameterCount = ConvParameters,
            Bound = BoundRule.One("AOL rescaling of the kernel: ‖conv‖₂ ≤ 1 (side out: AOL of the adjoint convolution, of equal norm)"), Sample = new(Shape(2, 6, 6), "out: 4, kernel: 3"),
            Resolution = (p, input) => AolSideResolution(p, input, conv: true),
        },
        new LayerKindInfo
        {
            Key = "maxmin", AttributeName = "MaxMin", RuntimeType = "Layers.MaxMin", FieldPrefix = "maxmin",
            Doc = "activation: (max(a, b), min(a, b)) over pairs of channels (features)",
            ShapeText = "[c, …] → [c, …], c even",
            Shape = c =>
            {
                if (c.Input[0] % 2 == 0) return Same(c);
                c.Report(DiagnosticCatalogue.OddChannels, c.Label, c.InputText, c.Input[0]);
                return null;
            },
            Bound = BoundRule.One("sorts channel pairs: a permutation-like 1-Lipschitz map"), Sample = new(Shape(4), ""),
        },
        new LayerKindInfo
        {
            Key = "flatten", AttributeName = "Flatten", RuntimeType = "Layers.Flatten", FieldPrefix = "flatten",
            Doc = "flattens every dimension but the batch one",
            ShapeText = "[d₁, …, dₙ] → [d₁·…·dₙ]",
            Shape = c => new[] { c.Input.Aggregate(1L, (a, b) => a * b) },
            Bound = BoundRule.One("reshape: an isometry"), Sample = new(Shape(2, 3, 3), ""),
        },
        new LayerKindInfo
        {
            Key = "pixel_unshuffle", AttributeName = "PixelUnshuffle", RuntimeType = "Layers.PixelUnshuffle", FieldPrefix = "unshuffle",
            Doc = "space-to-depth: moves each f×f block of pixels into channels",
            Params = EquatableArray.Of(ParamDef.Integer("factor", "block size f", null, 1, 64).Runtime("factor")),
            Shorthand = "factor", AttributeArguments = EquatableArray.Of("factor"),
            ShapeText = "[c, h, w] → [c·f², h/f, w/f], f divides h and w",
            Shape = c =>
            {
                if (!c.RequireImage()) return null;
                long f = c.Params.Integer("factor");
                if (c.Input[1] % f == 0 && c.Input[2] % f == 0) return new[] { c.Input[0] * f * f, c.Input[1] / f, c.Input[2] / f };
                c.Report(DiagnosticCatalogue.NotDivisible, c.Label, f, c.InputText);
                return null;
            },
            Bound = BoundRule.One("permutation of entries: an isometry"), Sample = new(Shape(1, 4, 4), "factor: 2"),
        },
        new LayerKindInfo
        {
            Key = "relu", AttributeName = "Relu", RuntimeType = "Layers.Relu", FieldPrefix = "relu",
            Doc = "activation: max(x, 0), elementwise",
            ShapeText = "any → the same", Shape = Same,
            Bound = BoundRule.One("elementwise, slope ≤ 1"), Sample = new(Shape(4), ""),
        },
        new LayerKindInfo
        {
            Key = "abs", AttributeName = "Abs", RuntimeType = "Layers.Abs", FieldPrefix = "abs",
            Doc = "activation: |x|, elementwise",
            ShapeText = "any → the same", Shape = Same,
            Bound = BoundRule.One("elementwise: ||a| − |b|| ≤ |a − b|"), Sample = new(Shape(2, 3, 3), ""),
        },
        new LayerKindInfo
        {
            Key = "scale", AttributeName = "Scale", RuntimeType = "Layers.Scale", FieldPrefix = "scale",
            Doc = "multiplication by a constant c",
            Params = EquatableArray.Of(ParamDef.Number("factor", "the constant c", null, ValueRange.Closed(-1e12, 1e12)).Runtime("factor")),
            Shorthand = "factor", AttributeArguments = EquatableArray.Of("factor"),
            ShapeText = "any → the same", Shape = Same,
            Bound = BoundRule.Exact("multiplication by c: |c|", p => Math.Abs(p.Number("factor"))), Sample = new(Shape(4), "factor: -0.5"),
        },
        new LayerKindInfo
        {
            Key = "linear", AttributeName = "Linear", RuntimeType = "Layers.Linear", FieldPrefix = "fc",
            Doc = "unconstrained dense layer (for networks with lipschitz: computed)",
            Params = EquatableArray.Of(Out("outFeatures"), Bias), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inFeatures", ShapeText = "[features] → [out]", Shape = Dense, ParameterCount = DenseParameters,
            Bound = BoundRule.None("unconstrained: no bound"), Replacement = "aol_linear", Sample = new(Shape(8), "out: 4"),
        },
        new LayerKindInfo
        {
            Key = "conv2d", AttributeName = "Conv2d", RuntimeType = "Layers.Conv2d", FieldPrefix = "conv",
            Doc = "unconstrained 2-D convolution (for networks with lipschitz: computed)",
            Params = EquatableArray.Of(
                Out("outChannels"),
                Kernel(odd: false),
                ParamDef.Integer("stride", "step between windows", 1, 1, 64).Runtime("stride"),
                ParamDef.Integer("padding", "zeros added on each side", 0, 0, 64).Runtime("padding"),
                Bias),
            Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inChannels", ShapeText = "[channels, h, w] → [out, (h + 2p − k)/s + 1, (w + 2p − k)/s + 1]",
            Shape = Conv, ParameterCount = ConvParameters,
            Bound = BoundRule.None("unconstrained: no bound"), Replacement = "aol_conv2d",
            Sample = new(Shape(2, 6, 6), "out: 4, kernel: 3, stride: 2, padding: 1"),
        },
    };

    private static readonly Dictionary<string, LayerKindInfo> s_byKey = All.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>The kind with the given YAML key, or null.</summary>
    public static LayerKindInfo? Find(string key) => s_byKey.TryGetValue(key, out var info) ? info : null;

    /// <summary>The kind with the given YAML key (which the IR guarantees is known).</summary>
    public static LayerKindInfo Get(string key) => Find(key) ?? throw new KeyNotFoundException($"no layer kind '{key}'");

    /// <summary>The kind whose attribute class is named <paramref name="attributeName"/> (with or without "Attribute"), or null.</summary>
    public static LayerKindInfo? FindAttribute(string attributeName)
    {
        var name = attributeName.EndsWith("Attribute", StringComparison.Ordinal) ? attributeName.Substring(0, attributeName.Length - "Attribute".Length) : attributeName;
        return All.FirstOrDefault(k => k.AttributeName == name);
    }

    /// <summary>The known YAML keys joined for messages.</summary>
    public static string KnownNames => string.Join(", ", All.Select(k => k.Key));
}
