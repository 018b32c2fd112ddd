using System;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>One allowed value of a <see cref="ParamType.Choice"/> parameter and the runtime enum member it becomes.</summary>
/// <param name="Key">The value as written ("l2").</param>
/// <param name="RuntimeName">The runtime enum member ("L2").</param>
public sealed record Choice(string Key, string RuntimeName);

/// <summary>
/// One parameter of a layer kind, option kind or options block: its key, type, default, allowed values, one-line doc,
/// the C# attribute property that sets it and the runtime constructor argument(s) it becomes.
/// </summary>
public sealed record ParamDef
{
    private ParamDef(string key, ParamType type, string doc, ParamValue? @default)
    {
        Key = key;
        Type = type;
        Doc = doc;
        Default = @default;
        AttributeName = Pascal(key);
    }

    /// <summary>The key as written in YAML (snake case).</summary>
    public string Key { get; }

    /// <summary>The value's type.</summary>
    public ParamType Type { get; }

    /// <summary>A one-line description for docs/layers.md.</summary>
    public string Doc { get; }

    /// <summary>The value when the parameter is not written; null when it is required.</summary>
    public ParamValue? Default { get; }

    /// <summary>Whether the parameter must be written.</summary>
    public bool Required => Default is null;

    /// <summary>Allowed values of an integer or number, or of each item of a list; null: any.</summary>
    public ValueRange? Range { get; init; }

    /// <summary>An extra condition on the value (e.g. an odd kernel), with <see cref="RuleText"/> and <see cref="RuleMessage"/>.</summary>
    public Func<ParamValue, bool>? Rule { get; init; }

    /// <summary>The extra condition in a word or two for docs ("odd").</summary>
    public string? RuleText { get; init; }

    /// <summary>Why a value breaking <see cref="Rule"/> is refused, for the diagnostic.</summary>
    public string? RuleMessage { get; init; }

    /// <summary>The allowed values of a choice.</summary>
    public EquatableArray<Choice> Choices { get; init; } = EquatableArray<Choice>.Empty;

    /// <summary>The runtime enum a choice becomes, relative to the runtime's root namespace ("Norm").</summary>
    public string? RuntimeEnum { get; init; }

    /// <summary>The fewest items of a list.</summary>
    public int MinCount { get; init; }

    /// <summary>The most items of a list (checked before the items are read).</summary>
    public int MaxCount { get; init; } = int.MaxValue;

    /// <summary>Whether a list may not hold a value twice.</summary>
    public bool Distinct { get; init; }

    /// <summary>The C# attribute property that sets the parameter (PascalCase of the key unless stated).</summary>
    public string AttributeName { get; init; }

    /// <summary>The runtime constructor argument(s) the value is passed as, by name; a list of n numbers may name n
    /// arguments (one per item). Empty: the runtime does not take it.</summary>
    public EquatableArray<string> RuntimeNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The diagnostic for a bad list item (arguments: the item, the reason); null: LIP0105.</summary>
    public DiagnosticDescriptorInfo? ItemError { get; init; }

    /// <summary>The diagnostic for an empty list (no arguments); null: LIP0104.</summary>
    public DiagnosticDescriptorInfo? EmptyError { get; init; }

    /// <summary>The diagnostic for an unknown choice (arguments: the value, a suggestion, the known values); null: LIP0109.</summary>
    public DiagnosticDescriptorInfo? ChoiceError { get; init; }

    /// <summary>An integer parameter in [min, max]; required when <paramref name="default"/> is null.</summary>
    public static ParamDef Integer(string key, string doc, long? @default, long min, long max) =>
        new(key, ParamType.Integer, doc, @default is { } d ? new IntegerValue(d) : null) { Range = ValueRange.Closed(min, max) };

    /// <summary>A number parameter in <paramref name="range"/>; required when <paramref name="default"/> is null.</summary>
    public static ParamDef Number(string key, string doc, double? @default, ValueRange range) =>
        new(key, ParamType.Number, doc, @default is { } d ? new NumberValue(d) : null) { Range = range };

    /// <summary>A true/false parameter.</summary>
    public static ParamDef Boolean(string key, string doc, bool @default) => new(key, ParamType.Boolean, doc, new BooleanValue(@default));

    /// <summary>A required non-empty text.</summary>
    public static ParamDef Text(string key, string doc) => new(key, ParamType.Text, doc, null);

    /// <summary>One of <paramref name="choices"/>, default <paramref name="default"/>.</summary>
    public static ParamDef Choose(string key, string doc, string @default, string runtimeEnum, params Choice[] choices) =>
        new(key, ParamType.Choice, doc, new TextValue(@default)) { Choices = EquatableArray.Of(choices), RuntimeEnum = runtimeEnum };

    /// <summary>A list of numbers, each in <paramref name="itemRange"/>, with <paramref name="minCount"/> to <paramref name="maxCount"/> items.</summary>
    public static ParamDef Numbers(string key, string doc, double[] @default, ValueRange itemRange, int minCount, int maxCount) =>
        new(key, ParamType.Numbers, doc, new NumbersValue(EquatableArray.Of(@default))) { Range = itemRange, MinCount = minCount, MaxCount = maxCount };

    /// <summary>A required nested chain of <paramref name="minCount"/> to <see cref="DslLimits.MaxLayers"/> layers (a composite kind's body).</summary>
    public static ParamDef Layers(string key, string doc, int minCount) =>
        new(key, ParamType.Layers, doc, null) { MinCount = minCount, MaxCount = DslLimits.MaxLayers };

    /// <summary>A required list of <paramref name="minCount"/> or more nested chains (a composite kind's branches), each of any length up to <see cref="DslLimits.MaxLayers"/> (an empty chain is the identity).</summary>
    public static ParamDef Branches(string key, string doc, int minCount) =>
        new(key, ParamType.Branches, doc, null) { MinCount = minCount, MaxCount = DslLimits.MaxLayers };

    /// <summary>Whether the value is nested layers (a chain or branches), which the validator checks and the emitter constructs recursively.</summary>
    public bool Nested => Type is ParamType.Layers or ParamType.Branches;

    /// <summary>The same parameter passed to the runtime as <paramref name="names"/>.</summary>
    public ParamDef Runtime(params string[] names) => this with { RuntimeNames = EquatableArray.Of(names) };

    /// <summary>The allowed values as docs print them ("1 … 63, odd", "(0, 100]", "l2, linf", "1 to 1000 items in (0, 1000000], distinct").</summary>
    public string AllowedText
    {
        get
        {
            string text = Type switch
            {
                ParamType.Integer => Range!.Text(integer: true),
                ParamType.Number => Range!.Text(integer: false),
                ParamType.Boolean => "true, false",
                ParamType.Choice => string.Join(", ", Choices.Select(c => c.Key)),
                ParamType.Layers => FormattableString.Invariant($"a list of {MinCount} or more layers"),
                ParamType.Branches => FormattableString.Invariant($"a list of {MinCount} or more lists of layers (an empty list: the identity)"),
                ParamType.Numbers => (MinCount == MaxCount ? FormattableString.Invariant($"{MinCount} items") : FormattableString.Invariant($"{MinCount} to {MaxCount} items")) + " in " + Range!.Text(integer: false) + (Distinct ? ", distinct" : ""),
                _ => "any text",
            };
            return RuleText is null ? text : text + ", " + RuleText;
        }
    }

    /// <summary>"weight_decay" → "WeightDecay".</summary>
    private static string Pascal(string key) =>
        string.Concat(key.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
}
