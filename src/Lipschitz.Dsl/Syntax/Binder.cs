using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Syntax;

/// <summary>Checks a document tree against the schema and binds it to a <see cref="NetworkSpec"/> (LIP01xx, LIP04xx).</summary>
public sealed class Binder
{
    /// <summary>Largest accepted size of any dimension or layer width.</summary>
    public const long MaxSize = 1L << 24;

    /// <summary>Member names of the generated class that a layer may not take (its own members and every public or protected
    /// member it inherits from LipschitzModule and its bases; a test reflects over the runtime to keep this complete).</summary>
    public static readonly IReadOnlyCollection<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "Bound", "InputShape", "Classes", "LayerBounds", "DescriptionHash", "Training", "Certification", "LipschitzBound",
        "DeclaredLipschitz", "CertifiedRadius", "CertifiedAccuracy", "forward", "call", "train", "eval", "training",
        "parameters", "named_parameters", "buffers", "named_buffers", "named_children", "modules", "state_dict",
        "load_state_dict", "save", "load", "to", "zero_grad", "register_module", "register_parameter", "register_buffer",
        "Dispose", "GetType", "ToString", "Equals", "GetHashCode", "MemberwiseClone", "Finalize", "input",
        "InputSize", "CertificationBound", "RoundoffSlackPerLayer", "CheckInput", "GetName", "OnConverted",
        "OnTrainingModeChanged", "children", "named_modules", "ReferenceEquals",
        // TorchSharp's nn.Module members (public and protected).
        "ClearModules", "ConditionallyRegisterBuffer", "ConditionallyRegisterParameter", "Create", "GetDefaultDeviceAndType", "HType",
        "HookRemover", "RegisterComponents", "ReplaceBuffer", "ReplaceParameter", "_deviceIndex", "_deviceType", "_internal_buffers",
        "_internal_params", "_internal_submodules", "_named_buffers", "_named_parameters", "_parameters", "_to", "_toEpilog",
        "add_module", "apply", "get_buffer", "get_parameter", "has_buffer", "has_parameter", "module_post_hooks", "module_pre_hooks",
        "name", "post_hooks", "pre_hooks", "register_forward_hook", "register_forward_pre_hook", "save_state_dict",
    };

    private static readonly string[] TopKeys = { "network", "namespace", "input", "classes", "lipschitz", "layers", "training", "certify" };
    private static readonly string[] TrainingKeys = { "data", "epochs", "batch", "seed", "optimizer", "objective", "schedule" };
    private static readonly string[] CertifyKeys = { "norm", "eps" };
    private static readonly string[] Optimizers = { "adam", "adamw", "sgd" };
    private static readonly string[] Objectives = { "cross_entropy", "offset_cross_entropy" };
    private static readonly string[] Schedules = { "constant", "cosine", "one_cycle" };

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
            if (TryString(nameEntry, out var text))
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
        if (nsEntry is not null && TryString(nsEntry, out var nsText))
        {
            if (nsText.Split('.').All(Suggest.IsIdentifier)) ns = nsText;
            else Report(DiagnosticCatalogue.BadIdentifier, nsEntry.Value.Span, nsText, "namespace");
        }

        var input = BindInput(map);
        var classesEntry = Required(map, "classes", "the network");
        int classes = 0;
        if (classesEntry is not null && TryInteger(classesEntry, out var c))
        {
            if (c < 2 || c > MaxSize) Report(DiagnosticCatalogue.BadValue, classesEntry.Value.Span, "classes", c, $"must be between 2 and {MaxSize} (a margin needs two classes)");
            else classes = (int)c;
        }

        double lipschitz = 1.0;
        var lipEntry = map.Find("lipschitz");
        if (lipEntry is not null && TryNumber(lipEntry, out var l))
        {
            if (!(l > 0)) Report(DiagnosticCatalogue.BadValue, lipEntry.Value.Span, "lipschitz", Format(l), "must be a positive number");
            else lipschitz = l;
        }

        var layers = BindLayers(map);
        var training = map.Find("training") is { } trainingEntry ? BindTraining(trainingEntry) : null;
        var certifyEntry = map.Find("certify");
        var certify = certifyEntry is not null ? BindCertify(certifyEntry) : CertifySpec.Default;

        if (HasNewErrors || name is null || input is null || layers is null || certify is null) return null;
        var spans = new NetworkSpans(map.Span, nameSpan, map.Find("input")!.Value.Span, classesEntry!.Value.Span,
            lipEntry?.Value.Span ?? map.Span, map.Find("layers")!.Value.Span, certifyEntry?.Value.Span ?? map.Span);
        return new NetworkSpec(name, ns, input.Value, classes, lipschitz, layers.Value, training, certify, spans);
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
        var dims = new List<long>();
        foreach (var item in seq.Items)
        {
            if (!TryInteger("input", item, out var d)) return null;
            if (d < 1 || d > MaxSize)
            {
                Report(DiagnosticCatalogue.BadInputShape, item.Span, ShapeText(seq), $"dimension {d} must be between 1 and {MaxSize}");
                return null;
            }
            dims.Add(d);
        }
        if (dims.Count != 1 && dims.Count != 3)
        {
            Report(DiagnosticCatalogue.BadInputShape, seq.Span, ShapeText(seq), "use [features] or [channels, height, width]");
            return null;
        }
        if (dims.Aggregate(1.0, (a, b) => a * b) > int.MaxValue)
        {
            Report(DiagnosticCatalogue.BadInputShape, seq.Span, ShapeText(seq), $"more than {int.MaxValue} elements per sample");
            return null;
        }
        return new EquatableArray<long>(dims);
    }

    private static string ShapeText(DslSequence seq) =>
        "[" + string.Join(", ", seq.Items.Select(i => i is DslScalar s ? s.Value : "…")) + "]";

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
        var layers = new List<LayerSpec>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        int index = 0;
        foreach (var item in seq.Items)
        {
            var layer = BindLayer(item);
            if (layer?.Name is { } layerName)
            {
                if (names.TryGetValue(layerName, out var first)) Report(DiagnosticCatalogue.DuplicateLayerName, item.Span, layerName, first);
                else names[layerName] = index;
            }
            if (layer is not null) layers.Add(layer);
            index++;
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
            Report(DiagnosticCatalogue.UnknownLayerKind, kindSpan, kindName, Suggest.Phrase(kindName, LayerCatalogue.All.Select(k => k.YamlName)), LayerCatalogue.KnownNames);
            return null;
        }

        var values = new Dictionary<string, (DslNode Node, SourceSpan KeySpan)>(StringComparer.Ordinal);
        switch (args)
        {
            case null:
                break;
            case DslMapping argMap:
                var allowed = info.Params.Select(p => p.Key).Concat(new[] { "name" }).ToArray();
                CheckKeys(argMap, allowed, $"layer '{info.YamlName}'");
                foreach (var e in argMap.Entries) values[e.Key] = (e.Value, e.KeySpan);
                break;
            case DslScalar when info.ShorthandKey is not null:
                values[info.ShorthandKey] = (args, args.Span);
                break;
            default:
                Report(DiagnosticCatalogue.WrongType, args.Span, info.YamlName,
                    info.ShorthandKey is null ? "empty or a mapping with 'name'" : $"a mapping of parameters or a value for '{info.ShorthandKey}'", Describe(args));
                return null;
        }

        bool ok = true;
        foreach (var p in info.Params.Where(p => p.Required && !values.ContainsKey(p.Key)))
        {
            Report(DiagnosticCatalogue.MissingKey, kindSpan, p.Key, $"layer '{info.YamlName}'");
            ok = false;
        }

        long? Int(string key, long min, long max, string rule, Func<long, bool>? extra = null, string? extraRule = null)
        {
            if (!values.TryGetValue(key, out var v)) return null;
            if (!TryInteger(key, v.Node, out var x)) { ok = false; return null; }
            if (x < min || x > max) { Report(DiagnosticCatalogue.BadValue, v.Node.Span, key, x, rule); ok = false; return null; }
            if (extra is not null && !extra(x)) { Report(DiagnosticCatalogue.BadValue, v.Node.Span, key, x, extraRule); ok = false; return null; }
            return x;
        }

        var outSize = Int("out", 1, MaxSize, $"must be between 1 and {MaxSize}");
        long? kernel = info.Kind is LayerKind.AolConv2d or LayerKind.Conv2d
            ? Int("kernel", 1, 63, "must be between 1 and 63",
                info.Kind == LayerKind.AolConv2d ? k => k % 2 == 1 : null,
                "aol_conv2d keeps the size with 'same' padding, which needs an odd kernel (1, 3, 5, …)") ?? 3
            : null;
        long? stride = info.Kind == LayerKind.Conv2d ? Int("stride", 1, 64, "must be between 1 and 64") ?? 1 : null;
        long? padding = info.Kind == LayerKind.Conv2d ? Int("padding", 0, 64, "must be between 0 and 64") ?? 0 : null;
        long? factor = info.Kind == LayerKind.PixelUnshuffle ? Int("factor", 1, 64, "must be between 1 and 64") : null;
        double? scale = null;
        if (info.Kind == LayerKind.Scale && values.TryGetValue("factor", out var sv))
        {
            if (TryNumber("factor", sv.Node, out var s))
            {
                if (Math.Abs(s) > 1e12) { Report(DiagnosticCatalogue.BadValue, sv.Node.Span, "factor", Format(s), "must be at most 1e12 in magnitude"); ok = false; }
                else scale = s;
            }
            else ok = false;
        }
        bool bias = true;
        if (values.TryGetValue("bias", out var bv))
        {
            if (TryBoolean("bias", bv.Node, out var b)) bias = b; else ok = false;
        }
        string? name = null;
        if (values.TryGetValue("name", out var nv))
        {
            if (TryString("name", nv.Node, out var n))
            {
                if (!Suggest.IsIdentifier(n)) { Report(DiagnosticCatalogue.BadIdentifier, nv.Node.Span, n, "field"); ok = false; }
                else if (ReservedNames.Contains(n)) { Report(DiagnosticCatalogue.BadValue, nv.Node.Span, "name", $"'{n}'", "it is a member of the generated module; choose another name"); ok = false; }
                else name = n;
            }
            else ok = false;
        }
        return ok ? new LayerSpec(info.Kind, name, outSize, kernel, stride, padding, factor, scale, bias, item.Span, kindSpan) : null;
    }

    private TrainingSpec? BindTraining(DslEntry entry)
    {
        if (entry.Value is not DslMapping map)
        {
            Report(DiagnosticCatalogue.WrongType, entry.Value.Span, "training", "a mapping", Describe(entry.Value));
            return null;
        }
        CheckKeys(map, TrainingKeys, "training");
        string data = "";
        var dataEntry = Required(map, "data", "training");
        if (dataEntry is not null && TryString(dataEntry, out var d))
        {
            if (d.Trim().Length == 0) Report(DiagnosticCatalogue.BadValue, dataEntry.Value.Span, "data", "''", "name a dataset (fashion-mnist) or a folder of IDX files");
            else data = d;
        }
        int epochs = IntOption(map, "epochs", 10, 1, 100_000);
        int batch = IntOption(map, "batch", 128, 1, 1 << 20);
        int seed = IntOption(map, "seed", 0, int.MinValue, int.MaxValue);
        var optimizer = map.Find("optimizer") is { } o ? BindOptimizer(o) : new OptimizerSpec(OptimizerKind.Adam, 1e-3);
        var objective = map.Find("objective") is { } ob ? BindObjective(ob) : new ObjectiveSpec(ObjectiveKind.CrossEntropy);
        var schedule = map.Find("schedule") is { } sc ? BindSchedule(sc) : new ScheduleSpec(ScheduleKind.Constant);
        if (optimizer is null || objective is null || schedule is null) return null;
        return new TrainingSpec(data, epochs, batch, seed, optimizer, objective, schedule);
    }

    private int IntOption(DslMapping map, string key, int fallback, long min, long max)
    {
        var e = map.Find(key);
        if (e is null || !TryInteger(e, out var v)) return fallback;
        if (v < min || v > max)
        {
            Report(DiagnosticCatalogue.BadValue, e.Value.Span, key, v, $"must be between {min} and {max}");
            return fallback;
        }
        return (int)v;
    }

    /// <summary>Splits `kind` or `{ kind: { ... } }` into the kind and its parameter mapping.</summary>
    private (string Kind, DslMapping? Args, SourceSpan KindSpan)? KindAndArgs(DslEntry entry, string what, string[] known)
    {
        string kind;
        SourceSpan kindSpan;
        DslMapping? args = null;
        switch (entry.Value)
        {
            case DslScalar s:
                kind = s.Value;
                kindSpan = s.Span;
                break;
            case DslMapping { Entries.Count: 1 } m:
                kind = m.Entries[0].Key;
                kindSpan = m.Entries[0].KeySpan;
                if (m.Entries[0].Value is DslMapping am) args = am;
                else if (m.Entries[0].Value is not DslScalar { Value: "", Quoted: false })
                {
                    Report(DiagnosticCatalogue.WrongType, m.Entries[0].Value.Span, kind, "a mapping of options", Describe(m.Entries[0].Value));
                    return null;
                }
                break;
            default:
                Report(DiagnosticCatalogue.WrongType, entry.Value.Span, entry.Key, $"a {what} name or one '{what}: {{options}}' entry", Describe(entry.Value));
                return null;
        }
        if (!known.Contains(kind))
        {
            Report(DiagnosticCatalogue.UnknownOption, kindSpan, what, kind, Suggest.Phrase(kind, known), string.Join(", ", known));
            return null;
        }
        return (kind, args, kindSpan);
    }

    private double NumberOption(DslMapping? args, string key, double fallback, Func<double, bool> valid, string rule)
    {
        var e = args?.Find(key);
        if (e is null || !TryNumber(e, out var v)) return fallback;
        if (!valid(v))
        {
            Report(DiagnosticCatalogue.BadValue, e.Value.Span, key, Format(v), rule);
            return fallback;
        }
        return v;
    }

    private OptimizerSpec? BindOptimizer(DslEntry entry)
    {
        var parsed = KindAndArgs(entry, "optimizer", Optimizers);
        if (parsed is null) return null;
        var (kind, args, _) = parsed.Value;
        var k = kind switch { "adam" => OptimizerKind.Adam, "adamw" => OptimizerKind.AdamW, _ => OptimizerKind.Sgd };
        if (args is not null)
        {
            CheckKeys(args, k == OptimizerKind.Sgd ? new[] { "lr", "momentum", "nesterov", "weight_decay" } : new[] { "lr", "betas", "weight_decay" }, $"optimizer '{kind}'");
        }
        double lr = NumberOption(args, "lr", k == OptimizerKind.Sgd ? 0.1 : 1e-3, v => v > 0 && v <= 100, "the learning rate must be positive and at most 100");
        double wd = NumberOption(args, "weight_decay", k == OptimizerKind.AdamW ? 1e-2 : 0, v => v >= 0 && v <= 10, "must be between 0 and 10");
        if (k == OptimizerKind.Sgd)
        {
            double momentum = NumberOption(args, "momentum", 0, v => v >= 0 && v < 1, "must be in [0, 1)");
            bool nesterov = false;
            var ne = args?.Find("nesterov");
            if (ne is not null && TryBoolean("nesterov", ne.Value, out var n))
            {
                if (n && !(momentum > 0)) Report(DiagnosticCatalogue.BadValue, ne.Value.Span, "nesterov", "true", "Nesterov momentum needs momentum > 0");
                else nesterov = n;
            }
            return new OptimizerSpec(k, lr, momentum, nesterov, wd);
        }
        double b1 = 0.9, b2 = 0.999;
        var be = args?.Find("betas");
        if (be is not null)
        {
            if (be.Value is DslSequence { Items.Count: 2 } seq)
            {
                if (TryNumber("betas", seq.Items[0], out var x) && TryNumber("betas", seq.Items[1], out var y))
                {
                    if (x >= 0 && x < 1 && y >= 0 && y < 1) { b1 = x; b2 = y; }
                    else Report(DiagnosticCatalogue.BadValue, seq.Span, "betas", $"[{Format(x)}, {Format(y)}]", "both betas must be in [0, 1)");
                }
            }
            else Report(DiagnosticCatalogue.WrongType, be.Value.Span, "betas", "a list of two numbers like [0.9, 0.999]", Describe(be.Value));
        }
        return new OptimizerSpec(k, lr, 0, false, wd, b1, b2);
    }

    private ObjectiveSpec? BindObjective(DslEntry entry)
    {
        var parsed = KindAndArgs(entry, "objective", Objectives);
        if (parsed is null) return null;
        var (kind, args, _) = parsed.Value;
        if (kind == "cross_entropy")
        {
            if (args is not null) CheckKeys(args, new[] { "label_smoothing" }, "objective 'cross_entropy'");
            double ls = NumberOption(args, "label_smoothing", 0, v => v >= 0 && v < 1, "must be in [0, 1)");
            return new ObjectiveSpec(ObjectiveKind.CrossEntropy, LabelSmoothing: ls);
        }
        if (args is not null) CheckKeys(args, new[] { "offset", "temperature" }, "objective 'offset_cross_entropy'");
        double offset = NumberOption(args, "offset", Math.Sqrt(2), v => v >= 0 && v <= 1e6, "must be between 0 and 1e6");
        double temperature = NumberOption(args, "temperature", 1, v => v > 0 && v <= 1e6, "must be positive and at most 1e6");
        return new ObjectiveSpec(ObjectiveKind.OffsetCrossEntropy, offset, temperature);
    }

    private ScheduleSpec? BindSchedule(DslEntry entry)
    {
        var parsed = KindAndArgs(entry, "schedule", Schedules);
        if (parsed is null) return null;
        var (kind, args, _) = parsed.Value;
        var k = kind switch { "constant" => ScheduleKind.Constant, "cosine" => ScheduleKind.Cosine, _ => ScheduleKind.OneCycle };
        if (args is not null)
        {
            CheckKeys(args, k switch { ScheduleKind.Constant => Array.Empty<string>(), ScheduleKind.Cosine => new[] { "final_lr" }, _ => new[] { "warmup", "final_lr" } }, $"schedule '{kind}'");
        }
        double warmup = NumberOption(args, "warmup", 0.3, v => v > 0 && v < 1, "the warm-up fraction must be in (0, 1)");
        double finalLr = NumberOption(args, "final_lr", 0, v => v >= 0 && v <= 100, "must be between 0 and 100");
        return new ScheduleSpec(k, warmup, finalLr);
    }

    private CertifySpec? BindCertify(DslEntry entry)
    {
        if (entry.Value is not DslMapping map)
        {
            Report(DiagnosticCatalogue.WrongType, entry.Value.Span, "certify", "a mapping with 'norm' and 'eps'", Describe(entry.Value));
            return null;
        }
        CheckKeys(map, CertifyKeys, "certify");
        var norm = CertifySpec.Default.Norm;
        var ne = map.Find("norm");
        if (ne is not null && TryString(ne, out var n))
        {
            if (n == "l2") norm = CertNorm.L2;
            else if (n == "linf") norm = CertNorm.LInf;
            else { Report(DiagnosticCatalogue.UnknownNorm, ne.Value.Span, n, Suggest.Phrase(n, new[] { "l2", "linf" })); return null; }
        }
        var eps = CertifySpec.Default.Eps;
        var ee = map.Find("eps");
        if (ee is not null)
        {
            var items = ee.Value is DslSequence seq ? seq.Items.ToList() : new List<DslNode> { ee.Value };
            if (items.Count == 0) { Report(DiagnosticCatalogue.EmptyEps, ee.Value.Span); return null; }
            // Every entry is checked, so each bad one gets its own diagnostic at its own location.
            var list = new List<double>();
            bool ok = true;
            foreach (var item in items)
            {
                if (!TryNumber("eps", item, out var v)) ok = false;
                else if (!(v > 0) || v > 1e6) { Report(DiagnosticCatalogue.BadEps, item.Span, Format(v), "a radius must be positive and at most 1e6"); ok = false; }
                else if (list.Contains(v)) { Report(DiagnosticCatalogue.BadEps, item.Span, Format(v), "it is listed twice"); ok = false; }
                else list.Add(v);
            }
            if (!ok) return null;
            eps = new EquatableArray<double>(list);
        }
        return new CertifySpec(norm, eps);
    }

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
            Report(DiagnosticCatalogue.UnknownKey, e.KeySpan, e.Key, where, Suggest.Phrase(e.Key, allowed), allowed.Count == 0 ? "none" : string.Join(", ", allowed));
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
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private bool TryString(DslEntry entry, out string value) => TryString(entry.Key, entry.Value, out value);

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

    private bool TryInteger(DslEntry entry, out long value) => TryInteger(entry.Key, entry.Value, out value);

    private bool TryInteger(string key, DslNode node, out long value)
    {
        if (node is DslScalar { Quoted: false } s && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        Report(DiagnosticCatalogue.WrongType, node.Span, key, "an integer", Describe(node));
        value = 0;
        return false;
    }

    private bool TryNumber(DslEntry entry, out double value) => TryNumber(entry.Key, entry.Value, out value);

    private bool TryNumber(string key, DslNode node, out double value)
    {
        if (node is DslScalar { Quoted: false } s
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsNaN(value) && !double.IsInfinity(value))
        {
            return true;
        }
        Report(DiagnosticCatalogue.WrongType, node.Span, key, "a finite number", Describe(node));
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
