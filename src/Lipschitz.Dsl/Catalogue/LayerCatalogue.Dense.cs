using System;
using System.Collections.Generic;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of the 1-Lipschitz dense layer families besides AOL (orthogonal, Cayley, SLL, CPL, Sandwich, spectral normalisation), in docs order.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> DenseFamilies() => new[]
    {
        new LayerKindInfo
        {
            Key = "orthogonal_linear", AttributeName = "OrthogonalLinear", RuntimeType = "Layers.OrthogonalLinear", FieldPrefix = "fc",
            Doc = "dense layer with an orthogonal weight: the leading [out, in] block of exp(P − Pᵀ), P square of size max(in, out); every singular value is 1",
            Params = EquatableArray.Of(Out("outFeatures"), Bias), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inFeatures", ShapeText = "[features] → [out]", Shape = Dense, ParameterCount = SquareParameters,
            Bound = BoundRule.One("exp of a skew-symmetric matrix is orthogonal (float64 in eval mode): ‖W‖₂ = 1"), Sample = new(Shape(8), "out: 5"),
        },
        new LayerKindInfo
        {
            Key = "cayley_linear", AttributeName = "CayleyLinear", RuntimeType = "Layers.CayleyLinear", FieldPrefix = "fc",
            Doc = "dense layer with an orthogonal weight from the Cayley transform (Trockman & Kolter 2021): the leading [out, in] block of (I − A)(I + A)⁻¹, A = P − Pᵀ",
            Params = EquatableArray.Of(Out("outFeatures"), Bias), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inFeatures", ShapeText = "[features] → [out]", Shape = Dense, ParameterCount = SquareParameters,
            Bound = BoundRule.One("Cayley transform of a skew-symmetric matrix is orthogonal (float64 in eval mode): ‖W‖₂ = 1"), Sample = new(Shape(5), "out: 8"),
        },
        new LayerKindInfo
        {
            Key = "sll_linear", AttributeName = "SllLinear", RuntimeType = "Layers.SllLinear", FieldPrefix = "sll",
            Doc = "SDP-based Lipschitz residual layer, SLL (Araujo et al. 2023): x − 2·W·T⁻¹·ReLU(Wᵀx + b), T = diag(Σⱼ|WᵀW|ᵢⱼ·qⱼ/qᵢ), q > 0 learned",
            Params = EquatableArray.Of(Inner(), ResidualBias()),
            InputArgument = "inFeatures", ShapeText = "[features] → [features]", Shape = Residual,
            ParameterCount = c => Count((double)InnerWidth(c) * c.Input[0] + InnerWidth(c) + (c.Params.Boolean("bias") ? InnerWidth(c) : 0)),
            Bound = BoundRule.One("T ⪰ WᵀW (Gershgorin with weights q), so ‖I − 2W·T⁻¹·D·Wᵀ‖₂ ≤ 1 for every ReLU slope pattern D"),
            Sample = new(Shape(6), "inner: 9"),
        },
        new LayerKindInfo
        {
            Key = "cpl_linear", AttributeName = "CplLinear", RuntimeType = "Layers.CplLinear", FieldPrefix = "cpl",
            Doc = "convex potential layer, CPL (Meunier et al. 2022): x − h·Wᵀ·ReLU(Wx + b), h = 2/‖W‖₂² (power iteration while training, the verified float64 norm in eval mode)",
            Params = EquatableArray.Of(Inner(), ResidualBias()),
            InputArgument = "inFeatures", ShapeText = "[features] → [features]", Shape = Residual,
            ParameterCount = c => Count((double)InnerWidth(c) * c.Input[0] + (c.Params.Boolean("bias") ? InnerWidth(c) : 0)),
            Bound = BoundRule.One("gradient step on a convex potential with h ≤ 2/‖W‖₂² (eval mode divides by a verified upper bound of ‖W‖₂)"),
            Sample = new(Shape(6), "inner: 4"),
        },
        new LayerKindInfo
        {
            Key = "sandwich_linear", AttributeName = "SandwichLinear", RuntimeType = "Layers.SandwichLinear", FieldPrefix = "sandwich",
            Doc = "sandwich layer (Wang & Manchester 2023): √2·Aᵀ·Ψ·ReLU(√2·Ψ⁻¹·B·x + b), [A B] the Cayley transform of a free [out, out + in] matrix, Ψ = diag(exp(d))",
            Params = EquatableArray.Of(Out("outFeatures"), Bias), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inFeatures", ShapeText = "[features] → [out]", Shape = Dense,
            ParameterCount = c =>
            {
                long outSize = c.Params.Integer("out");
                return Count((double)outSize * (outSize + c.Input[0]) + 1 + outSize + (c.Params.Boolean("bias") ? outSize : 0));
            },
            Bound = BoundRule.One("[A B] has orthonormal rows (Cayley), so the layer is 1-Lipschitz by the paper's IQC argument"),
            Sample = new(Shape(7), "out: 4"),
        },
        new LayerKindInfo
        {
            Key = "spectral_linear", AttributeName = "SpectralLinear", RuntimeType = "Layers.SpectralLinear", FieldPrefix = "fc",
            Doc = "dense layer with spectral normalisation: W = P/σ(P), σ by power iteration while training (vectors kept as buffers), the verified float64 σ in eval mode",
            Params = EquatableArray.Of(Out("outFeatures"), Bias), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inFeatures", ShapeText = "[features] → [out]", Shape = Dense, ParameterCount = DenseParameters,
            Bound = BoundRule.One("eval mode divides P by a verified upper bound of σ(P) (float64 SVD): ‖W‖₂ ≤ 1"), Sample = new(Shape(8), "out: 4"),
        },
    };

    /// <summary>The row-normalised classification head (last-layer normalisation).</summary>
    private static IEnumerable<LayerKindInfo> Heads() => new[]
    {
        new LayerKindInfo
        {
            Key = "normalized_head", AttributeName = "NormalizedHead", RuntimeType = "Layers.NormalizedHead", FieldPrefix = "head",
            Doc = "classification head with rows of unit norm (last-layer normalisation, Singla et al. 2022): W = diag(1/‖pᵢ‖)·P; must be the last layer, and " +
                  "certificates use each class pair's ‖w_y − w_j‖ instead of √2: radius = min over j≠y of (f_y − f_j)/(‖w_y − w_j‖·L), L the bound of the layers before it",
            Params = EquatableArray.Of(Out("outFeatures"), Bias), Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inFeatures", ShapeText = "[features] → [out], the last layer", Shape = Dense, ParameterCount = DenseParameters,
            ClassPairHead = true,
            Bound = BoundRule.Exact("rows of unit norm: ‖W‖₂ ≤ ‖W‖_F = √out; per class pair ‖w_i − w_j‖ ≤ 2, the factor certificates use", p => Math.Sqrt(p.Integer("out"))),
            Sample = new(Shape(8), "out: 2"),
        },
    };

    /// <summary>P of the orthogonal kinds is square, max(in, out) on a side.</summary>
    private static long SquareParameters(LayerContext c)
    {
        double n = Math.Max(c.Input[0], c.Params.Integer("out"));
        return Count(n * n + (c.Params.Boolean("bias") ? c.Params.Integer("out") : 0));
    }

    /// <summary>The hidden width of a residual kind: 'inner', or the input's features when it is 0.</summary>
    private static long InnerWidth(LayerContext c)
    {
        long inner = c.Params.Integer("inner");
        return inner == 0 ? c.Input[0] : inner;
    }

    private static long[]? Residual(LayerContext c) => c.RequireFlat() ? Same(c) : null;

    private static ParamDef Inner() =>
        ParamDef.Integer("inner", "hidden width: the number of ReLU units (0: the input's features)", 0, 0, DslLimits.MaxSize).Runtime("inner");

    private static ParamDef ResidualBias() =>
        ParamDef.Boolean("bias", "whether the layer adds a learned bias b inside the activation", true).Runtime("bias");
}
