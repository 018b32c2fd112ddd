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
    };

    /// <summary>P of the orthogonal kinds is square, max(in, out) on a side.</summary>
    private static long SquareParameters(LayerContext c)
    {
        double n = Math.Max(c.Input[0], c.Params.Integer("out"));
        return Count(n * n + (c.Params.Boolean("bias") ? c.Params.Integer("out") : 0));
    }
}
