using System;
using System.Collections.Generic;
using System.Globalization;

namespace Lipschitz.Cli.Commands;

/// <summary>The error for a malformed command line; the message says what was expected.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the error.</summary>
    public UsageException(string message) : base(message)
    {
    }
}

/// <summary>A small parser for <c>FILE [--flag] [--option VALUE ...]</c> command lines.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> take no value, <paramref name="options"/> one, <paramref name="listOptions"/> (also in options) every value up to the next --name.</summary>
    public CommandLine(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string> options,
        IReadOnlyCollection<string>? listOptions = null)
    {
        listOptions ??= Array.Empty<string>();
        var positional = new List<string>();
        for (int k = 0; k < args.Count; k++)
        {
            string a = args[k];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                string name = a;
                string? inline = null;
                int eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = a[..eq];
                    inline = a[(eq + 1)..];
                }
                if (Contains(flags, name))
                {
                    if (inline is not null) throw new UsageException($"{command}: {name} takes no value");
                    _flags.Add(name);
                }
                else if (Contains(options, name))
                {
                    var values = new List<string>();
                    if (inline is not null) values.Add(inline);
                    // A list option (--eps 0.1 0.5) takes every value up to the next --name; the others take one.
                    bool list = Contains(listOptions, name);
                    while (inline is null && k + 1 < args.Count && !args[k + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        values.Add(args[++k]);
                        if (!list) break;
                    }
                    if (values.Count == 0) throw new UsageException($"{command}: {name} needs a value");
                    _options[name] = values;
                }
                else
                {
                    throw new UsageException($"{command}: unknown option {name} (known: {string.Join(", ", Sorted(flags, options))})");
                }
            }
            else
            {
                positional.Add(a);
            }
        }
        Positional = positional;
        Command = command;
    }

    private static bool Contains(IReadOnlyCollection<string> set, string name)
    {
        foreach (string s in set)
            if (s == name) return true;
        return false;
    }

    private static IEnumerable<string> Sorted(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b)
    {
        var all = new List<string>(a);
        all.AddRange(b);
        all.Sort(StringComparer.Ordinal);
        return all;
    }

    /// <summary>The command's name, for messages.</summary>
    public string Command { get; }

    /// <summary>Arguments that are not options.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Whether the flag was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>The option's value, or null.</summary>
    public string? Value(string option) => _options.TryGetValue(option, out var v) ? v[^1] : null;

    /// <summary>All values given to an option (comma-separated values split), or null.</summary>
    public IReadOnlyList<string>? Values(string option)
    {
        if (!_options.TryGetValue(option, out var v)) return null;
        var result = new List<string>();
        foreach (string s in v)
            foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                result.Add(part);
        return result;
    }

    /// <summary>The option as a positive integer, or null when absent.</summary>
    public int? PositiveInt(string option)
    {
        string? v = Value(option);
        if (v is null) return null;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new UsageException($"{Command}: {option} must be a positive whole number, got '{v}'");
        return n;
    }

    /// <summary>The single positional argument (the description file).</summary>
    public string SingleFile()
    {
        if (Positional.Count != 1)
            throw new UsageException(Positional.Count == 0 ? $"{Command}: which description? usage: lipnet {Command} FILE.lipnet.yaml ..." : $"{Command}: one description file expected, got {Positional.Count}: {string.Join(" ", Positional)}");
        return Positional[0];
    }
}
