using System.Collections.Generic;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;
using Lipschitz.Dsl.Validation;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>Computes a layer's output shape from its input shape and parameters, reporting problems through the
/// context; returns null when the input does not fit.</summary>
public delegate long[]? ShapeRule(LayerContext layer);

/// <summary>What a catalogue rule sees of one layer: its parameters, its input shape, and a way to report a problem at the layer.</summary>
public sealed class LayerContext
{
    private readonly List<DslDiagnostic> _diagnostics;

    internal LayerContext(LayerSpec layer, string position, EquatableArray<long> input, List<DslDiagnostic> diagnostics)
    {
        Layer = layer;
        Input = input;
        _diagnostics = diagnostics;
        Label = layer.Name is null ? position : $"{position} '{layer.Name}'";
    }

    /// <summary>The validated nested chains of a composite layer (its body, or its branches, in order), which the
    /// validator checks before the layer's own shape rule runs; empty for other kinds.</summary>
    public IReadOnlyList<ValidatedChain> Chains { get; internal set; } = System.Array.Empty<ValidatedChain>();

    /// <summary>The layer as written.</summary>
    public LayerSpec Layer { get; }

    /// <summary>Its parameters.</summary>
    public ParamSet Params => Layer.Params;

    /// <summary>Its input shape without the batch dimension.</summary>
    public EquatableArray<long> Input { get; }

    /// <summary>"3" or "3 'head'" (a nested layer: its path, "0.2" for layer 2 of layer 0's body): how messages name the layer.</summary>
    public string Label { get; }

    /// <summary>The input shape as "[16, 28, 28]".</summary>
    public string InputText => Shapes.Text(Input);

    /// <summary>Reports a problem at the layer's kind.</summary>
    public void Report(DiagnosticDescriptorInfo descriptor, params object?[] args) =>
        _diagnostics.Add(DslDiagnostic.Create(descriptor, Layer.KindSpan, args));

    /// <summary>Reports a problem at <paramref name="span"/> (e.g. one of the layer's parameters).</summary>
    public void ReportAt(DiagnosticDescriptorInfo descriptor, Syntax.SourceSpan span, params object?[] args) =>
        _diagnostics.Add(DslDiagnostic.Create(descriptor, span, args));

    /// <summary>True for a flat input [features]; otherwise reports LIP0201.</summary>
    public bool RequireFlat()
    {
        if (Input.Count == 1) return true;
        Report(DiagnosticCatalogue.NeedsFlatInput, Label, Layer.Kind, InputText);
        return false;
    }

    /// <summary>True for an image input [channels, height, width]; otherwise reports LIP0202.</summary>
    public bool RequireImage()
    {
        if (Input.Count == 3) return true;
        Report(DiagnosticCatalogue.NeedsImageInput, Label, Layer.Kind, InputText);
        return false;
    }
}
