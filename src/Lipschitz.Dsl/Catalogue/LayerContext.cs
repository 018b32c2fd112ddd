using System.Collections.Generic;
using System.Globalization;
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

    internal LayerContext(LayerSpec layer, int index, EquatableArray<long> input, List<DslDiagnostic> diagnostics)
    {
        Layer = layer;
        Input = input;
        _diagnostics = diagnostics;
        Label = layer.Name is null ? index.ToString(CultureInfo.InvariantCulture) : $"{index.ToString(CultureInfo.InvariantCulture)} '{layer.Name}'";
    }

    /// <summary>The layer as written.</summary>
    public LayerSpec Layer { get; }

    /// <summary>Its parameters.</summary>
    public ParamSet Params => Layer.Params;

    /// <summary>Its input shape without the batch dimension.</summary>
    public EquatableArray<long> Input { get; }

    /// <summary>"3" or "3 'head'": how messages name the layer.</summary>
    public string Label { get; }

    /// <summary>The input shape as "[16, 28, 28]".</summary>
    public string InputText => Shapes.Text(Input);

    /// <summary>Reports a problem at the layer's kind.</summary>
    public void Report(DiagnosticDescriptorInfo descriptor, params object?[] args) =>
        _diagnostics.Add(DslDiagnostic.Create(descriptor, Layer.KindSpan, args));

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
