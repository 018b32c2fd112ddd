using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Syntax;

/// <summary>Checks a document tree against the schema and binds it to a <see cref="NetworkSpec"/> (LIP01xx, LIP04xx).
/// Layer kinds, options and their parameters (types, defaults, ranges) come from the catalogues.</summary>
public sealed class Binder
{
    private static readonly string[] NetworkKeys = { "network", "namespace", "input", "classes", "lipschitz", "layers" };
    private static readonly string[] TopKeys = NetworkKeys.Concat(OptionCatalogue.Blocks.Select(b => b.Key)).ToArray();

    private readonly List<DslDiagnostic> _diagnostics;
    private int _errorsAtStart;

    private Binder(List<DslDiagnostic> diagnostics) => _diagnostics = diagnostics;

    /// <summary>Binds a whole document; returns null when a schema error makes the description unusable.</summary>
    /// <param name="root">The document tree.</param>
    /// <param name="path">The file the tree was read from (for an empty document's location).</param>
    /// <param name="fallbackName">Network name to use when the document has no 'network' key (C# class name), or null to require it.</param>
    /// <param name="fallbackNamespace">Namespace to use when the document has none.</param>
    /// <param name="diagnostics">Receives the problems found.</param>
    public static NetworkSpec? Bind(DslNode? root, string path, string? fallbackName, string? fallbackNamespace, List<DslDiagnostic> diagnostics)
    {
        var binder = new Binder(diagnostics) { _errorsAtStart = diagnostics.Count(d => d.Severity == DslSeverity.Error) };
        return binder.BindNetwork(root, path, fallbackName, fallbackNamespace);
    }

    private bool HasNewErrors => _diagnostics.Count(d => d.Severity == DslSeverity.Error) > _errorsAtStart;

    private void Report(DiagnosticDescriptorInfo descriptor, SourceSpan span, params object?[] args) =>
        _diagnostics.Add(DslDiagnostic.Create(descriptor, span, args));

    private NetworkSpec? BindNetwork(DslNode? root, string path, string? fallbackName, string? fallbackNamespace)
    {
        if (root is not DslMapping map)
        {
            var span = root?.Span ?? SourceSpan.FileStart(path);
            Report(DiagnosticCatalogue.NotAMapping, span, root is null || root is DslScalar { Value: "" } ? "empty" : root.KindName);
            return null;
        }
        CheckKeys(map, TopKeys, "the network");

        string? name = fallbackName;
        var nameSpan = map.Span;
        var nameEntry = map.Find("network");
        if (nameEntry is not null)
        {
            nameSpan = nameEntry.Value.Span;
            if (TryString(nameEntry.Key, nameEntry.Value, out var text))
            {
                if (Suggest.IsIdentifier(text)) name = text;
                else Report(DiagnosticCatalogue.BadIdentifier, nameEntry.Value.Span, text, "class");
            }
        }
        else if (fallbackName is null)
        {
            Report(DiagnosticCatalogue.MissingKey, map.Span, "network", "the network");
        }

        string? ns = fallbackNamespace;
        var nsEntry = map.Find("namespace");
        if (nsEntry is not null && TryString(nsEntry.Key, nsEntry.Value, out var nsText))
        {
            var parts = nsText.Split('.');
            if (!parts.All(Suggest.IsIdentifier)) Report(DiagnosticCatalogue.BadIdentifier, nsEntry.Value.Span, nsText, "namespace");
            else if (parts.Select(Names.NamespacePartProblem).FirstOrDefault(p => p is not null) is { } problem) Report(DiagnosticCatalogue.ReservedName, nsEntry.Value.Span, nsText, "namespace", problem);
            else ns = nsText;
        }

        var input = BindInput(map);
        var classesEntry = Required(map, "classes", "the network");
        int classes = 0;
        if (classesEntry is not null && TryInteger(classesEntry.Key, classesEntry.Value, out var c))
        {
            if (c < 2 || c > DslLimits.MaxSize) Report(DiagnosticCatalogue.BadValue, classesEntry.Value.Span, "classes", c, $"must be between 2 and {DslLimits.MaxSize.ToString(CultureInfo.InvariantCulture)} (a margin needs two classes)");
            else classes = (int)c;
        }

        var lipschitz = LipschitzDeclaration.Default;
        var lipEntry = map.Find("lipschitz");
        if (lipEntry is not null)
        {
            if (lipEntry.Value is DslScalar { Value: LipschitzDeclaration.ComputedKeyword }) lipschitz = LipschitzDeclaration.ComputedBound;
            else if (TryNumber(lipEntry.Key, lipEntry.Value, out var l, "a positive number or 'computed'"))
            {
                if (!(l > 0)) Report(DiagnosticCatalogue.BadValue, lipEntry.Value.Span, "lipschitz", ParamValue.Format(l), "must be a positive number, or 'computed' for an unconstrained network");
                else lipschitz = LipschitzDeclaration.Of(l);
            }
        }

        var layers = BindLayers(map);
        var blocks = new Dictionary<string, BlockSpec?>(StringComparer.Ordinal);
        foreach (var block in OptionCatalogue.Blocks)
        {
            var entry = map.Find(block.Key);
            blocks[block.Key] = entry is not null ? BindBlock(block, entry.Value)
                : block.Optional ? null
                : Defaults(block, map.Span);
        }

        if (HasNewErrors || name is null || input is null || layers is null || blocks[OptionCatalogue.Certify.Key] is not { } certify) return null;
        var spans = new NetworkSpans(map.Span, nameSpan, map.Find("input")!.Value.Span, classesEntry!.Value.Span,
            lipEntry?.Value.Span ?? map.Span, map.Find("layers")!.Value.Span, map.Find(OptionCatalogue.Certify.Key)?.Value.Span ?? map.Span);
        return new NetworkSpec(name, ns, input.Value, classes, lipschitz, layers.Value, blocks[OptionCatalogue.Training.Key], certify, spans);
    }

    private EquatableArray<long>? BindInput(DslMapping map)
    {
        var entry = Required(map, "input", "the network");
        if (entry is null) return null;
        if (entry.Value is not DslSequence seq)
        {
            Report(DiagnosticCatalogue.WrongType, entry.Value.Span, "input", "a list like [1, 28, 28] or [784]", Describe(entry.Value));
            return null;
        }
        if (seq.Items.Count != 1 && seq.Items.Count != 3)
        {
            Report(DiagnosticCatalogue.BadInputShape, seq.Span, ShapeText(seq), "use [features] or [channels, height, width]");
            return null;
        }
        var dims = new List<long>();
        foreach (var item in seq.Items)
        {
            if (!TryInteger("input", item, out var d)) return null;
            if (d < 1 || d > DslLimits.MaxSize)
            {
                Report(DiagnosticCatalogue.BadInputShape, item.Span, ShapeText(seq), $"dimension {d.ToString(CultureInfo.InvariantCulture)} must be between 1 and {DslLimits.MaxSize.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }
            dims.Add(d);
        }
        if (dims.Aggregate(1.0, (a, b) => a * b) > DslLimits.MaxElements)
        {
            Report(DiagnosticCatalogue.BadInputShape, seq.Span, ShapeText(seq), $"more than {DslLimits.MaxElements.ToString(CultureInfo.InvariantCulture)} elements per sample");
            return null;
        }
        return new EquatableArray<long>(dims);
    }

    private static string ShapeText(DslSequence seq) =>
        "[" + string.Join(", ", seq.Items.Take(8).Select(i => i is DslScalar s ? Clip(s.Value) : "…")) + (seq.Items.Count > 8 ? ", …" : "") + "]";

    private EquatableArray<LayerSpec>? BindLayers(DslMapping map)
    {
        var entry = Required(map, "layers", "the network");
        if (entry is null) return null;
        if (entry.Value is not DslSequence seq)
        {
            Report(DiagnosticCatalogue.WrongType, entry.Value.Span, "layers", "a list of layers", Describe(entry.Value));
            return null;
        }
        if (seq.Items.Count == 0)
        {
            Report(DiagnosticCatalogue.NoLayers, seq.Span, (map.Find("network")?.Value as DslScalar)?.Value ?? "?");
            return null;
        }
        if (seq.Items.Count > DslLimits.MaxLayers)
        {
            Report(DiagnosticCatalogue.TooManyLayers, seq.Span, seq.Items.Count, DslLimits.MaxLayers);
            return null;
        }
        var layers = new List<LayerSpec>();
        foreach (var item in seq.Items)
        {
            if (BindLayer(item) is { } layer) layers.Add(layer);
        }
        return layers.Count == seq.Items.Count ? new EquatableArray<LayerSpec>(layers) : null;
    }

    private LayerSpec? BindLayer(DslNode item)
    {
        string kindName;
        SourceSpan kindSpan;
        DslNode? args = null;
        switch (item)
        {
            case DslScalar scalar:
                kindName = scalar.Value;
                kindSpan = scalar.Span;
                break;
            case DslMapping { Entries.Count: 1 } single:
                kindName = single.Entries[0].Key;
                kindSpan = single.Entries[0].KeySpan;
                args = single.Entries[0].Value;
                if (args is DslScalar { Value: "", Quoted: false }) args = null;
                break;
            default:
                Report(DiagnosticCatalogue.WrongType, item.Span, "layer", "a kind ('maxmin') or one 'kind: {parameters}' entry", Describe(item));
                return null;
        }
        var info = LayerCatalogue.Find(kindName);
        if (info is null)
        {
            Report(DiagnosticCatalogue.UnknownLayerKind, kindSpan, Clip(kindName), Suggest.Phrase(kindName, LayerCatalogue.All.Select(k => k.Key)), LayerCatalogue.KnownNames);
            return null;
        }

        var where = $"layer '{info.Key}'";
        var values = new Dictionary<string, DslNode>(StringComparer.Ordinal);
        switch (args)
        {
            case null:
                break;
            case DslMapping argMap:
                CheckKeys(argMap, info.Params.Select(p => p.Key).Concat(new[] { "name" }).ToArray(), where);
                foreach (var e in argMap.Entries) values[e.Key] = e.Value;
                break;
            case DslScalar when info.Shorthand is not null:
                values[info.Shorthand] = args;
                break;
            case DslSequence when info.Shorthand is not null && info.Param(info.Shorthand)!.Nested:
                // residual: [ ... ] stands for residual: { layers: [ ... ] }.
                values[info.Shorthand] = args;
                break;
            default:
                Report(DiagnosticCatalogue.WrongType, args.Span, info.Key,
                    info.Shorthand is null ? "empty or a mapping with 'name'" : $"a mapping of parameters or a value for '{info.Shorthand}'", Describe(args));
                return null;
        }

        var parameters = BindParams(info.Params, values, kindSpan, where);
        bool ok = parameters is not null;
        string? name = null;
        if (values.TryGetValue("name", out var nameNode))
        {
            if (TryString("name", nameNode, out var n))
            {
                if (!Suggest.IsIdentifier(n)) { Report(DiagnosticCatalogue.BadIdentifier, nameNode.Span, n, "field"); ok = false; }
                else if (Names.LayerProblem(n) is { } problem) { Report(DiagnosticCatalogue.ReservedName, nameNode.Span, n, "layer", problem); ok = false; }
                else name = n;
            }
            else ok = false;
        }
        return ok ? new LayerSpec(info.Key, name, parameters!, item.Span, kindSpan) : null;
    }

    private BlockSpec? BindBlock(BlockInfo block, DslNode node)
    {
        if (node is not DslMapping map)
        {
            Report(DiagnosticCatalogue.WrongType, node.Span, block.Key, "a mapping", Describe(node));
            return null;
        }
        CheckKeys(map, block.Keys, block.Key);
        var values = map.Entries.Where(e => block.Param(e.Key) is not null).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var parameters = BindParams(block.Params, values, map.Span, block.Key);
        var options = new List<OptionSpec>();
        foreach (var group in block.Groups)
        {
            var entry = map.Find(group.Key);
            var option = entry is null ? DefaultOption(group, map.Span) : BindOption(group, entry);
            if (option is not null) options.Add(option);
        }
        if (parameters is null || options.Count != block.Groups.Count) return null;
        return new BlockSpec(block.Key, parameters, new EquatableArray<OptionSpec>(options), map.Span);
    }

    /// <summary>The block as if written empty: every parameter and group at its default (null when a parameter is required).</summary>
    private static BlockSpec? Defaults(BlockInfo block, SourceSpan span)
    {
        if (block.Params.Any(p => p.Required)) return null;
        var parameters = new ParamSet(new EquatableArray<ParamEntry>(block.Params.Select(p => new ParamEntry(p.Key, p.Default!, span))));
        return new BlockSpec(block.Key, parameters, new EquatableArray<OptionSpec>(block.Groups.Select(g => DefaultOption(g, span))), span);
    }

    private static OptionSpec DefaultOption(OptionGroupInfo group, SourceSpan span)
    {
        var kind = group.Find(group.DefaultKind)!;
        return new OptionSpec(group.Key, kind.Key, new ParamSet(new EquatableArray<ParamEntry>(kind.Params.Select(p => new ParamEntry(p.Key, p.Default!, span)))), span);
    }

    /// <summary>Binds `kind` or `{ kind: { parameters } }` of an option group.</summary>
    private OptionSpec? BindOption(OptionGroupInfo group, DslEntry entry)
    {
        string kindName;
        SourceSpan kindSpan;
        DslMapping? args = null;
        switch (entry.Value)
        {
            case DslScalar s:
                kindName = s.Value;
                kindSpan = s.Span;
                break;
            case DslMapping { Entries.Count: 1 } m:
                kindName = m.Entries[0].Key;
                kindSpan = m.Entries[0].KeySpan;
                if (m.Entries[0].Value is DslMapping am) args = am;
                else if (m.Entries[0].Value is not DslScalar { Value: "", Quoted: false })
                {
                    Report(DiagnosticCatalogue.WrongType, m.Entries[0].Value.Span, Clip(kindName), "a mapping of options", Describe(m.Entries[0].Value));
                    return null;
                }
                break;
            default:
                Report(DiagnosticCatalogue.WrongType, entry.Value.Span, entry.Key, $"a {group.Key} name or one '{group.Key}: {{options}}' entry", Describe(entry.Value));
                return null;
        }
        var kind = group.Find(kindName);
        if (kind is null)
        {
            var known = group.Kinds.Select(k => k.Key).ToList();
            Report(DiagnosticCatalogue.UnknownOption, kindSpan, group.Key, Clip(kindName), Suggest.Phrase(kindName, known), string.Join(", ", known));
            return null;
        }
        var where = $"{group.Key} '{kind.Key}'";
        var values = new Dictionary<string, DslNode>(StringComparer.Ordinal);
        if (args is not null)
        {
            CheckKeys(args, kind.Params.Select(p => p.Key).ToArray(), where);
            foreach (var e in args.Entries.Where(e => kind.Params.Any(p => p.Key == e.Key))) values[e.Key] = e.Value;
        }
        var parameters = BindParams(kind.Params, values, kindSpan, where);
        if (parameters is null) return null;
        bool ok = true;
        foreach (var (key, reason) in kind.Checks(parameters))
        {
            var at = parameters.Find(key)!;
            Report(DiagnosticCatalogue.BadValue, at.Span, key, Display(at.Value), reason);
            ok = false;
        }
        return ok ? new OptionSpec(group.Key, kind.Key, parameters, kindSpan) : null;
    }

    /// <summary>Binds every catalogue parameter from the written values (defaults for the others); null after an error.</summary>
    /// <param name="defs">The catalogue's parameters.</param>
    /// <param name="values">The written values by key (other keys are ignored: CheckKeys reported them).</param>
    /// <param name="owner">Where the owner is written: missing keys and defaults point there.</param>
    /// <param name="where">The owner in messages ("layer 'aol_conv2d'").</param>
    private ParamSet? BindParams(EquatableArray<ParamDef> defs, Dictionary<string, DslNode> values, SourceSpan owner, string where)
    {
        var entries = new List<ParamEntry>();
        bool ok = true;
        foreach (var def in defs)
        {
            if (values.TryGetValue(def.Key, out var node))
            {
                var value = BindValue(def, node);
                if (value is null) ok = false;
                else entries.Add(new ParamEntry(def.Key, value, node.Span));
            }
            else if (def.Default is { } fallback)
            {
                entries.Add(new ParamEntry(def.Key, fallback, owner));
            }
            else
            {
                Report(DiagnosticCatalogue.MissingKey, owner, def.Key, where);
                ok = false;
            }
        }
        return ok ? new ParamSet(new EquatableArray<ParamEntry>(entries)) : null;
    }

    private ParamValue? BindValue(ParamDef def, DslNode node)
    {
        ParamValue value;
        switch (def.Type)
        {
            case ParamType.Integer:
            {
                if (!TryInteger(def.Key, node, out var i)) return null;
                if (!def.Range!.Contains(i)) { Report(DiagnosticCatalogue.BadValue, node.Span, def.Key, i, def.Range.Rule(integer: true)); return null; }
                value = new IntegerValue(i);
                break;
            }
            case ParamType.Number:
            {
                if (!TryNumber(def.Key, node, out var x)) return null;
                if (!def.Range!.Contains(x)) { Report(DiagnosticCatalogue.BadValue, node.Span, def.Key, ParamValue.Format(x), def.Range.Rule(integer: false)); return null; }
                value = new NumberValue(x);
                break;
            }
            case ParamType.Boolean:
            {
                if (!TryBoolean(def.Key, node, out var b)) return null;
                value = new BooleanValue(b);
                break;
            }
            case ParamType.Choice:
            {
                if (!TryString(def.Key, node, out var text)) return null;
                if (!def.Choices.Any(c => c.Key == text))
                {
                    var known = def.Choices.Select(c => c.Key).ToList();
                    if (def.ChoiceError is { } error) Report(error, node.Span, Clip(text), Suggest.Phrase(text, known), string.Join(", ", known));
                    else Report(DiagnosticCatalogue.UnknownOption, node.Span, def.Key, Clip(text), Suggest.Phrase(text, known), string.Join(", ", known));
                    return null;
                }
                value = new TextValue(text);
                break;
            }
            case ParamType.Numbers:
            {
                if (BindNumbers(def, node) is not { } list) return null;
                value = list;
                break;
            }
            case ParamType.Layers:
            {
                if (BindChain(def, node) is not { } chain) return null;
                value = new LayersValue(chain);
                break;
            }
            case ParamType.Branches:
            {
                if (node is not DslSequence seq)
                {
                    Report(DiagnosticCatalogue.WrongType, node.Span, def.Key, "a list of lists of layers, like [[aol_linear: 4], []]", Describe(node));
                    return null;
                }
                if (seq.Items.Count < def.MinCount || seq.Items.Count > def.MaxCount)
                {
                    Report(DiagnosticCatalogue.BadValue, node.Span, def.Key, FormattableString.Invariant($"with {seq.Items.Count} branches"), FormattableString.Invariant($"list {def.MinCount} to {def.MaxCount} branches"));
                    return null;
                }
                var branches = new List<EquatableArray<LayerSpec>>();
                bool ok = true;
                foreach (var item in seq.Items)
                {
                    if (BindChain(def, item, minCount: 0) is { } chain) branches.Add(chain);
                    else ok = false;
                }
                if (!ok) return null;
                value = new BranchesValue(new EquatableArray<EquatableArray<LayerSpec>>(branches));
                break;
            }
            default:
            {
                if (!TryString(def.Key, node, out var text)) return null;
                value = new TextValue(text);
                break;
            }
        }
        if (def.Rule is not null && !def.Rule(value))
        {
            Report(DiagnosticCatalogue.BadValue, node.Span, def.Key, Display(value), def.RuleMessage);
            return null;
        }
        return value;
    }

    /// <summary>Binds a nested chain of layers (a YAML list; an empty unquoted value is the empty list); every layer is
    /// bound, so each bad one gets its own diagnostic.</summary>
    private EquatableArray<LayerSpec>? BindChain(ParamDef def, DslNode node, int? minCount = null)
    {
        int min = minCount ?? def.MinCount;
        IReadOnlyList<DslNode>? items = node switch
        {
            DslSequence seq => seq.Items,
            DslScalar { Value: "", Quoted: false } => Array.Empty<DslNode>(),
            _ => null,
        };
        if (items is null)
        {
            Report(DiagnosticCatalogue.WrongType, node.Span, def.Key, "a list of layers, like [aol_linear: 8, maxmin]", Describe(node));
            return null;
        }
        if (items.Count > def.MaxCount)
        {
            Report(DiagnosticCatalogue.TooManyLayers, node.Span, items.Count, def.MaxCount);
            return null;
        }
        if (items.Count < min)
        {
            Report(DiagnosticCatalogue.BadValue, node.Span, def.Key, "[]", FormattableString.Invariant($"list at least {min} layer{(min == 1 ? "" : "s")}"));
            return null;
        }
        var layers = new List<LayerSpec>();
        foreach (var item in items)
        {
            if (BindLayer(item) is { } layer) layers.Add(layer);
        }
        return layers.Count == items.Count ? new EquatableArray<LayerSpec>(layers) : null;
    }

    private NumbersValue? BindNumbers(ParamDef def, DslNode node)
    {
        IReadOnlyList<DslNode> items = node switch
        {
            DslSequence seq => seq.Items,
            DslScalar { Value: "", Quoted: false } => Array.Empty<DslNode>(),
            DslScalar => new[] { node },
            _ => Array.Empty<DslNode>(),
        };
        string expected = def.MinCount == def.MaxCount ? $"a list of {def.MinCount.ToString(CultureInfo.InvariantCulture)} numbers like {def.Default!.Canonical}" : "a number or a list of numbers";
        if (node is DslMapping)
        {
            Report(DiagnosticCatalogue.WrongType, node.Span, def.Key, expected, Describe(node));
            return null;
        }
        // The count is checked before any item is read: a list of a million radii costs nothing.
        if (items.Count > def.MaxCount)
        {
            if (def.MinCount == def.MaxCount) Report(DiagnosticCatalogue.WrongType, node.Span, def.Key, expected, Describe(node));
            else Report(DiagnosticCatalogue.TooManyValues, node.Span, def.Key, items.Count, def.MaxCount);
            return null;
        }
        if (items.Count < def.MinCount)
        {
            if (items.Count == 0 && def.EmptyError is { } empty) Report(empty, node.Span);
            else Report(DiagnosticCatalogue.WrongType, node.Span, def.Key, expected, Describe(node));
            return null;
        }
        // Every item is checked, so each bad one gets its own diagnostic at its own location.
        var list = new List<double>(items.Count);
        var seen = new HashSet<double>();
        bool ok = true;
        foreach (var item in items)
        {
            if (!TryNumber(def.Key, item, out var v)) { ok = false; continue; }
            string? reason = !def.Range!.Contains(v) ? def.Range.Rule(integer: false) : def.Distinct && !seen.Add(v) ? "it is listed twice" : null;
            if (reason is not null)
            {
                if (def.ItemError is { } error) Report(error, item.Span, ParamValue.Format(v), reason);
                else Report(DiagnosticCatalogue.BadValue, item.Span, def.Key, ParamValue.Format(v), reason);
                ok = false;
                continue;
            }
            list.Add(v);
        }
        return ok ? new NumbersValue(new EquatableArray<double>(list)) : null;
    }

    private static string Display(ParamValue value) => value is TextValue t ? $"'{Clip(t.Value)}'" : value.Canonical;

    private DslEntry? Required(DslMapping map, string key, string where)
    {
        var e = map.Find(key);
        if (e is null) Report(DiagnosticCatalogue.MissingKey, map.Span, key, where);
        return e;
    }

    private void CheckKeys(DslMapping map, IReadOnlyCollection<string> allowed, string where)
    {
        foreach (var e in map.Entries.Where(e => !allowed.Contains(e.Key)))
        {
            Report(DiagnosticCatalogue.UnknownKey, e.KeySpan, Clip(e.Key), where, Suggest.Phrase(e.Key, allowed), allowed.Count == 0 ? "none" : string.Join(", ", allowed));
        }
    }

    private static string Describe(DslNode node) => node switch
    {
        DslScalar { Value: "", Quoted: false } => "empty",
        DslScalar { Quoted: true } s => $"the string \"{Clip(s.Value)}\"",
        DslScalar s => $"'{Clip(s.Value)}'",
        _ => node.KindName,
    };

    private static string Clip(string s) => s.Length > 40 ? s.Substring(0, 40) + "…" : s;

    /// <summary>Formats a number invariantly with round-trip precision.</summary>
    public static string Format(double value) => ParamValue.Format(value);

    private bool TryString(string key, DslNode node, out string value)
    {
        if (node is DslScalar s && !(s.Value.Length == 0 && !s.Quoted))
        {
            value = s.Value;
            return true;
        }
        Report(DiagnosticCatalogue.WrongType, node.Span, key, "a text value", Describe(node));
        value = "";
        return false;
    }

    private bool TryInteger(string key, DslNode node, out long value)
    {
        if (node is DslScalar { Quoted: false } s && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        Report(DiagnosticCatalogue.WrongType, node.Span, key, "an integer", Describe(node));
        value = 0;
        return false;
    }

    private bool TryNumber(string key, DslNode node, out double value, string expected = "a finite number")
    {
        if (node is DslScalar { Quoted: false } s
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsNaN(value) && !double.IsInfinity(value))
        {
            if (value == 0) value = 0; // −0 is 0: one value, one canonical text
            return true;
        }
        Report(DiagnosticCatalogue.WrongType, node.Span, key, expected, Describe(node));
        value = 0;
        return false;
    }

    private bool TryBoolean(string key, DslNode node, out bool value)
    {
        if (node is DslScalar { Quoted: false } s)
        {
            switch (s.Value)
            {
                case "true": case "True": case "TRUE": value = true; return true;
                case "false": case "False": case "FALSE": value = false; return true;
            }
        }
        Report(DiagnosticCatalogue.WrongType, node.Span, key, "true or false", Describe(node));
        value = false;
        return false;
    }
}
