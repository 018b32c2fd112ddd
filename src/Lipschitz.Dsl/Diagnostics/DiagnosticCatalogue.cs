using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Dsl.Diagnostics;

/// <summary>Every diagnostic the language reports, grouped by hundreds: 00 syntax, 01 schema, 02 shapes, 03 Lipschitz, 04 certification, 05 C# declarations.</summary>
/// <remarks>IDs are never reused. docs/diagnostics.md is generated from this catalogue (<see cref="Docs.ReferenceDocs"/>), and each
/// entry's help link points at its section there.</remarks>
public static class DiagnosticCatalogue
{
    private const string Syntax = "Lipschitz.Syntax";
    private const string Schema = "Lipschitz.Schema";
    private const string Shapes = "Lipschitz.Shapes";
    private const string Lipschitz = "Lipschitz.Bounds";
    private const string Certification = "Lipschitz.Certification";
    private const string Declarations = "Lipschitz.Declarations";

    /// <summary>The document every help link points into, relative to the repository root.</summary>
    public const string DocsPath = "docs/diagnostics.md";

    /// <summary>The help link of an ID: its section of docs/diagnostics.md, anchored by the lower-case ID.</summary>
    public static string HelpLink(string id) => DocsPath + "#" + id.ToLowerInvariant();

    /// <summary>LIP0001: "YAML syntax error: {0}".</summary>
    public static readonly DiagnosticDescriptorInfo YamlSyntax = new("LIP0001", "YAML syntax error", "YAML syntax error: {0}", DslSeverity.Error, Syntax)
    { Example = "`input: [4, 2]]`", Fix = "remove the stray `]`." };

    /// <summary>LIP0002: "The file is empty or its top level is {0}; expected a mapping with network, input, classes and layers".</summary>
    public static readonly DiagnosticDescriptorInfo NotAMapping = new("LIP0002", "Top level is not a mapping", "The file is empty or its top level is {0}; expected a mapping with network, input, classes and layers", DslSeverity.Error, Syntax)
    { Example = "`- aol_linear: 2   # a list at the top level`", Fix = "write a mapping: `network:`, `input:`, `classes:`, `layers:`." };

    /// <summary>LIP0003: "Duplicate key '{0}'; each key may appear once in a mapping".</summary>
    public static readonly DiagnosticDescriptorInfo DuplicateKey = new("LIP0003", "Duplicate key", "Duplicate key '{0}'; each key may appear once in a mapping", DslSeverity.Error, Syntax)
    { Example = "`classes: 10` and later `classes: 3`", Fix = "keep one." };

    /// <summary>LIP0004: "The file holds {0} YAML documents; a .lipnet.yaml file describes one network".</summary>
    public static readonly DiagnosticDescriptorInfo MultipleDocuments = new("LIP0004", "More than one document", "The file holds {0} YAML documents; a .lipnet.yaml file describes one network", DslSeverity.Error, Syntax)
    { Example = "`network: A`, a line `---`, then `network: B`", Fix = "one network per file." };

    /// <summary>LIP0005: "The description is too large: {0}; the limit is {1}".</summary>
    public static readonly DiagnosticDescriptorInfo TooLarge = new("LIP0005", "Description too large", "The description is too large: {0}; the limit is {1}", DslSeverity.Error, Syntax)
    { Example = "a 50 MB file, or `/dev/zero`", Fix = "describe one network in a file below the limits (see Limits)." };

    /// <summary>LIP0101: "Unknown layer kind '{0}'{1}; known kinds: {2}".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownLayerKind = new("LIP0101", "Unknown layer kind", "Unknown layer kind '{0}'{1}; known kinds: {2}", DslSeverity.Error, Schema)
    { Example = "`- aol_lnear: 2`", Fix = "`- aol_linear: 2`; docs/layers.md lists every kind." };

    /// <summary>LIP0102: "Unknown key '{0}' in {1}{2}; allowed keys: {3}".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownKey = new("LIP0102", "Unknown key", "Unknown key '{0}' in {1}{2}; allowed keys: {3}", DslSeverity.Error, Schema)
    { Example = "`- aol_linear: { out: 2, kernal: 3 }`", Fix = "remove the key or fix its spelling." };

    /// <summary>LIP0103: "Missing required key '{0}' in {1}".</summary>
    public static readonly DiagnosticDescriptorInfo MissingKey = new("LIP0103", "Missing required key", "Missing required key '{0}' in {1}", DslSeverity.Error, Schema)
    { Example = "a network without `classes:`", Fix = "add `classes: 10`." };

    /// <summary>LIP0104: "'{0}' must be {1}, but is {2}".</summary>
    public static readonly DiagnosticDescriptorInfo WrongType = new("LIP0104", "Wrong type", "'{0}' must be {1}, but is {2}", DslSeverity.Error, Schema)
    { Example = "`classes: ten`", Fix = "`classes: 10`; numbers are not quoted." };

    /// <summary>LIP0105: "Bad value {1} for '{0}': {2}".</summary>
    public static readonly DiagnosticDescriptorInfo BadValue = new("LIP0105", "Bad value", "Bad value {1} for '{0}': {2}", DslSeverity.Error, Schema)
    { Example = "`- aol_conv2d: { out: 16, kernel: 4 }`", Fix = "an odd kernel: `kernel: 3`; docs/layers.md gives every parameter's range." };

    /// <summary>LIP0106: "'{0}' is not a valid C# {1} name; use letters, digits and '_' (and '.' between namespace parts), not starting with a digit".</summary>
    public static readonly DiagnosticDescriptorInfo BadIdentifier = new("LIP0106", "Invalid name", "'{0}' is not a valid C# {1} name; use letters, digits and '_' (and '.' between namespace parts), not starting with a digit", DslSeverity.Error, Schema)
    { Example = "`network: 1net`", Fix = "`network: Net1`." };

    /// <summary>LIP0107: "The network '{0}' has no layers; list at least one layer under 'layers'".</summary>
    public static readonly DiagnosticDescriptorInfo NoLayers = new("LIP0107", "No layers", "The network '{0}' has no layers; list at least one layer under 'layers'", DslSeverity.Error, Schema)
    { Example = "`layers: []`", Fix = "list at least one layer." };

    /// <summary>LIP0108: "Layer name '{0}' is used twice (first by layer {1}); layer names must be unique".</summary>
    public static readonly DiagnosticDescriptorInfo DuplicateLayerName = new("LIP0108", "Duplicate layer name", "Layer name '{0}' is used twice (first by layer {1}); layer names must be unique", DslSeverity.Error, Schema)
    { Example = "two layers with `name: head`, or `name: fc1` on layer 0 while layer 1 is an unnamed `aol_linear` (whose field is `fc1`)", Fix = "unique names." };

    /// <summary>LIP0109: "Unknown {0} '{1}'{2}; known: {3}".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownOption = new("LIP0109", "Unknown option kind", "Unknown {0} '{1}'{2}; known: {3}", DslSeverity.Error, Schema)
    { Example = "`optimizer: { adamm: { lr: 0.001 } }`", Fix = "`adam`." };

    /// <summary>LIP0110: "'{0}' cannot name the {1}: {2}".</summary>
    public static readonly DiagnosticDescriptorInfo ReservedName = new("LIP0110", "Reserved name", "'{0}' cannot name the {1}: {2}", DslSeverity.Error, Schema)
    {
        Example = "a layer named `Bound` or `__x`; a network named `var`, `Bound` or `Flatten` in namespace `Lipschitz.Nn.Layers`",
        Fix = "another name. Members of the generated class, names starting with `__` (kept for generated code), lower-case-only class names (C# reserves them), and names the generated code refers to are taken.",
    };

    /// <summary>LIP0111: "The network has {0} layers; at most {1} are supported".</summary>
    public static readonly DiagnosticDescriptorInfo TooManyLayers = new("LIP0111", "Too many layers", "The network has {0} layers; at most {1} are supported", DslSeverity.Error, Schema)
    { Example = "a list of 20,000 layers", Fix = "fewer layers (see Limits)." };

    /// <summary>LIP0201: "Layer {0} ({1}) needs a flat input [features], but its input is {2}; add '- flatten' before it".</summary>
    public static readonly DiagnosticDescriptorInfo NeedsFlatInput = new("LIP0201", "Flat layer on an unflattened input", "Layer {0} ({1}) needs a flat input [features], but its input is {2}; add '- flatten' before it", DslSeverity.Error, Shapes)
    { Example = "`input: [1, 28, 28]`, then `- aol_linear: 10`", Fix = "add `- flatten` before it." };

    /// <summary>LIP0202: "Layer {0} ({1}) needs an image input [channels, height, width], but its input is {2}; move it before 'flatten' or use a linear layer".</summary>
    public static readonly DiagnosticDescriptorInfo NeedsImageInput = new("LIP0202", "Convolution on a flat input", "Layer {0} ({1}) needs an image input [channels, height, width], but its input is {2}; move it before 'flatten' or use a linear layer", DslSeverity.Error, Shapes)
    { Example = "`input: [784]`, then `- aol_conv2d: { out: 16 }`", Fix = "use a linear layer, or an image input." };

    /// <summary>LIP0203: "Layer {0} (maxmin) pairs channels but its input {1} has an odd number of channels ({2}); give the previous layer an even 'out'".</summary>
    public static readonly DiagnosticDescriptorInfo OddChannels = new("LIP0203", "Odd channel count for MaxMin", "Layer {0} (maxmin) pairs channels but its input {1} has an odd number of channels ({2}); give the previous layer an even 'out'", DslSeverity.Error, Shapes)
    { Example = "`- aol_conv2d: { out: 15 }`, then `- maxmin`", Fix = "an even `out`." };

    /// <summary>LIP0204: "Layer {0} (pixel_unshuffle {1}) needs height and width divisible by {1}, but its input is {2}".</summary>
    public static readonly DiagnosticDescriptorInfo NotDivisible = new("LIP0204", "Size not divisible for pixel_unshuffle", "Layer {0} (pixel_unshuffle {1}) needs height and width divisible by {1}, but its input is {2}", DslSeverity.Error, Shapes)
    { Example = "`input: [1, 28, 28]`, then `- pixel_unshuffle: 3`", Fix = "a factor dividing height and width." };

    /// <summary>LIP0205: "The last layer outputs {0}, but the network declares classes: {1}; the last layer must output [{1}]".</summary>
    public static readonly DiagnosticDescriptorInfo ClassesMismatch = new("LIP0205", "Last layer does not match classes", "The last layer outputs {0}, but the network declares classes: {1}; the last layer must output [{1}]", DslSeverity.Error, Shapes)
    { Example = "`classes: 10` with a last layer `- aol_linear: 12`", Fix = "last layer `out: 10`." };

    /// <summary>LIP0206: "Input shape {0} is not valid: {1}".</summary>
    public static readonly DiagnosticDescriptorInfo BadInputShape = new("LIP0206", "Invalid input shape", "Input shape {0} is not valid: {1}", DslSeverity.Error, Shapes)
    { Example = "`input: [1, 28]`", Fix = "`[features]` or `[channels, height, width]`." };

    /// <summary>LIP0207: "Layer {0} ({1}) turns input {2} into an empty output {3}; reduce kernel or stride, or add padding".</summary>
    public static readonly DiagnosticDescriptorInfo EmptyOutput = new("LIP0207", "Layer output is empty", "Layer {0} ({1}) turns input {2} into an empty output {3}; reduce kernel or stride, or add padding", DslSeverity.Error, Shapes)
    { Example = "`input: [1, 3, 3]`, then `- conv2d: { out: 4, kernel: 5 }`", Fix = "padding or a smaller kernel." };

    /// <summary>LIP0208: "Layer {0} ({1}) outputs {2}: more than {3} values per sample".</summary>
    public static readonly DiagnosticDescriptorInfo OutputTooLarge = new("LIP0208", "Layer output too large", "Layer {0} ({1}) outputs {2}: more than {3} values per sample", DslSeverity.Error, Shapes)
    { Example = "`input: [3, 4096, 4096]`, then `- aol_conv2d: { out: 4096 }`", Fix = "fewer channels, or downsample first (see Limits)." };

    /// <summary>LIP0209: "Layer {0} ({1}) splits the channels into groups of {2}, but its input {3} has {4} channels, not a multiple of {2}; give the previous layer an 'out' divisible by {2}".</summary>
    public static readonly DiagnosticDescriptorInfo ChannelsNotGrouped = new("LIP0209", "Channel count not divisible by the group size", "Layer {0} ({1}) splits the channels into groups of {2}, but its input {3} has {4} channels, not a multiple of {2}; give the previous layer an 'out' divisible by {2}", DslSeverity.Error, Shapes)
    { Example = "`- aol_conv2d: { out: 16 }`, then `- group_sort: 3`; or `- householder` after an odd `out`", Fix = "a group size dividing the channel count (`group_sort: 4`), or an `out` divisible by it." };

    /// <summary>LIP0220: "Layer {0} (residual) adds its body's output {1} to its input {2}; the body must keep the shape".</summary>
    public static readonly DiagnosticDescriptorInfo ResidualShape = new("LIP0220", "Residual body changes the shape", "Layer {0} (residual) adds its body's output {1} to its input {2}; the body must keep the shape", DslSeverity.Error, Shapes)
    { Example = "`- residual: [aol_linear: 4]` on an input [8]", Fix = "make the body's last layer output the residual's input shape (`aol_linear: 8`)." };

    /// <summary>LIP0221: "Layer {0} (concat) joins branch outputs that differ beyond dimension 1: {1}; every branch must output the same [·, h, w] (or flat [·])".</summary>
    public static readonly DiagnosticDescriptorInfo BranchShapes = new("LIP0221", "Concatenated branches disagree", "Layer {0} (concat) joins branch outputs that differ beyond dimension 1: {1}; every branch must output the same [·, h, w] (or flat [·])", DslSeverity.Error, Shapes)
    { Example = "`- concat: [[flatten], []]` on an image input", Fix = "branches that keep the spatial size (or all flatten), so only the channel (feature) count differs." };

    /// <summary>LIP0222: "Layer {0} (normalized_head) is {1}; a normalized_head must be the network's last layer, whose logits its per-class-pair certificate reads".</summary>
    public static readonly DiagnosticDescriptorInfo HeadNotLast = new("LIP0222", "normalized_head is not the last layer", "Layer {0} (normalized_head) is {1}; a normalized_head must be the network's last layer, whose logits its per-class-pair certificate reads", DslSeverity.Error, Shapes)
    { Example = "`- normalized_head: 16` followed by `- maxmin`, or inside a residual", Fix = "make it the last top-level layer (`- normalized_head: 10` with `classes: 10`); use `aol_linear` for a hidden layer." };

    /// <summary>LIP0301: "Layer {0} ({1}) has no Lipschitz bound, but the network declares lipschitz: {2}; use {3}, or declare 'lipschitz: computed' for an unconstrained network".</summary>
    public static readonly DiagnosticDescriptorInfo UnboundedLayer = new("LIP0301", "Layer without a Lipschitz bound", "Layer {0} ({1}) has no Lipschitz bound, but the network declares lipschitz: {2}; use {3}, or declare 'lipschitz: computed' for an unconstrained network", DslSeverity.Error, Lipschitz)
    {
        Example = "`- linear: 10` in a network without `lipschitz:` (which declares 1)",
        Fix = "`- aol_linear: 10`; or, for a network meant to be unconstrained (a baseline), `lipschitz: computed`: it then has no compile-time certificate and its bound is computed from the trained weights.",
    };

    /// <summary>LIP0302: "The composed Lipschitz bound {0} = {1} exceeds the declared lipschitz: {2}; lower the factors or raise 'lipschitz'".</summary>
    public static readonly DiagnosticDescriptorInfo BoundExceeded = new("LIP0302", "Composed bound above the declared bound", "The composed Lipschitz bound {0} = {1} exceeds the declared lipschitz: {2}; lower the factors or raise 'lipschitz'", DslSeverity.Error, Lipschitz)
    { Example = "`lipschitz: 1` with `- scale: 2`", Fix = "lower the factors or declare `lipschitz: 2`." };

    /// <summary>LIP0401: "Unknown norm '{0}'{1}; known: {2}".</summary>
    public static readonly DiagnosticDescriptorInfo UnknownNorm = new("LIP0401", "Unknown certification norm", "Unknown norm '{0}'{1}; known: {2}", DslSeverity.Error, Certification)
    { Example = "`certify: { norm: l3 }`", Fix = "`l2` or `linf`." };

    /// <summary>LIP0402: "Certification radius {0} is not valid: {1}".</summary>
    public static readonly DiagnosticDescriptorInfo BadEps = new("LIP0402", "Invalid certification radius", "Certification radius {0} is not valid: {1}", DslSeverity.Error, Certification)
    { Example = "`certify: { eps: [0.1, -1] }`", Fix = "positive, distinct radii." };

    /// <summary>LIP0403: "'eps' is empty; list at least one certification radius, e.g. [0.1, 0.25, 0.5, 1.0]".</summary>
    public static readonly DiagnosticDescriptorInfo EmptyEps = new("LIP0403", "No certification radius", "'eps' is empty; list at least one certification radius, e.g. [0.1, 0.25, 0.5, 1.0]", DslSeverity.Error, Certification)
    { Example = "`certify: { eps: [] }`", Fix = "at least one radius." };

    /// <summary>LIP0404: "'{0}' lists {1} values; at most {2} are allowed".</summary>
    public static readonly DiagnosticDescriptorInfo TooManyValues = new("LIP0404", "Too many values", "'{0}' lists {1} values; at most {2} are allowed", DslSeverity.Error, Certification)
    { Example = "`certify: { eps: [...] }` with a million radii", Fix = "fewer radii (see Limits)." };

    /// <summary>LIP0501: "Class '{0}' must be declared partial so the generator can add the network's members".</summary>
    public static readonly DiagnosticDescriptorInfo NotPartial = new("LIP0501", "Network class is not partial", "Class '{0}' must be declared partial so the generator can add the network's members", DslSeverity.Error, Declarations)
    { Example = "`[LipschitzNetwork] public class Net`", Fix = "`public partial class Net`." };

    /// <summary>LIP0502: "Conflicting declarations of '{0}': {1}".</summary>
    public static readonly DiagnosticDescriptorInfo Conflict = new("LIP0502", "Conflicting declarations", "Conflicting declarations of '{0}': {1}", DslSeverity.Error, Declarations)
    { Example = "`[LipschitzNetwork(\"Net.lipnet.yaml\")]` plus layer or option attributes; a YAML `network:` that differs from the class name; both `Lipschitz` and `LipschitzComputed`", Fix = "keep one declaration." };

    /// <summary>LIP0503: "YAML file '{0}' was not found among the project's AdditionalFiles; add it or fix the path".</summary>
    public static readonly DiagnosticDescriptorInfo YamlNotFound = new("LIP0503", "YAML file not found", "YAML file '{0}' was not found among the project's AdditionalFiles; add it or fix the path", DslSeverity.Error, Declarations)
    { Example = "`[LipschitzNetwork(\"Missing.lipnet.yaml\")]`", Fix = "add the file to the project (AdditionalFiles) or fix the path." };

    /// <summary>LIP0504: "Attribute [{0}] on '{1}' is ignored: the class has no [LipschitzNetwork] attribute".</summary>
    public static readonly DiagnosticDescriptorInfo LayerWithoutNetwork = new("LIP0504", "Layer or option attribute without a network", "Attribute [{0}] on '{1}' is ignored: the class has no [LipschitzNetwork] attribute", DslSeverity.Warning, Declarations)
    { Example = "`[AolLinear(10)]` or `[Training(\"fashion-mnist\")]` on a class without `[LipschitzNetwork]`", Fix = "add `[LipschitzNetwork(...)]`." };

    /// <summary>LIP0505: "Class '{0}' {1}; declare the network as a non-generic top-level class".</summary>
    public static readonly DiagnosticDescriptorInfo UnsupportedClass = new("LIP0505", "Unsupported network class", "Class '{0}' {1}; declare the network as a non-generic top-level class", DslSeverity.Error, Declarations)
    { Example = "`[LipschitzNetwork]` on a nested or generic class", Fix = "a top-level, non-generic partial class." };

    /// <summary>LIP0510: "[{0}] cannot be written as an attribute: '{1}' nests layers, which C# attribute arguments cannot hold; describe the network in YAML ([LipschitzNetwork("Net.lipnet.yaml")])".</summary>
    public static readonly DiagnosticDescriptorInfo YamlOnlyKind = new("LIP0510", "Layer kind only in YAML", "[{0}] cannot be written as an attribute: '{1}' nests layers, which C# attribute arguments cannot hold; describe the network in YAML ([LipschitzNetwork(\"Net.lipnet.yaml\")])", DslSeverity.Error, Declarations)
    { Example = "`[Residual]` on a `[LipschitzNetwork]` class", Fix = "write the network in a .lipnet.yaml file and point `[LipschitzNetwork(\"….lipnet.yaml\")]` at it." };

    /// <summary>Every entry, in ID order.</summary>
    public static IReadOnlyList<DiagnosticDescriptorInfo> All { get; } = typeof(DiagnosticCatalogue)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptorInfo))
        .Select(f => (DiagnosticDescriptorInfo)f.GetValue(null)!)
        .OrderBy(d => d.Id, System.StringComparer.Ordinal)
        .ToList();
}
