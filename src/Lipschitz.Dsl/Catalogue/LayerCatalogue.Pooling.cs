using System;
using System.Collections.Generic;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of down-sampling and pooling (L2-norm pooling, scaled average pooling, global pooling), in docs order.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> Pooling() => new[]
    {
        new LayerKindInfo
        {
            Key = "l2_pool", AttributeName = "L2Pool", RuntimeType = "Layers.L2Pool", FieldPrefix = "pool",
            Doc = "L2-norm pooling: √(Σ x²) over disjoint k×k windows (stride k); rows and columns past the last full window are dropped",
            Params = EquatableArray.Of(PoolWindow()), Shorthand = "kernel",
            ShapeText = "[c, h, w] → [c, ⌊h/k⌋, ⌊w/k⌋]", Shape = DisjointWindows,
            Bound = BoundRule.One("disjoint windows, each mapped by the Euclidean norm (|‖a‖ − ‖b‖| ≤ ‖a − b‖)"),
            Sample = new(Shape(2, 4, 4), "kernel: 2"),
        },
        new LayerKindInfo
        {
            Key = "avg_pool", AttributeName = "AvgPool", RuntimeType = "Layers.AvgPool", FieldPrefix = "pool",
            Doc = "average pooling over disjoint k×k windows (stride k), multiplied by k when scaled; rows and columns past the last full window are dropped",
            Params = EquatableArray.Of(
                PoolWindow(),
                ParamDef.Boolean("scaled", "multiply the average by k (sum / k), making the layer exactly 1-Lipschitz", false).Runtime("scaled")),
            Shorthand = "kernel",
            ShapeText = "[c, h, w] → [c, ⌊h/k⌋, ⌊w/k⌋]", Shape = DisjointWindows,
            Bound = BoundRule.Exact("a window's mean is (1/k²)·1ᵀ, norm 1/k, on disjoint windows: exactly 1/k; scaled: exactly 1",
                p => p.Boolean("scaled") ? 1.0 : 1.0 / p.Integer("kernel")),
            Sample = new(Shape(2, 4, 4), "kernel: 2"),
        },
        new LayerKindInfo
        {
            Key = "global_l2_pool", AttributeName = "GlobalL2Pool", RuntimeType = "Layers.GlobalL2Pool", FieldPrefix = "pool",
            Doc = "global L2-norm pooling: per channel √(Σ x²) over all h·w positions",
            ShapeText = "[c, h, w] → [c]", Shape = c => c.RequireImage() ? new[] { c.Input[0] } : null,
            Bound = BoundRule.One("per channel the Euclidean norm (|‖a‖ − ‖b‖| ≤ ‖a − b‖), channels disjoint"),
            Sample = new(Shape(2, 3, 3), ""),
        },
        new LayerKindInfo
        {
            Key = "global_avg_pool", AttributeName = "GlobalAvgPool", RuntimeType = "Layers.GlobalAvgPool", FieldPrefix = "pool",
            Doc = "global average pooling scaled to norm 1: per channel Σ x / √(h·w) over all positions (√(h·w) times the mean)",
            ShapeText = "[c, h, w] → [c]", Shape = c => c.RequireImage() ? new[] { c.Input[0] } : null,
            Bound = BoundRule.One("per channel the unit row (1/√(h·w))·1ᵀ, channels disjoint: exactly 1"),
            Sample = new(Shape(2, 3, 3), ""),
        },
    };

    private static ParamDef PoolWindow() => ParamDef.Integer("kernel", "window size k (k×k, stride k)", 2, 1, 64).Runtime("kernelSize");

    /// <summary>[c, ⌊h/k⌋, ⌊w/k⌋] for an image at least k×k; otherwise reports LIP0202 or LIP0207.</summary>
    private static long[]? DisjointWindows(LayerContext c)
    {
        if (!c.RequireImage()) return null;
        long k = c.Params.Integer("kernel");
        long h = c.Input[1] / k, w = c.Input[2] / k;
        if (h == 0 || w == 0)
        {
            c.Report(DiagnosticCatalogue.EmptyOutput, c.Label, c.Layer.Kind, c.InputText, FormattableString.Invariant($"[{c.Input[0]}, {h}, {w}]"));
            return null;
        }
        return new[] { c.Input[0], h, w };
    }
}
