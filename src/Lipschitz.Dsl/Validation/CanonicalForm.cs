using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Validation;

/// <summary>The canonical text of a network's architecture (what a checkpoint depends on) and its SHA-256.</summary>
/// <remarks>
/// It covers the name, input, classes, declared bound and every layer with its parameters and field name, written in a
/// fixed order with invariant round-trip numbers; spans, comments, key order, the namespace and training/certification
/// options are left out, so reformatting a file or changing the recipe keeps checkpoints loadable.
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
        sb.Append("lipschitz ").Append(Syntax.Binder.Format(spec.Lipschitz)).Append('\n');
        foreach (var l in layers)
        {
            var s = l.Spec;
            sb.Append("layer ").Append(l.FieldName).Append(' ').Append(l.Info.YamlName);
            if (s.Out is { } o) sb.Append(" out=").Append(o.ToString(CultureInfo.InvariantCulture));
            if (s.Kernel is { } k) sb.Append(" kernel=").Append(k.ToString(CultureInfo.InvariantCulture));
            if (s.Stride is { } st) sb.Append(" stride=").Append(st.ToString(CultureInfo.InvariantCulture));
            if (s.Padding is { } p) sb.Append(" padding=").Append(p.ToString(CultureInfo.InvariantCulture));
            if (s.Factor is { } f) sb.Append(" factor=").Append(f.ToString(CultureInfo.InvariantCulture));
            if (s.ScaleFactor is { } c) sb.Append(" factor=").Append(Syntax.Binder.Format(c));
            if (l.Info.Params.Any(pi => pi.Key == "bias")) sb.Append(" bias=").Append(s.Bias ? "true" : "false");
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
