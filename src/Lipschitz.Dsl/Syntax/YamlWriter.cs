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
        foreach (var layer in spec.Layers) sb.Append("  - ").Append(Layer(layer)).Append('\n');
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

    /// <summary>"kind" or "kind: { key: value, …, name: n }" (a nested layer, in a flow list, as "{ kind: { … } }").</summary>
    private static string Layer(LayerSpec layer)
    {
        var parts = layer.Params.Entries.Select(e => e.Key + ": " + Value(e.Value)).ToList();
        if (layer.Name is not null) parts.Add("name: " + layer.Name);
        return parts.Count > 0 ? layer.Kind + ": { " + string.Join(", ", parts) + " }" : layer.Kind;
    }

    /// <summary>A nested chain as a YAML flow list: "[{ aol_linear: { out: 8, … } }, maxmin]".</summary>
    private static string Chain(EquatableArray<LayerSpec> layers) =>
        "[" + string.Join(", ", layers.Select(l => l.Params.Entries.Count > 0 || l.Name is not null ? "{ " + Layer(l) + " }" : l.Kind)) + "]";

    private static string Value(ParamValue value) => value switch
    {
        LayersValue chain => Chain(chain.Layers),
        BranchesValue branches => "[" + string.Join(", ", branches.Branches.Select(Chain)) + "]",
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
