using System;
using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Nn.Serialization;

/// <summary>A state dict that does not fit a module: missing or unexpected keys, other shapes or element types, or non-finite values; the message lists them.</summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the error from the problems found.</summary>
    public StateDictMismatchException(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
        : base(Describe(source, missing, unexpected, mismatched))
    {
        Missing = missing;
        Unexpected = unexpected;
        Mismatched = mismatched;
    }

    /// <summary>Keys the module has and the state dict lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Keys the state dict has and the module lacks.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Entries present in both whose shape, element type or values do not fit, each with the difference.</summary>
    public IReadOnlyList<string> Mismatched { get; }

    private static string Describe(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add("missing " + List(missing));
        if (unexpected.Count > 0) parts.Add("unexpected " + List(unexpected));
        if (mismatched.Count > 0) parts.Add(string.Join("; ", mismatched.Take(8)) + (mismatched.Count > 8 ? $"; and {mismatched.Count - 8} more" : ""));
        return $"{source}: the state dict does not fit: {string.Join("; ", parts)}";
    }

    private static string List(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Take(8).Select(k => "'" + k + "'")) + (keys.Count > 8 ? $" and {keys.Count - 8} more" : "");
}
