using System.Collections.Generic;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of activations beyond MaxMin, ReLU and Abs (GroupSort, Householder, the N-activation), in docs order.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> Activations() => new[]
    {
        new LayerKindInfo
        {
            Key = "group_sort", AttributeName = "GroupSort", RuntimeType = "Layers.GroupSort", FieldPrefix = "groupsort",
            Doc = "activation (GroupSort, Anil et al. 2019): sorts each group of k channels (features) in descending order; group j holds channels j, j + c/k, …, j + (k − 1)·c/k, so group_sort: 2 is maxmin",
            Params = EquatableArray.Of(ParamDef.Integer("group", "group size k", null, 2, DslLimits.MaxSize).Runtime("groupSize")),
            Shorthand = "group", AttributeArguments = EquatableArray.Of("group"),
            ShapeText = "[c, …] → [c, …], k divides c",
            Shape = c => InChannelGroups(c, c.Params.Integer("group")),
            Bound = BoundRule.One("sorting: on each input a permutation of the entries, continuous across ties, so 1-Lipschitz"),
            Sample = new(Shape(6, 2, 2), "group: 3"),
        },
        new LayerKindInfo
        {
            Key = "householder", AttributeName = "Householder", RuntimeType = "Layers.Householder", FieldPrefix = "householder",
            Doc = "activation (Householder of order 1, Singla et al. 2022): on pairs z = (a, b) of channels j and j + c/2 (as maxmin pairs them), z if vᵀz > 0, else (I − 2vvᵀ)z, with a learned v = (cos θ, sin θ) per pair; starts as maxmin (θ = −π/4)",
            InputArgument = "channels", ShapeText = "[c, …] → [c, …], c even",
            Shape = c => InChannelGroups(c, 2),
            ParameterCount = c => c.Input[0] / 2,
            Bound = BoundRule.One("identity or the reflection I − 2vvᵀ (both isometries), equal on vᵀz = 0: continuous piecewise orthogonal, 1-Lipschitz for every θ"),
            Sample = new(Shape(4, 2, 2), ""),
        },
        new LayerKindInfo
        {
            Key = "n_activation", AttributeName = "NActivation", RuntimeType = "Layers.NActivation", FieldPrefix = "nact",
            Doc = "activation (N-activation, Prach & Lampert 2023): per channel a learned pair sorted into θ₁ ≤ θ₂, x − 2·clamp(x, θ₁, θ₂) (slopes +1, −1, +1)",
            InputArgument = "channels", ShapeText = "any → the same", Shape = Same,
            ParameterCount = c => Count(2.0 * c.Input[0]),
            Bound = BoundRule.One("elementwise, continuous, slopes ±1 for every θ₁ ≤ θ₂ (the pair is sorted in the forward)"),
            Sample = new(Shape(3, 2, 2), ""),
        },
    };

    /// <summary>The input shape when its channel count (dim 0 without the batch) is a multiple of <paramref name="group"/>; otherwise reports LIP0209.</summary>
    private static long[]? InChannelGroups(LayerContext c, long group)
    {
        if (c.Input[0] % group == 0) return Same(c);
        c.Report(DiagnosticCatalogue.ChannelsNotGrouped, c.Label, c.Layer.Kind, group, c.InputText, c.Input[0]);
        return null;
    }
}
