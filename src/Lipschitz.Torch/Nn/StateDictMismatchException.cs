using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Lipschitz.Torch;

/// <summary>A state dict does not fit a module: it names the missing, unexpected and shape-mismatched keys.</summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>A key present on both sides whose shapes differ.</summary>
    public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Expected, IReadOnlyList<long> Actual);

    /// <summary>Creates the exception; the message lists every problem.</summary>
    public StateDictMismatchException(string module, string? file, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<ShapeMismatch> mismatched)
        : base(Describe(module, file, missing, unexpected, mismatched))
    {
        Module = module;
        File = file;
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        MismatchedKeys = mismatched;
    }

    /// <summary>The name of the module that was loaded into.</summary>
    public string Module { get; }

    /// <summary>The file the state dict came from, if any.</summary>
    public string? File { get; }

    /// <summary>Keys the module has that the state dict lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys the state dict has that the module lacks.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Keys on both sides with different shapes.</summary>
    public IReadOnlyList<ShapeMismatch> MismatchedKeys { get; }

    private static string Describe(string module, string? file, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<ShapeMismatch> mismatched)
    {
        var sb = new StringBuilder();
        sb.Append(file is null ? "the state dict" : $"{file}: the state dict").Append(" does not fit module ").Append(module).Append(':');
        if (missing.Count > 0) sb.Append(" missing keys: ").Append(string.Join(", ", missing)).Append(';');
        if (unexpected.Count > 0) sb.Append(" unexpected keys: ").Append(string.Join(", ", unexpected)).Append(';');
        if (mismatched.Count > 0)
            sb.Append(" shape mismatches: ").Append(string.Join(", ", mismatched.Select(m =>
                $"{m.Key} is [{string.Join(", ", m.Expected)}] in the module but [{string.Join(", ", m.Actual)}] in the state dict"))).Append(';');
        sb.Length--;
        return sb.Append('.').ToString();
    }
}
