using System;
using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Dsl.Syntax;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
public static class Suggest
{
    /// <summary>The closest candidate within a small edit distance, or null.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        var lower = word.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            int d = Distance(lower, candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = Math.Max(2, word.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or the empty string.</summary>
    public static string Phrase(string word, IEnumerable<string> candidates)
    {
        var best = Closest(word, candidates);
        return best is null ? "" : $" (did you mean '{best}'?)";
    }

    /// <summary>Damerau-free Levenshtein distance, capped input length so it stays cheap.</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 64) a = a.Substring(0, 64);
        if (b.Length > 64) b = b.Substring(0, 64);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Whether the text is a C# identifier (ASCII letters, digits, '_'; not starting with a digit; not a keyword).</summary>
    public static bool IsIdentifier(string text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > DslLimits.MaxIdentifierLength) return false;
        if (!(char.IsLetter(text[0]) || text[0] == '_')) return false;
        if (!text.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'))) return false;
        return !Keywords.Contains(text);
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };
}
