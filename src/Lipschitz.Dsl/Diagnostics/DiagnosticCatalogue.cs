using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Dsl.Diagnostics;

/// <summary>Every diagnostic the language reports, grouped by hundreds: 00 syntax, 01 schema, 02 shapes, 03 Lipschitz, 04 certification, 05 C# declarations.</summary>
public static class DiagnosticCatalogue
{
    private const string Syntax = "Lipschitz.Syntax";
    private const string Schema = "Lipschitz.Schema";
    private const string Shapes = "Lipschitz.Shapes";
    private const string Lipschitz = "Lipschitz.Bounds";
    private const string Certification = "Lipschitz.Certification";
    private const string Declarations = "Lipschitz.Declarations";

    /// <summary>LIP0001: "YAML syntax error: {0}".</summary>
    public static readonly DiagnosticDescriptorInfo YamlSyntax = new("LIP0001", "YAML syntax error", "YAML syntax error: {0}", DslSeverity.Error, Syntax);

    /// <summary>LIP0002: "The file is empty or its top level is {0}; expected a mapping with network, input, classes and layers".</summary>
    public static readonly DiagnosticDescriptorInfo NotAMapping = new("LIP0002", "Top level is not a mapping", "The file is empty or its top level is {0}; expected a mapping with network, input, classes and layers", DslSeverity.Error, Syntax);

    /// <summary>LIP0003: "Duplicate key '{0}'; each key may appear once in a mapping".</summary>
    public static readonly DiagnosticDescriptorInfo DuplicateKey = new("LIP0003", "Duplicate key", "Duplicate key '{0}'; each key may appear once in a mapping", DslSeverity.Error, Syntax);

    /// <summary>LIP0004: "The file holds {0} YAML documents; a .lipnet.yaml file describes one network".</summary>
    public static readonly DiagnosticDescriptorInfo MultipleDocuments = new("LIP0004", "More than one document", "The file holds {0} YAML documents; a .lipnet.yaml file describes one network", DslSeverity.Error, Syntax);

    /// <summary>LIP0101: "Unknown layer kind '{0}'{1}; known kinds: {2}".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownLayerKind = new("LIP0101", "Unknown layer kind", "Unknown layer kind '{0}'{1}; known kinds: {2}", DslSeverity.Error, Schema);

    /// <summary>LIP0102: "Unknown key '{0}' in {1}{2}; allowed keys: {3}".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownKey = new("LIP0102", "Unknown key", "Unknown key '{0}' in {1}{2}; allowed keys: {3}", DslSeverity.Error, Schema);

    /// <summary>LIP0103: "Missing required key '{0}' in {1}".</summary>
    public static readonly DiagnosticDescriptorInfo MissingKey = new("LIP0103", "Missing required key", "Missing required key '{0}' in {1}", DslSeverity.Error, Schema);

    /// <summary>LIP0104: "'{0}' must be {1}, but is {2}".</summary>
    public static readonly DiagnosticDescriptorInfo WrongType = new("LIP0104", "Wrong type", "'{0}' must be {1}, but is {2}", DslSeverity.Error, Schema);

    /// <summary>LIP0105: "Bad value {1} for '{0}': {2}".</summary>
    public static readonly DiagnosticDescriptorInfo BadValue = new("LIP0105", "Bad value", "Bad value {1} for '{0}': {2}", DslSeverity.Error, Schema);

    /// <summary>LIP0106: "'{0}' is not a valid C# {1} name; use letters, digits and '_' (and '.' between namespace parts), not starting with a digit".</summary>
    public static readonly DiagnosticDescriptorInfo BadIdentifier = new("LIP0106", "Invalid name", "'{0}' is not a valid C# {1} name; use letters, digits and '_' (and '.' between namespace parts), not starting with a digit", DslSeverity.Error, Schema);

    /// <summary>LIP0107: "The network '{0}' has no layers; list at least one layer under 'layers'".</summary>
    public static readonly DiagnosticDescriptorInfo NoLayers = new("LIP0107", "No layers", "The network '{0}' has no layers; list at least one layer under 'layers'", DslSeverity.Error, Schema);

    /// <summary>LIP0108: "Layer name '{0}' is used twice (first by layer {1}); layer names must be unique".</summary>
    public static readonly DiagnosticDescriptorInfo DuplicateLayerName = new("LIP0108", "Duplicate layer name", "Layer name '{0}' is used twice (first by layer {1}); layer names must be unique", DslSeverity.Error, Schema);

    /// <summary>LIP0109: "Unknown {0} '{1}'{2}; known: {3}".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownOption = new("LIP0109", "Unknown option kind", "Unknown {0} '{1}'{2}; known: {3}", DslSeverity.Error, Schema);

    /// <summary>LIP0201: "Layer {0} ({1}) needs a flat input [features], but its input is {2}; add '- flatten' before it".</summary>
    public static readonly DiagnosticDescriptorInfo NeedsFlatInput = new("LIP0201", "Flat layer on an unflattened input", "Layer {0} ({1}) needs a flat input [features], but its input is {2}; add '- flatten' before it", DslSeverity.Error, Shapes);

    /// <summary>LIP0202: "Layer {0} ({1}) needs an image input [channels, height, width], but its input is {2}; move it before 'flatten' or use a linear layer".</summary>
    public static readonly DiagnosticDescriptorInfo NeedsImageInput = new("LIP0202", "Convolution on a flat input", "Layer {0} ({1}) needs an image input [channels, height, width], but its input is {2}; move it before 'flatten' or use a linear layer", DslSeverity.Error, Shapes);

    /// <summary>LIP0203: "Layer {0} (maxmin) pairs channels but its input {1} has an odd number of channels ({2}); give the previous layer an even 'out'".</summary>
    public static readonly DiagnosticDescriptorInfo OddChannels = new("LIP0203", "Odd channel count for MaxMin", "Layer {0} (maxmin) pairs channels but its input {1} has an odd number of channels ({2}); give the previous layer an even 'out'", DslSeverity.Error, Shapes);

    /// <summary>LIP0204: "Layer {0} (pixel_unshuffle {1}) needs height and width divisible by {1}, but its input is {2}".</summary>
    public static readonly DiagnosticDescriptorInfo NotDivisible = new("LIP0204", "Size not divisible for pixel_unshuffle", "Layer {0} (pixel_unshuffle {1}) needs height and width divisible by {1}, but its input is {2}", DslSeverity.Error, Shapes);

    /// <summary>LIP0205: "The last layer outputs {0}, but the network declares classes: {1}; the last layer must output [{1}]".</summary>
    public static readonly DiagnosticDescriptorInfo ClassesMismatch = new("LIP0205", "Last layer does not match classes", "The last layer outputs {0}, but the network declares classes: {1}; the last layer must output [{1}]", DslSeverity.Error, Shapes);

    /// <summary>LIP0206: "Input shape {0} is not valid: {1}".</summary>
    public static readonly DiagnosticDescriptorInfo BadInputShape = new("LIP0206", "Invalid input shape", "Input shape {0} is not valid: {1}", DslSeverity.Error, Shapes);

    /// <summary>LIP0207: "Layer {0} ({1}) turns input {2} into an empty output {3}; reduce kernel or stride, or add padding".</summary>
    public static readonly DiagnosticDescriptorInfo EmptyOutput = new("LIP0207", "Layer output is empty", "Layer {0} ({1}) turns input {2} into an empty output {3}; reduce kernel or stride, or add padding", DslSeverity.Error, Shapes);

    /// <summary>LIP0301: "Layer {0} ({1}) has no Lipschitz bound, so the network has none and no certificate; use {2} instead".</summary>
    public static readonly DiagnosticDescriptorInfo UnboundedLayer = new("LIP0301", "Layer without a Lipschitz bound", "Layer {0} ({1}) has no Lipschitz bound, so the network has none and no certificate; use {2} instead", DslSeverity.Warning, Lipschitz);

    /// <summary>LIP0302: "The composed Lipschitz bound {0} = {1} exceeds the declared lipschitz: {2}; lower the factors or raise 'lipschitz'".</summary>
    public static readonly DiagnosticDescriptorInfo BoundExceeded = new("LIP0302", "Composed bound above the declared bound", "The composed Lipschitz bound {0} = {1} exceeds the declared lipschitz: {2}; lower the factors or raise 'lipschitz'", DslSeverity.Error, Lipschitz);

    /// <summary>LIP0401: "Unknown norm '{0}'{1}; use l2 or linf".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownNorm = new("LIP0401", "Unknown certification norm", "Unknown norm '{0}'{1}; use l2 or linf", DslSeverity.Error, Certification);

    /// <summary>LIP0402: "Certification radius {0} is not valid: {1}".</summary>
    public static readonly DiagnosticDescriptorInfo BadEps = new("LIP0402", "Invalid certification radius", "Certification radius {0} is not valid: {1}", DslSeverity.Error, Certification);

    /// <summary>LIP0403: "'eps' is empty; list at least one certification radius, e.g. [0.1, 0.25, 0.5, 1.0]".</summary>
    public static readonly DiagnosticDescriptorInfo EmptyEps = new("LIP0403", "No certification radius", "'eps' is empty; list at least one certification radius, e.g. [0.1, 0.25, 0.5, 1.0]", DslSeverity.Error, Certification);

    /// <summary>LIP0501: "Class '{0}' must be declared partial so the generator can add the network's members".</summary>
    public static readonly DiagnosticDescriptorInfo NotPartial = new("LIP0501", "Network class is not partial", "Class '{0}' must be declared partial so the generator can add the network's members", DslSeverity.Error, Declarations);

    /// <summary>LIP0502: "Conflicting declarations of '{0}': {1}".</summary>
    public static readonly DiagnosticDescriptorInfo Conflict = new("LIP0502", "Conflicting declarations", "Conflicting declarations of '{0}': {1}", DslSeverity.Error, Declarations);

    /// <summary>LIP0503: "YAML file '{0}' was not found among the project's AdditionalFiles; add it or fix the path".</summary>
    public static readonly DiagnosticDescriptorInfo YamlNotFound = new("LIP0503", "YAML file not found", "YAML file '{0}' was not found among the project's AdditionalFiles; add it or fix the path", DslSeverity.Error, Declarations);

    /// <summary>LIP0504: "Layer attribute [{0}] on '{1}' is ignored: the class has no [LipschitzNetwork] attribute".</summary>
    public static readonly DiagnosticDescriptorInfo LayerWithoutNetwork = new("LIP0504", "Layer attribute without a network", "Layer attribute [{0}] on '{1}' is ignored: the class has no [LipschitzNetwork] attribute", DslSeverity.Warning, Declarations);

    /// <summary>LIP0505: "Class '{0}' {1}; declare the network as a non-generic top-level class".</summary>
    public static readonly DiagnosticDescriptorInfo UnsupportedClass = new("LIP0505", "Unsupported network class", "Class '{0}' {1}; declare the network as a non-generic top-level class", DslSeverity.Error, Declarations);

    /// <summary>Every entry, in ID order.</summary>
    public static IReadOnlyList<DiagnosticDescriptorInfo> All { get; } = typeof(DiagnosticCatalogue)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptorInfo))
        .Select(f => (DiagnosticDescriptorInfo)f.GetValue(null)!)
        .OrderBy(d => d.Id, System.StringComparer.Ordinal)
        .ToList();
}
