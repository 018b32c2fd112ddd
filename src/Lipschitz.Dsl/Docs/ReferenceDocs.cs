using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Dsl.Docs;

/// <summary>Writes docs/layers.md and docs/diagnostics.md from the catalogues; a test fails when the files differ from this output.</summary>
public static class ReferenceDocs
{
    /// <summary>The environment variable that makes the docs test rewrite the files instead of failing.</summary>
    public const string UpdateVariable = "LIPSCHITZ_UPDATE_DOCS";

    /// <summary>The command that regenerates both files.</summary>
    public const string RegenerateCommand = UpdateVariable + "=1 dotnet test tests/Lipschitz.Dsl.Tests -c Release --filter FullyQualifiedName~ReferenceDocsTests";

    private static string Generated(string what) =>
        $"<!-- Generated from {what} by Lipschitz.Dsl.Docs.ReferenceDocs; do not edit. Regenerate: {RegenerateCommand} -->";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string TypeName(ParamDef p) => p.Type switch
    {
        ParamType.Integer => "integer",
        ParamType.Number => "number",
        ParamType.Boolean => "boolean",
        ParamType.Choice => "choice",
        ParamType.Layers => "layers",
        ParamType.Branches => "lists of layers",
        ParamType.Numbers => p.MinCount == p.MaxCount ? $"{N(p.MinCount)} numbers" : "numbers",
        _ => "text",
    };

    private static string Cell(string text) => text.Replace("|", "\\|");

    private static void ParamTable(StringBuilder sb, IEnumerable<ParamDef> defs, IReadOnlyCollection<string> constructorArguments, string? nameRow = null, bool yamlOnly = false)
    {
        sb.Append("| parameter | type | default | allowed | C# attribute | runtime argument | meaning |\n");
        sb.Append("|---|---|---|---|---|---|---|\n");
        foreach (var p in defs)
        {
            var attribute = yamlOnly ? "—" : constructorArguments.Contains(p.Key) ? "constructor" : $"`{p.AttributeName}`";
            var runtime = p.RuntimeNames.Count == 0 ? "—" : string.Join(", ", p.RuntimeNames.Select(r => $"`{r}`"));
            sb.Append($"| `{p.Key}` | {TypeName(p)} | {(p.Default is null ? "required" : "`" + Cell(p.Default.Canonical) + "`")} | {Cell(p.AllowedText)} | {attribute} | {runtime} | {Cell(p.Doc)} |\n");
        }
        if (nameRow is not null) sb.Append(nameRow).Append('\n');
    }

    private static string BoundText(BoundRule rule) => rule.Kind switch
    {
        BoundKind.Exact => "exact",
        BoundKind.Computed => "computed (iterative)",
        _ => "none",
    };

    /// <summary>The text of docs/layers.md: every layer kind and every option with parameters, defaults, ranges and bounds.</summary>
    public static string Layers()
    {
        var sb = new StringBuilder();
        sb.Append("# Layers and options\n\n");
        sb.Append(Generated("src/Lipschitz.Dsl/Catalogue")).Append("\n\n");
        sb.Append("The reference of every layer kind and option of `*.lipnet.yaml` descriptions and of the C# attributes in\n");
        sb.Append("`Lipschitz.Nn`. Each kind is one entry of `src/Lipschitz.Dsl/Catalogue/LayerCatalogue.cs`; the YAML front end, the\n");
        sb.Append("attribute front end, the validator, the emitter, `lipnet inspect` and this page all read it. A network with a numeric\n");
        sb.Append("`lipschitz:` (default 1) may only use bounded layers, and the product of their bounds must not exceed it; a network\n");
        sb.Append("that says `lipschitz: computed` may use every kind, and gets no compile-time certificate.\n\n");
        sb.Append("| kind | C# attribute | runtime type | shape | Lipschitz bound |\n");
        sb.Append("|---|---|---|---|---|\n");
        foreach (var k in LayerCatalogue.All)
        {
            sb.Append($"| [`{k.Key}`](#{k.Key}) | `[{k.AttributeName}]` | `{Emit.RuntimeNames.Root}.{k.RuntimeType}` | {Cell(k.ShapeText)} | {Cell(k.Bound.Sentence)} ({BoundText(k.Bound)}) |\n");
        }
        foreach (var k in LayerCatalogue.All)
        {
            sb.Append($"\n## {k.Key}\n\n");
            sb.Append(char.ToUpperInvariant(k.Doc[0])).Append(k.Doc.Substring(1)).Append(".\n\n");
            var yaml = k.Sample.Arguments.Length == 0 ? $"- {k.Key}" : $"- {k.Key}: {{ {k.Sample.Arguments} }}";
            sb.Append($"- Example: `{yaml}` on an input {Validation.Shapes.Text(k.Sample.Input)}");
            if (k.Shorthand is not null) sb.Append($"; a bare value stands for `{k.Shorthand}` (`- {k.Key}: VALUE`)");
            sb.Append(".\n");
            var ctor = k.AttributeArguments.Count == 0 ? "" : string.Join(", ", k.AttributeArguments) + ", ";
            if (k.YamlOnly) sb.Append($"- C#: none; nested layers cannot be written as attribute arguments, so `{k.Key}` is YAML-only (`[{k.AttributeName}]` reports LIP0510).\n");
            else sb.Append($"- C#: `[{k.AttributeName}({ctor}Name = …)]`, properties for the other parameters.\n");
            var runtimeArgs = (k.InputArgument is null ? Enumerable.Empty<string>() : new[] { k.InputArgument }).Concat(k.Params.SelectMany(p => p.RuntimeNames));
            sb.Append($"- Runtime: `new {Emit.RuntimeNames.Root}.{k.RuntimeType}({string.Join(", ", runtimeArgs)})`");
            if (k.InputArgument is not null) sb.Append($", `{k.InputArgument}` from the input shape");
            sb.Append(".\n");
            sb.Append($"- Shape: {k.ShapeText}.\n");
            sb.Append($"- Lipschitz bound ({BoundText(k.Bound)}): {k.Bound.Sentence}.");
            if (k.Replacement is not null) sb.Append($" Allowed only with `lipschitz: computed`; the bounded counterpart is [`{k.Replacement}`](#{k.Replacement}).");
            sb.Append("\n\n");
            ParamTable(sb, k.Params, k.AttributeArguments.ToList(),
                k.YamlOnly
                    ? $"| `name` | identifier | `{k.FieldPrefix}` + index (nested: the composite's name + `_` + prefix + index) | a C# identifier, not starting with `__`, not a member of the module | — | — | the layer's field and state-dict name (nested layers: a label in messages and inspect; their state-dict keys are positions) |"
                    : $"| `name` | identifier | `{k.FieldPrefix}` + index | a C# identifier, not starting with `__`, not a member of the module | `Name` | — | the layer's field and state-dict name |",
                k.YamlOnly);
        }

        sb.Append("\n## Options\n\n");
        sb.Append("The blocks below follow the layers in a description. In C#, each block is an attribute on the network class\n");
        sb.Append("and each group an attribute whose constructor takes the kind (the runtime enum member), e.g.\n");
        sb.Append("`[Training(\"fashion-mnist\", Epochs = 3)] [Optimizer(OptimizerKind.Adam, LearningRate = 0.001)] [Certify(Eps = new[] { 0.1, 0.5 })]`.\n");
        foreach (var block in OptionCatalogue.Blocks)
        {
            sb.Append($"\n### {block.Key}\n\n");
            sb.Append(char.ToUpperInvariant(block.Doc[0])).Append(block.Doc.Substring(1));
            sb.Append($" (`[{block.AttributeName}]`, runtime `{Emit.RuntimeNames.Root}.{block.RuntimeType}`, the module's `{block.ModuleProperty}`");
            sb.Append(block.Optional ? "; optional" : "; defaults when not written").Append(").\n\n");
            if (block.Params.Count > 0) ParamTable(sb, block.Params, block.AttributeArguments.ToList());
            foreach (var group in block.Groups)
            {
                sb.Append($"\n#### {block.Key}.{group.Key}\n\n");
                sb.Append(char.ToUpperInvariant(group.Doc[0])).Append(group.Doc.Substring(1));
                sb.Append($": `{group.Key}: KIND` or `{group.Key}: {{ KIND: {{ parameters }} }}` (default `{group.DefaultKind}`; `[{group.AttributeName}({Emit.RuntimeNames.Root}.{group.RuntimeKindEnum}.X, …)]`, runtime `{Emit.RuntimeNames.Root}.{group.RuntimeType}`).\n");
                foreach (var kind in group.Kinds)
                {
                    sb.Append($"\n- `{kind.Key}` (`{kind.RuntimeName}`): {kind.Doc}.");
                    sb.Append(kind.Params.Count == 0 ? " No parameters.\n" : "\n\n");
                    if (kind.Params.Count > 0) ParamTable(sb, kind.Params, System.Array.Empty<string>());
                }
            }
        }
        return sb.ToString();
    }

    private static readonly Dictionary<string, string> GroupTitles = new()
    {
        ["00"] = "YAML syntax",
        ["01"] = "Schema",
        ["02"] = "Shapes",
        ["03"] = "Lipschitz bounds",
        ["04"] = "Certification options",
        ["05"] = "C# declarations",
    };

    /// <summary>The text of docs/diagnostics.md: the limits and every diagnostic with its message, an example and the fix.</summary>
    public static string Diagnostics()
    {
        var sb = new StringBuilder();
        sb.Append("# Diagnostics\n\n");
        sb.Append(Generated("src/Lipschitz.Dsl/Diagnostics/DiagnosticCatalogue.cs and DslLimits.cs")).Append("\n\n");
        sb.Append("Every problem in a network description is reported with an ID, a severity and the exact location (YAML line and\n");
        sb.Append("column, or the C# attribute). The catalogue is `src/Lipschitz.Dsl/Diagnostics/DiagnosticCatalogue.cs`; release tracking\n");
        sb.Append("is in `generators/Lipschitz.Dsl.Generator/AnalyzerReleases.*.md`. `{0}`, `{1}`, … are filled in with the specifics.\n");
        sb.Append($"Each diagnostic's help link is `{DiagnosticCatalogue.DocsPath}#<id>` (e.g. `{DiagnosticCatalogue.HelpLink("LIP0101")}`), its section below.\n");
        sb.Append("IDs are never reused. Layer kinds and their parameters are described in `docs/layers.md`.\n\n");
        sb.Append("## Limits\n\n");
        sb.Append("Checked before the work they bound, so no description makes the compiler, the IDE or `lipnet` run out of time,\n");
        sb.Append("memory or stack (`src/Lipschitz.Dsl/DslLimits.cs`):\n\n");
        sb.Append("| limit | value | diagnostic |\n|---|---|---|\n");
        sb.Append($"| characters in a description file | {N(DslLimits.MaxFileLength)} (4 MiB; `lipnet` reads no further) | LIP0005 |\n");
        sb.Append($"| YAML nodes (scalars, lists, mappings) | {N(DslLimits.MaxYamlNodes)} | LIP0005 |\n");
        sb.Append($"| YAML nesting depth | {N(DslLimits.MaxYamlDepth)} | LIP0001 |\n");
        sb.Append($"| layers | {N(DslLimits.MaxLayers)} | LIP0111 |\n");
        sb.Append($"| certification radii (`eps`) | {N(DslLimits.MaxEps)} | LIP0404 |\n");
        sb.Append($"| input dimension, layer width, classes | {N(DslLimits.MaxSize)} (2²⁴) | LIP0206, LIP0105 |\n");
        sb.Append($"| values per sample (input, every layer output) | {N(DslLimits.MaxElements)} | LIP0206, LIP0208 |\n");
        sb.Append($"| name length (network, namespace part, layer) | {N(DslLimits.MaxIdentifierLength)} | LIP0106 |\n");
        foreach (var group in DiagnosticCatalogue.All.GroupBy(d => d.Id.Substring(3, 2)))
        {
            sb.Append($"\n## LIP{group.Key}xx — {GroupTitles[group.Key]}\n");
            foreach (var d in group)
            {
                sb.Append($"\n<a id=\"{d.Id.ToLowerInvariant()}\"></a>\n");
                sb.Append($"### {d.Id}: {d.Title}\n\n");
                sb.Append($"{d.Severity}. Message: \"{d.MessageFormat}\"\n\n");
                sb.Append($"Example: {d.Example} — fix: {d.Fix}\n");
            }
        }
        return sb.ToString();
    }
}
