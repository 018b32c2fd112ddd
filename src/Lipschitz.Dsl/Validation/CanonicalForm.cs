using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Validation;

/// <summary>The canonical text of a network's architecture (what a checkpoint depends on) and its SHA-256.</summary>
/// <remarks>
/// It covers the name, input, classes, declared bound and every layer with its field name and every catalogue parameter
/// (defaults included, in catalogue order, invariant round-trip numbers); spans, comments, key order, the namespace
/// and training/certification options are left out, so reformatting a file or changing the recipe keeps checkpoints loadable.
/// </remarks>
public static class CanonicalForm
{
    /// <summary>Builds the canonical text.</summary>
    public static string Of(NetworkSpec spec, IEnumerable<ValidatedLayer> layers)
    {
        var sb = new StringBuilder();
        sb.Append("lipnet-description v1\n");
        sb.Append("network ").Append(spec.Name).Append('\n');
        sb.Append("input ").Append(string.Join(",", spec.Input.Select(d => d.ToString(CultureInfo.InvariantCulture)))).Append('\n');
        sb.Append("classes ").Append(spec.Classes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("lipschitz ").Append(spec.Lipschitz).Append('\n');
        foreach (var l in layers)
        {
            sb.Append("layer ").Append(l.FieldName).Append(' ').Append(l.Spec.Kind);
            foreach (var p in l.Spec.Params.Entries) sb.Append(' ').Append(p.Key).Append('=').Append(p.Value.Canonical);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Hash(string canonical)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(canonical));
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
