using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Docs;

namespace Lipschitz.Dsl.Tests;

/// <summary>docs/layers.md and docs/diagnostics.md are generated from the catalogues; a stale file fails with the command that regenerates it.</summary>
public class ReferenceDocsTests
{
    private static void AssertCurrent(string relativePath, string expected)
    {
        var path = Path.Combine(TestFiles.RepoRoot, relativePath);
        var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
        if (actual == expected) return;
        if (Environment.GetEnvironmentVariable(ReferenceDocs.UpdateVariable) == "1")
        {
            File.WriteAllText(path, expected);
            return;
        }
        Assert.Fail($"{relativePath} is stale: it differs from what the catalogue generates. Regenerate it with:\n  {ReferenceDocs.RegenerateCommand}\n(then review the diff).");
    }

    [Fact]
    public void LayersDoc_IsCurrent() => AssertCurrent("docs/layers.md", ReferenceDocs.Layers());

    [Fact]
    public void DiagnosticsDoc_IsCurrent() => AssertCurrent("docs/diagnostics.md", ReferenceDocs.Diagnostics());

    [Fact]
    public void LayersDoc_ListsEveryKindParameterAndOption()
    {
        var doc = ReferenceDocs.Layers();
        foreach (var kind in LayerCatalogue.All)
        {
            Assert.Contains($"\n## {kind.Key}\n", doc);
            Assert.Contains(kind.Bound.Sentence, doc);
            foreach (var p in kind.Params) Assert.Contains($"| `{p.Key}` | ", doc);
        }
        foreach (var kind in OptionCatalogue.Blocks.SelectMany(b => b.Groups).SelectMany(g => g.Kinds))
        {
            Assert.Contains($"- `{kind.Key}` (`{kind.RuntimeName}`)", doc);
        }
        // The kernel row shows its default and both parts of its allowed values, the range and the rule.
        Assert.Contains("| `kernel` | integer | `3` | 1 … 63, odd |", doc);
        Assert.Contains("| `weight_decay` | number | `0.01` | [0, 10] |", doc);
    }

    [Fact]
    public void EveryDiagnostic_HasAHelpLink_ToItsOwnSectionOfTheDoc()
    {
        var doc = ReferenceDocs.Diagnostics();
        foreach (var d in DiagnosticCatalogue.All)
        {
            Assert.Equal($"docs/diagnostics.md#{d.Id.ToLowerInvariant()}", d.HelpLink);
            var anchor = d.HelpLink.Substring(d.HelpLink.IndexOf('#') + 1);
            // The anchor is declared right before the heading of that very ID.
            Assert.Matches(new Regex($"<a id=\"{Regex.Escape(anchor)}\"></a>\n### {d.Id}: {Regex.Escape(d.Title)}\n"), doc);
            Assert.False(string.IsNullOrWhiteSpace(d.Example), d.Id + " has no example");
            Assert.False(string.IsNullOrWhiteSpace(d.Fix), d.Id + " has no fix");
        }
        Assert.Equal(DiagnosticCatalogue.All.Count, Regex.Matches(doc, "<a id=\"lip[0-9]{4}\"></a>").Count);
    }

    [Fact]
    public void DiagnosticsDoc_StatesEveryLimit()
    {
        var doc = ReferenceDocs.Diagnostics();
        foreach (var value in new long[] { DslLimits.MaxFileLength, DslLimits.MaxYamlNodes, DslLimits.MaxYamlDepth, DslLimits.MaxLayers, DslLimits.MaxEps, DslLimits.MaxSize, DslLimits.MaxElements, DslLimits.MaxIdentifierLength })
        {
            Assert.Contains($"| {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} ", doc);
        }
    }
}
