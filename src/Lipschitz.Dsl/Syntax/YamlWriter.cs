using System.Globalization;
using System.Linq;
using System.Text;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Syntax;

/// <summary>Writes a <see cref="NetworkSpec"/> back as a <c>*.lipnet.yaml</c> description that binds to an equal spec
/// (spans aside): every field and every parameter is written explicitly, defaults included.</summary>
public static class YamlWriter
{
    /// <summary>The description text.</summary>
    public static string Write(NetworkSpec spec)
    {
        var sb = new StringBuilder();
        sb.Append("network: ").Append(spec.Name).Append('\n');
        if (spec.Namespace is not null) sb.Append("namespace: ").Append(spec.Namespace).Append('\n');
        sb.Append("input: [").Append(string.Join(", ", spec.Input.Select(d => d.ToString(CultureInfo.InvariantCulture)))).Append("]\n");
        sb.Append("classes: ").Append(spec.Classes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("lipschitz: ").Append(spec.Lipschitz).Append('\n');
        sb.Append("layers:\n");
        foreach (var layer in spec.Layers)
        {
            var parts = layer.Params.Entries.Select(e => e.Key + ": " + Value(e.Value)).ToList();
            if (layer.Name is not null) parts.Add("name: " + layer.Name);
            sb.Append("  - ").Append(layer.Kind);
            if (parts.Count > 0) sb.Append(": { ").Append(string.Join(", ", parts)).Append(" }");
            sb.Append('\n');
        }
        if (spec.Training is not null) Block(sb, spec.Training);
        Block(sb, spec.Certify);
        return sb.ToString();
    }

    private static void Block(StringBuilder sb, BlockSpec block)
    {
        sb.Append(block.Key).Append(":\n");
        foreach (var e in block.Params.Entries) sb.Append("  ").Append(e.Key).Append(": ").Append(Value(e.Value)).Append('\n');
        foreach (var option in block.Options)
        {
            sb.Append("  ").Append(option.Group).Append(": { ").Append(option.Kind).Append(": { ");
            sb.Append(string.Join(", ", option.Params.Entries.Select(e => e.Key + ": " + Value(e.Value)))).Append(" } }\n");
        }
    }

    private static string Value(ParamValue value) => value switch
    {
        TextValue t => Quoted(t.Value),
        _ => value.Canonical,
    };

    /// <summary>A YAML double-quoted scalar; control and non-ASCII-breaking characters escaped.</summary>
    private static string Quoted(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c) || c == '\ufeff')
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
