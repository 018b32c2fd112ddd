using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;
using Lipschitz.Dsl.Validation;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of composition: residual, concatenation, in docs order. Their parameters hold nested chains of
    /// layers; the validator checks those chains (names, shapes, bounds) before the composite's own rules run, and the
    /// composite's bound rule composes the nested layers' bound rules.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> Composition() => new[]
    {
        new LayerKindInfo
        {
            Key = "residual", AttributeName = "Residual", RuntimeType = "Layers.Residual", FieldPrefix = "res", YamlOnly = true,
            Doc = "residual block y = x + c·f(x) with f the nested chain of layers 'layers' (convex: y = (1 − c)·x + c·f(x), c in (0, 1])",
            Params = EquatableArray.Of(
                ParamDef.Layers("layers", "the body f: a chain of layers that keeps the input's shape", 1).Runtime("body"),
                ParamDef.Number("scale", "the factor c on the body's output", 1, ValueRange.Closed(-1e12, 1e12)).Runtime("scale"),
                ParamDef.Boolean("convex", "whether the block is the convex combination (1 − c)·x + c·f(x) (needs c in (0, 1])", false).Runtime("convex")),
            Shorthand = "layers",
            ShapeText = "any → the same; the body must keep the shape",
            Shape = ResidualShape, ParameterCount = NestedParameters,
            Bound = BoundRule.Exact(
                "‖x + c·f(x) − y − c·f(y)‖ ≤ ‖x − y‖ + |c|·L_f·‖x − y‖: 1 + |c|·L_f, with L_f the product of the body's bounds; " +
                "convex: (1 − c) + c·L_f (1 when L_f ≤ 1); exact when the body's bounds are (else certified with the verified bound, which the runtime composes the same way from the body's verified bounds)",
                p => ResidualBound(p, ChainBound(p.Layers("layers")))),
            BoundFormula = (p, chains) => p.Boolean("convex")
                ? $"(1 − {ParamValue.Format(p.Number("scale"))}) + {ParamValue.Format(p.Number("scale"))} × ({chains[0]})"
                : $"1 + {ParamValue.Format(Math.Abs(p.Number("scale")))} × ({chains[0]})",
            Sample = new(Shape(8), "layers: [aol_linear: 8, maxmin], scale: 0.5, convex: true"),
        },
        new LayerKindInfo
        {
            Key = "concat", AttributeName = "Concat", RuntimeType = "Layers.Concat", FieldPrefix = "cat", YamlOnly = true,
            Doc = "concatenation of branches along the feature (channel) dimension: [f₁(x), …, fₖ(x)], each branch a nested chain of layers on the same input (an empty branch passes x through)",
            Params = EquatableArray.Of(
                ParamDef.Branches("branches", "the branches: each a chain of layers on the input; outputs may differ only in dimension 1", 1).Runtime("branches")),
            Shorthand = "branches",
            ShapeText = "[c, …] → [Σ cᵢ, …]: the branches' outputs, joined along their first dimension",
            Shape = ConcatShape, ParameterCount = NestedParameters,
            Bound = BoundRule.Exact(
                "‖(f₁(x) − f₁(y), …)‖² = Σ‖fᵢ(x) − fᵢ(y)‖² ≤ Σ Lᵢ²·‖x − y‖²: √(Σ Lᵢ²), with Lᵢ the product of branch i's bounds (1 for an empty branch); exact when the branches' bounds are (else certified with the verified bound, composed the same way)",
                p => ConcatBound(p.Branches("branches").Select(ChainBound))),
            BoundFormula = (_, chains) => "√(" + string.Join(" + ", chains.Select(c => $"({c})²")) + ")",
            Sample = new(Shape(8), "branches: [[aol_linear: 4, maxmin, scale: 0.6], [scale: 0.8]]"),
        },
    };

    /// <summary>The product of a nested chain's bound rules (1 when empty; +∞ as soon as a layer has no bound).</summary>
    internal static double ChainBound(EquatableArray<LayerSpec> chain)
    {
        double product = 1.0;
        foreach (var layer in chain)
        {
            double bound = layer.Info.Bound.Of(layer.Params);
            if (double.IsPositiveInfinity(bound)) return double.PositiveInfinity;
            product *= bound;
        }
        return product;
    }

    /// <summary>A residual's bound from its body's bound: 1 + |c|·L_f, or (1 − c) + c·L_f when convex (+∞ when L_f is).</summary>
    internal static double ResidualBound(ParamSet p, double body)
    {
        if (double.IsPositiveInfinity(body)) return double.PositiveInfinity;
        double c = p.Number("scale");
        return p.Boolean("convex") ? (1 - c) + c * body : 1 + Math.Abs(c) * body;
    }

    /// <summary>A concatenation's bound from its branches' bounds: √(Σ Lᵢ²) (+∞ when one is).</summary>
    internal static double ConcatBound(IEnumerable<double> branches)
    {
        double sum = 0;
        foreach (var b in branches)
        {
            if (double.IsPositiveInfinity(b)) return double.PositiveInfinity;
            sum += b * b;
        }
        return Math.Sqrt(sum);
    }

    private static long NestedParameters(LayerContext c)
    {
        long total = 0;
        foreach (var l in c.Chains.SelectMany(chain => chain.Layers)) total = total > long.MaxValue - l.ParameterCount ? long.MaxValue : total + l.ParameterCount;
        return total;
    }

    private static long[]? ResidualShape(LayerContext c)
    {
        if (c.Params.Boolean("convex"))
        {
            double scale = c.Params.Number("scale");
            if (!(scale > 0 && scale <= 1))
            {
                var at = c.Params.Find("scale")!;
                c.ReportAt(DiagnosticCatalogue.BadValue, at.Span, "scale", ParamValue.Format(scale), "a convex residual (convex: true) needs 0 < scale ≤ 1");
                return null;
            }
        }
        var body = c.Chains[0];
        if (!body.Output.Equals(c.Input))
        {
            c.Report(DiagnosticCatalogue.ResidualShape, c.Label, Shapes.Text(body.Output), c.InputText);
            return null;
        }
        return Same(c);
    }

    private static long[]? ConcatShape(LayerContext c)
    {
        var outputs = c.Chains.Select(chain => chain.Output).ToList();
        var first = outputs[0];
        if (outputs.Any(o => o.Count != first.Count || !o.Skip(1).SequenceEqual(first.Skip(1))))
        {
            c.Report(DiagnosticCatalogue.BranchShapes, c.Label, string.Join(", ", outputs.Select(Shapes.Text)));
            return null;
        }
        var shape = first.ToArray();
        shape[0] = outputs.Sum(o => o[0]);
        return shape;
    }
}
