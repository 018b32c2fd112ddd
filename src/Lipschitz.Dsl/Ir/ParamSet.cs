using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Ir;

/// <summary>One parameter value of a layer, option kind or block, keyed by its catalogue name.</summary>
/// <param name="Key">The catalogue key ("out").</param>
/// <param name="Value">The typed value (the catalogue default when it was not written).</param>
/// <param name="Span">Where it was written (the owner's span when defaulted).</param>
public sealed record ParamEntry(string Key, ParamValue Value, SourceSpan Span);

/// <summary>The complete parameter values of one owner, in catalogue order: every catalogue parameter has an entry.</summary>
public sealed record ParamSet(EquatableArray<ParamEntry> Entries)
{
    /// <summary>No parameters.</summary>
    public static ParamSet Empty { get; } = new(EquatableArray<ParamEntry>.Empty);

    /// <summary>The entry with the key, or null.</summary>
    public ParamEntry? Find(string key)
    {
        foreach (var e in Entries)
        {
            if (e.Key == key) return e;
        }
        return null;
    }

    /// <summary>The value with the key (the catalogue guarantees it exists once bound).</summary>
    public ParamValue this[string key] => Find(key)?.Value ?? throw new System.Collections.Generic.KeyNotFoundException($"no parameter '{key}'");

    /// <summary>An integer value.</summary>
    public long Integer(string key) => ((IntegerValue)this[key]).Value;

    /// <summary>A number value (an integer converts).</summary>
    public double Number(string key) => this[key] switch
    {
        IntegerValue i => i.Value,
        var v => ((NumberValue)v).Value,
    };

    /// <summary>A true/false value.</summary>
    public bool Boolean(string key) => ((BooleanValue)this[key]).Value;

    /// <summary>A text or choice value.</summary>
    public string Text(string key) => ((TextValue)this[key]).Value;

    /// <summary>A list of numbers.</summary>
    public EquatableArray<double> Numbers(string key) => ((NumbersValue)this[key]).Values;

    /// <summary>A nested chain of layers.</summary>
    public EquatableArray<LayerSpec> Layers(string key) => ((LayersValue)this[key]).Layers;

    /// <summary>A list of nested chains of layers.</summary>
    public EquatableArray<EquatableArray<LayerSpec>> Branches(string key) => ((BranchesValue)this[key]).Branches;

    /// <summary>"key=value" pairs joined by spaces, in catalogue order.</summary>
    public override string ToString() => string.Join(" ", Entries.Select(e => e.Key + "=" + e.Value.Canonical));
}
