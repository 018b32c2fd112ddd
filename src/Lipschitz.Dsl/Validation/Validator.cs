using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Validation;

/// <summary>Infers shapes layer by layer and composes the Lipschitz bound with provenance (LIP02xx, LIP03xx).</summary>
public static class Validator
{
    /// <summary>Validates a bound description; returns null when an error was reported.</summary>
    public static ValidatedNetwork? Validate(NetworkSpec spec, List<DslDiagnostic> diagnostics)
    {
        int errorsBefore = diagnostics.Count(d => d.Severity == DslSeverity.Error);
        var layers = new List<ValidatedLayer>();
        var shape = spec.Input.ToArray();
        var fieldNames = new Dictionary<string, int>(StringComparer.Ordinal);
        bool shapesOk = true;

        for (int i = 0; i < spec.Layers.Count; i++)
        {
            var layer = spec.Layers[i];
            var info = LayerCatalogue.Get(layer.Kind);
            var field = layer.Name ?? info.FieldPrefix + i.ToString(CultureInfo.InvariantCulture);
            if (fieldNames.TryGetValue(field, out var first))
            {
                diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.DuplicateLayerName, layer.Span, field, first));
            }
            else if (field == spec.Name)
            {
                diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.BadValue, layer.Span, "name", $"'{field}'", "a member may not have the name of its class; choose another name"));
            }
            fieldNames[field] = i;

            var output = Infer(layer, info, i, shape, diagnostics, out var parameters, out var args);
            if (output is null)
            {
                shapesOk = false;
                break;
            }
            double bound = LayerBound(layer, info);
            layers.Add(new ValidatedLayer(layer, i, field, info, new EquatableArray<long>(shape), new EquatableArray<long>(output), bound,
                info.Bounded, parameters, new EquatableArray<string>(args)));
            shape = output;
        }

        if (shapesOk && !(shape.Length == 1 && shape[0] == spec.Classes))
        {
            var last = spec.Layers[spec.Layers.Count - 1];
            diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.ClassesMismatch, last.Span, Shapes.Text(new EquatableArray<long>(shape)), spec.Classes));
        }

        double composed = 1.0;
        foreach (var l in layers)
        {
            if (!l.Info.Bounded)
            {
                diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.UnboundedLayer, l.Spec.KindSpan, l.FieldName, l.Info.YamlName, l.Info.Replacement));
            }
            composed *= l.Bound;
        }
        var provenance = Provenance(layers, composed);
        if (shapesOk && !double.IsInfinity(composed) && composed > spec.Lipschitz * (1 + 1e-12))
        {
            var factors = layers.Where(l => l.Bound != 1.0).Select(l => $"{Syntax.Binder.Format(l.Bound)} ({l.FieldName})");
            diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.BoundExceeded, spec.Spans.Lipschitz, string.Join(" × ", factors), Syntax.Binder.Format(composed), Syntax.Binder.Format(spec.Lipschitz)));
        }

        if (diagnostics.Count(d => d.Severity == DslSeverity.Error) > errorsBefore) return null;
        var canonical = CanonicalForm.Of(spec, layers);
        return new ValidatedNetwork(spec, new EquatableArray<ValidatedLayer>(layers), composed, provenance, canonical, CanonicalForm.Hash(canonical));
    }

    private static string Provenance(List<ValidatedLayer> layers, double composed)
    {
        var factors = layers.Where(l => l.Bound != 1.0).Select(l => $"{Format(l.Bound)} ({l.FieldName})").ToList();
        var text = factors.Count == 0 ? $"1 (all {layers.Count} layers are 1-Lipschitz)" : string.Join(" × ", factors) + " (other layers 1)";
        return $"{text} = {Format(composed)}";
    }

    private static string Format(double value) => double.IsPositiveInfinity(value) ? "∞" : Syntax.Binder.Format(value);

    private static double LayerBound(LayerSpec layer, LayerKindInfo info) =>
        !info.Bounded ? double.PositiveInfinity
        : layer.Kind == LayerKind.Scale ? Math.Abs(layer.ScaleFactor ?? 1.0)
        : 1.0;

    private static long[]? Infer(LayerSpec layer, LayerKindInfo info, int index, long[] shape, List<DslDiagnostic> diagnostics, out long parameters, out List<string> args)
    {
        parameters = 0;
        var arguments = new List<string>();
        args = arguments;
        var shapeText = Shapes.Text(new EquatableArray<long>(shape));
        string label = layer.Name is null ? index.ToString(CultureInfo.InvariantCulture) : $"{index} '{layer.Name}'";
        bool NeedFlat()
        {
            if (shape.Length == 1) return true;
            diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.NeedsFlatInput, layer.KindSpan, label, info.YamlName, shapeText));
            return false;
        }
        bool NeedImage()
        {
            if (shape.Length == 3) return true;
            diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.NeedsImageInput, layer.KindSpan, label, info.YamlName, shapeText));
            return false;
        }
        string Bias() => layer.Bias ? "" : "bias: false";
        void AddBias()
        {
            var b = Bias();
            if (b.Length > 0) arguments.Add(b);
        }
        static long Count(double value) => value >= long.MaxValue ? long.MaxValue : (long)value;

        switch (layer.Kind)
        {
            case LayerKind.AolLinear:
            case LayerKind.Linear:
            {
                if (!NeedFlat()) return null;
                long outSize = layer.Out!.Value;
                parameters = Count((double)shape[0] * outSize + (layer.Bias ? outSize : 0));
                args.Add(Lit(shape[0]));
                args.Add(Lit(outSize));
                AddBias();
                return new[] { outSize };
            }
            case LayerKind.AolConv2d:
            {
                if (!NeedImage()) return null;
                long outC = layer.Out!.Value, k = layer.Kernel!.Value;
                parameters = Count((double)outC * shape[0] * k * k + (layer.Bias ? outC : 0));
                args.Add(Lit(shape[0]));
                args.Add(Lit(outC));
                args.Add(Lit(k));
                AddBias();
                return new[] { outC, shape[1], shape[2] };
            }
            case LayerKind.Conv2d:
            {
                if (!NeedImage()) return null;
                long outC = layer.Out!.Value, k = layer.Kernel!.Value, s = layer.Stride!.Value, p = layer.Padding!.Value;
                long h = (shape[1] + 2 * p - k) / s + 1, w = (shape[2] + 2 * p - k) / s + 1;
                if (shape[1] + 2 * p - k < 0 || shape[2] + 2 * p - k < 0 || h < 1 || w < 1)
                {
                    diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.EmptyOutput, layer.KindSpan, label, info.YamlName, shapeText, $"[{outC}, {Math.Max(0, h)}, {Math.Max(0, w)}]"));
                    return null;
                }
                parameters = Count((double)outC * shape[0] * k * k + (layer.Bias ? outC : 0));
                args.Add(Lit(shape[0]));
                args.Add(Lit(outC));
                args.Add(Lit(k));
                args.Add("stride: " + Lit(s));
                args.Add("padding: " + Lit(p));
                AddBias();
                return new[] { outC, h, w };
            }
            case LayerKind.MaxMin:
                if (shape[0] % 2 != 0)
                {
                    diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.OddChannels, layer.KindSpan, label, shapeText, shape[0]));
                    return null;
                }
                return shape;
            case LayerKind.Flatten:
                return new[] { shape.Aggregate(1L, (a, b) => a * b) };
            case LayerKind.PixelUnshuffle:
            {
                if (!NeedImage()) return null;
                long f = layer.Factor!.Value;
                if (shape[1] % f != 0 || shape[2] % f != 0)
                {
                    diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.NotDivisible, layer.KindSpan, label, f, shapeText));
                    return null;
                }
                args.Add(Lit(f));
                return new[] { shape[0] * f * f, shape[1] / f, shape[2] / f };
            }
            case LayerKind.Relu:
                return shape;
            case LayerKind.Scale:
                args.Add(Emit.Literals.Double(layer.ScaleFactor ?? 1.0));
                return shape;
            default:
                throw new InvalidOperationException($"layer kind {layer.Kind} has no shape rule");
        }
    }

    private static string Lit(long value) => value.ToString(CultureInfo.InvariantCulture);
}
