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
/// provenance (LIP0108, LIP0110, LIP02xx, LIP03xx).</summary>
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

        var layers = new List<ValidatedLayer>();
        var shape = spec.Input;
        // Layer names are checked here, once: explicit names and the default ones (kind prefix + index) share one space.
        var fieldNames = new Dictionary<string, int>(StringComparer.Ordinal);
        bool shapesOk = true;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            var layer = spec.Layers[i];
            var info = layer.Info;
            var field = layer.Name ?? info.FieldPrefix + i.ToString(CultureInfo.InvariantCulture);
            if (fieldNames.TryGetValue(field, out var first)) Report(DiagnosticCatalogue.DuplicateLayerName, layer.Span, field, first);
            else fieldNames[field] = i;
            if (field == spec.Name) Report(DiagnosticCatalogue.ReservedName, layer.Span, field, "layer", "a member may not have the name of its class");

            if (!shapesOk) continue;
            var context = new LayerContext(layer, i, shape, diagnostics);
            var output = info.Shape(context);
            if (output is null)
            {
                shapesOk = false;
                continue;
            }
            var outputShape = new EquatableArray<long>(output);
            if (output.Aggregate(1.0, (a, b) => a * b) > DslLimits.MaxElements)
            {
                context.Report(DiagnosticCatalogue.OutputTooLarge, context.Label, layer.Kind, Shapes.Text(outputShape), DslLimits.MaxElements);
                shapesOk = false;
                continue;
            }
            layers.Add(new ValidatedLayer(layer, i, field, shape, outputShape, info.Bound.Of(layer.Params), info.ParameterCount(context)));
            shape = outputShape;
        }

        if (shapesOk && !(shape.Count == 1 && shape[0] == spec.Classes))
        {
            Report(DiagnosticCatalogue.ClassesMismatch, spec.Layers[spec.Layers.Count - 1].Span, Shapes.Text(shape), spec.Classes);
        }

        double composed = 1.0;
        foreach (var l in layers)
        {
            if (!l.Info.Bound.Bounded && !spec.Lipschitz.Computed)
            {
                Report(DiagnosticCatalogue.UnboundedLayer, l.Spec.KindSpan, l.FieldName, l.Spec.Kind, spec.Lipschitz, l.Info.Replacement ?? "a bounded layer");
            }
            composed *= l.Bound;
        }
        if (shapesOk && !spec.Lipschitz.Computed && !double.IsInfinity(composed) && composed > spec.Lipschitz.Value * (1 + 1e-12))
        {
            var factors = layers.Where(l => l.Bound != 1.0).Select(l => $"{ParamValue.Format(l.Bound)} ({l.FieldName})");
            Report(DiagnosticCatalogue.BoundExceeded, spec.Spans.Lipschitz, string.Join(" × ", factors), ParamValue.Format(composed), spec.Lipschitz);
        }

        if (diagnostics.Count(d => d.Severity == DslSeverity.Error) > errorsBefore) return null;
        var canonical = CanonicalForm.Of(spec, layers);
        return new ValidatedNetwork(spec, new EquatableArray<ValidatedLayer>(layers), composed, Provenance(layers, composed), canonical, CanonicalForm.Hash(canonical));
    }

    private static string Provenance(List<ValidatedLayer> layers, double composed)
    {
        var factors = layers.Where(l => l.Bound != 1.0).Select(l => $"{Format(l.Bound)} ({l.FieldName})").ToList();
        var text = factors.Count == 0 ? $"1 (all {layers.Count.ToString(CultureInfo.InvariantCulture)} layers are 1-Lipschitz)" : string.Join(" × ", factors) + " (other layers 1)";
        return $"{text} = {Format(composed)}";
    }

    private static string Format(double value) => double.IsPositiveInfinity(value) ? "∞" : ParamValue.Format(value);
}
