using System;
using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Dsl.Generator;

/// <summary>Resolves the file a [LipschitzNetwork("x.lipnet.yaml")] attribute names among the AdditionalFiles.</summary>
internal static class PathMatch
{
    public static string Normalize(string path) => path.Replace('\\', '/');

    /// <summary>The YAML path the reference resolves to: relative to the class's file first, else a unique path suffix.</summary>
    public static string? Resolve(string reference, string classFilePath, IEnumerable<string> yamlPaths)
    {
        var refNorm = Normalize(reference);
        var candidates = yamlPaths.Select(p => (Original: p, Norm: Normalize(p))).ToList();
        var classDir = Normalize(classFilePath);
        int cut = classDir.LastIndexOf('/');
        classDir = cut >= 0 ? classDir.Substring(0, cut) : "";
        var relative = Collapse(classDir.Length == 0 ? refNorm : classDir + "/" + refNorm);
        foreach (var c in candidates)
        {
            if (string.Equals(Collapse(c.Norm), relative, StringComparison.Ordinal)) return c.Original;
        }
        var bare = Collapse(refNorm);
        var suffix = candidates.Where(c => Collapse(c.Norm) == bare || Collapse(c.Norm).EndsWith("/" + bare, StringComparison.Ordinal))
            .Select(c => c.Original).OrderBy(p => p, StringComparer.Ordinal).ToList();
        return suffix.Count > 0 ? suffix[0] : null;
    }

    /// <summary>Removes "." and "dir/.." segments.</summary>
    private static string Collapse(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "." || (part.Length == 0 && parts.Count > 0)) continue;
            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        return string.Join("/", parts);
    }
}
