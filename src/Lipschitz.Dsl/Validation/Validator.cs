using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Validation;

/// <summary>Checks names, infers shapes layer by layer with the catalogue's rules and composes the Lipschitz bound with
/// provenance (LIP0108, LIP0110, LIP02xx, LIP03xx). Composite layers (residual, concat) are checked recursively: their
/// nested chains first, on the composite's input, then the composite's own shape rule on the chains' outputs.</summary>
public static class Validator
{
    /// <summary>Validates a bound description; returns null when an error was reported.</summary>
    public static ValidatedNetwork? Validate(NetworkSpec spec, List<DslDiagnostic> diagnostics)
    {
        int errorsBefore = diagnostics.Count(d => d.Severity == DslSeverity.Error);
        void Report(DiagnosticDescriptorInfo d, Syntax.SourceSpan span, params object?[] args) => diagnostics.Add(DslDiagnostic.Create(d, span, args));

        if (Names.NetworkProblem(spec.Name, spec.Namespace) is { } networkProblem)
        {
            Report(DiagnosticCatalogue.ReservedName, spec.Spans.Name, spec.FullName, "network", networkProblem);
        }

        // Layer names are checked here, once: explicit names and the default ones (kind prefix + index; nested layers:
        // the composite's field + '_' + prefix + index) share one space, nested layers included.
        var fieldNames = new Dictionary<string, string>(StringComparer.Ordinal);
        CheckNames(spec, spec.Layers, "", "", fieldNames, diagnostics);

        var walk = new Walk(diagnostics);
        var chain = walk.Chain(spec.Layers, spec.Input, "", "");
        bool shapesOk = chain is not null;
        var layers = chain?.Layers.ToList() ?? walk.TopLevel;
        var shape = chain?.Output ?? spec.Input;

        if (shapesOk && !(shape.Count == 1 && shape[0] == spec.Classes))
        {
            Report(DiagnosticCatalogue.ClassesMismatch, spec.Layers[spec.Layers.Count - 1].Span, Shapes.Text(shape), spec.Classes);
        }

        foreach (var l in layers.SelectMany(l => l.SelfAndNested()))
        {
            if (!l.Info.Bound.Bounded && !spec.Lipschitz.Computed)
            {
                Report(DiagnosticCatalogue.UnboundedLayer, l.Spec.KindSpan, l.FieldName, l.Spec.Kind, spec.Lipschitz, l.Info.Replacement ?? "a bounded layer");
            }
        }
        // A normalized_head must be the last top-level layer: the per-class-pair certificate reads its logits.
        int misplacedBefore = diagnostics.Count;
        MisplacedHeads(layers, "", null, diagnostics);
        bool headsMisplaced = diagnostics.Count > misplacedBefore;
        double composed = Product(layers);
        // With a head, the declared bound is the body's (the layers before the head): the certificate multiplies it by
        // the distance between two of the head's rows, per class pair, not by the head's own bound.
        bool headLast = shapesOk && layers.Count > 0 && layers[layers.Count - 1].Info.ClassPairHead;
        var checkedLayers = headLast ? layers.Take(layers.Count - 1).ToList() : layers;
        double checkedBound = Product(checkedLayers);
        // A misplaced head (LIP0222) is reported alone: moving it changes which layers the declared bound covers.
        if (shapesOk && !headsMisplaced && !spec.Lipschitz.Computed && !double.IsInfinity(checkedBound) && checkedBound > spec.Lipschitz.Value * (1 + 1e-12))
        {
            var factors = checkedLayers.Where(l => l.Bound != 1.0).Select(l => $"{ParamValue.Format(l.Bound)} ({l.FieldName})");
            var text = string.Join(" × ", factors) + (headLast ? $" (the layers before the head '{layers[layers.Count - 1].FieldName}')" : "");
            Report(DiagnosticCatalogue.BoundExceeded, spec.Spans.Lipschitz, text, ParamValue.Format(checkedBound), spec.Lipschitz);
        }

        if (diagnostics.Count(d => d.Severity == DslSeverity.Error) > errorsBefore) return null;
        var canonical = CanonicalForm.Of(spec, layers);
        return new ValidatedNetwork(spec, new EquatableArray<ValidatedLayer>(layers), composed, Provenance(layers, composed), canonical, CanonicalForm.Hash(canonical))
        {
            HeadBodyBound = headLast ? checkedBound : null,
            HeadBodyProvenance = headLast ? Provenance(checkedLayers, checkedBound) : null,
        };
    }

    /// <summary>LIP0222 for every class-pair head that is not the last top-level layer: followed by other layers, or
    /// nested in a composite (<paramref name="parent"/>); positions as in the other layer messages ("3", "0.1").</summary>
    private static void MisplacedHeads(IReadOnlyList<ValidatedLayer> chain, string prefix, ValidatedLayer? parent, List<DslDiagnostic> diagnostics)
    {
        for (int i = 0; i < chain.Count; i++)
        {
            var layer = chain[i];
            var position = prefix + i.ToString(CultureInfo.InvariantCulture);
            if (layer.Info.ClassPairHead && (parent is not null || i != chain.Count - 1))
            {
                int after = chain.Count - 1 - i;
                var where = parent is not null
                    ? $"inside {parent.Spec.Kind} '{parent.FieldName}'"
                    : FormattableString.Invariant($"followed by {after} layer{(after == 1 ? "" : "s")}");
                var label = layer.Spec.Name is null ? position : $"{position} '{layer.Spec.Name}'";
                diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.HeadNotLast, layer.Spec.KindSpan, label, where));
            }
            bool branches = layer.Info.Params.Any(p => p.Type == ParamType.Branches);
            for (int c = 0; c < layer.Chains.Count; c++)
            {
                var nestedPrefix = branches ? $"{position}.{c.ToString(CultureInfo.InvariantCulture)}." : position + ".";
                MisplacedHeads(layer.Chains[c].Layers, nestedPrefix, layer, diagnostics);
            }
        }
    }

    /// <summary>The product of the bounds along a chain (1 when empty; +∞ when a layer has none, whatever the others).</summary>
    internal static double Product(IEnumerable<ValidatedLayer> chain)
    {
        double product = 1.0;
        foreach (var l in chain)
        {
            if (double.IsPositiveInfinity(l.Bound)) return double.PositiveInfinity;
            product *= l.Bound;
        }
        return product;
    }

    /// <summary>The field name of a layer: its name, or the prefix of its chain + the kind's prefix + its index.</summary>
    private static string FieldName(LayerSpec layer, string fieldPrefix, int index) =>
        layer.Name ?? fieldPrefix + layer.Info.FieldPrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The nested chains of a composite layer with the field-name and position prefixes of their layers.</summary>
    private static IEnumerable<(EquatableArray<LayerSpec> Chain, string FieldPrefix, string Position)> NestedChains(LayerSpec layer, string field, string position)
    {
        foreach (var def in layer.Info.Params.Where(p => p.Nested))
        {
            switch (layer.Params[def.Key])
            {
                case LayersValue body:
                    yield return (body.Layers, field + "_", position + ".");
                    break;
                case BranchesValue branches:
                    for (int b = 0; b < branches.Branches.Count; b++)
                    {
                        var bt = b.ToString(CultureInfo.InvariantCulture);
                        yield return (branches.Branches[b], field + "_b" + bt + "_", position + "." + bt + ".");
                    }
                    break;
            }
        }
    }

    private static void CheckNames(NetworkSpec spec, EquatableArray<LayerSpec> chain, string fieldPrefix, string positionPrefix, Dictionary<string, string> fieldNames, List<DslDiagnostic> diagnostics)
    {
        for (int i = 0; i < chain.Count; i++)
        {
            var layer = chain[i];
            var field = FieldName(layer, fieldPrefix, i);
            var position = positionPrefix + i.ToString(CultureInfo.InvariantCulture);
            if (fieldNames.TryGetValue(field, out var first)) diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.DuplicateLayerName, layer.Span, field, first));
            else fieldNames[field] = position;
            if (field == spec.Name) diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.ReservedName, layer.Span, field, "layer", "a member may not have the name of its class"));
            foreach (var (nested, nestedField, nestedPosition) in NestedChains(layer, field, position))
            {
                CheckNames(spec, nested, nestedField, nestedPosition, fieldNames, diagnostics);
            }
        }
    }

    /// <summary>The shape walk: one chain after another, depth first.</summary>
    private sealed class Walk
    {
        private readonly List<DslDiagnostic> _diagnostics;

        public Walk(List<DslDiagnostic> diagnostics) => _diagnostics = diagnostics;

        /// <summary>The top-level layers validated before a shape error stopped the walk.</summary>
        public List<ValidatedLayer> TopLevel { get; } = new();

        /// <summary>Validates a chain on <paramref name="input"/>; null after a shape error (reported).</summary>
        public ValidatedChain? Chain(EquatableArray<LayerSpec> chain, EquatableArray<long> input, string fieldPrefix, string positionPrefix)
        {
            bool top = positionPrefix.Length == 0;
            var layers = top ? TopLevel : new List<ValidatedLayer>();
            var shape = input;
            for (int i = 0; i < chain.Count; i++)
            {
                var layer = chain[i];
                var info = layer.Info;
                var field = FieldName(layer, fieldPrefix, i);
                var position = positionPrefix + i.ToString(CultureInfo.InvariantCulture);
                var context = new LayerContext(layer, position, shape, _diagnostics);
                var nested = new List<ValidatedChain>();
                foreach (var (sub, subField, subPosition) in NestedChains(layer, field, position))
                {
                    var validated = Chain(sub, shape, subField, subPosition);
                    if (validated is null) return null;
                    nested.Add(validated);
                }
                context.Chains = nested;
                var output = info.Shape(context);
                if (output is null) return null;
                var outputShape = new EquatableArray<long>(output);
                if (output.Aggregate(1.0, (a, b) => a * b) > DslLimits.MaxElements)
                {
                    context.Report(DiagnosticCatalogue.OutputTooLarge, context.Label, layer.Kind, Shapes.Text(outputShape), DslLimits.MaxElements);
                    return null;
                }
                layers.Add(new ValidatedLayer(layer, i, field, shape, outputShape, info.Bound.Of(layer.Params), info.ParameterCount(context))
                {
                    Chains = new EquatableArray<ValidatedChain>(nested),
                });
                shape = outputShape;
            }
            return new ValidatedChain(new EquatableArray<ValidatedLayer>(layers), input, shape, Product(layers));
        }
    }

    private static string Provenance(List<ValidatedLayer> layers, double composed)
    {
        var factors = layers.Where(l => l.Bound != 1.0 || l.Chains.Count > 0)
            .Select(l => l.Chains.Count > 0 ? $"{Format(l.Bound)} ({l.FieldName}: {l.Spec.Kind} = {Formula(l)})" : $"{Format(l.Bound)} ({l.FieldName})").ToList();
        var text = factors.Count == 0 ? $"1 (all {layers.Count.ToString(CultureInfo.InvariantCulture)} layers are 1-Lipschitz)" : string.Join(" × ", factors) + " (other layers 1)";
        return $"{text} = {Format(composed)}";
    }

    /// <summary>How a composite layer's bound is composed, from the catalogue's formula and its chains' texts.</summary>
    private static string Formula(ValidatedLayer layer) =>
        layer.Info.BoundFormula is { } formula ? formula(layer.Spec.Params, layer.Chains.Select(ChainText).ToList()) : Format(layer.Bound);

    /// <summary>"aol_linear 1 × maxmin 1", a nested composite as "residual 'res0_res1' 2 = (…)", "identity" when empty.</summary>
    private static string ChainText(ValidatedChain chain) => chain.Layers.Count == 0 ? "identity" :
        string.Join(" × ", chain.Layers.Select(l => l.Chains.Count > 0 ? $"{l.Spec.Kind} '{l.FieldName}' {Format(l.Bound)} = {Formula(l)}" : $"{l.Spec.Kind} {Format(l.Bound)}"));

    private static string Format(double value) => double.IsPositiveInfinity(value) ? "∞" : ParamValue.Format(value);
}
