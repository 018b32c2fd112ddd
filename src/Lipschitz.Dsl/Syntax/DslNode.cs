using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Dsl.Syntax;

/// <summary>A neutral document tree (scalar, sequence, mapping) with a span on every node; both front ends produce it.</summary>
public abstract record DslNode(SourceSpan Span)
{
    /// <summary>A short name of the node's kind for messages ("a scalar", "a list", "a mapping").</summary>
    public abstract string KindName { get; }
}

/// <summary>A scalar value kept as its source text (YAML) or its invariant text (C# constants).</summary>
public sealed record DslScalar(string Value, SourceSpan Span, bool Quoted = false) : DslNode(Span)
{
    /// <inheritdoc/>
    public override string KindName => "a scalar";
}

/// <summary>An ordered list of nodes.</summary>
public sealed record DslSequence(EquatableArray<DslNode> Items, SourceSpan Span) : DslNode(Span)
{
    /// <inheritdoc/>
    public override string KindName => "a list";
}

/// <summary>One key/value pair of a mapping; the key keeps its own span.</summary>
public sealed record DslEntry(string Key, SourceSpan KeySpan, DslNode Value);

/// <summary>An ordered mapping of string keys to nodes.</summary>
public sealed record DslMapping(EquatableArray<DslEntry> Entries, SourceSpan Span) : DslNode(Span)
{
    /// <inheritdoc/>
    public override string KindName => "a mapping";

    /// <summary>The first entry with the given key, or null.</summary>
    public DslEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key == key);

    /// <summary>The keys in source order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key);
}
