using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Dsl.Tests;

/// <summary>One case per YAML-side diagnostic ID: the ID, its severity and the exact line/column it points at (counted by hand).</summary>
public class DiagnosticTests
{
    private const string Head = "network: N\ninput: [4]\nclasses: 2\nlayers:\n";        // layers start on line 5
    private const string Img = "network: N\ninput: [2, 4, 4]\nclasses: 2\nlayers:\n";

    public static IEnumerable<object[]> Cases() => new[]
    {
        Case("LIP0001", "network: N\ninput: [4, 2]]\nclasses: 2\n", 2, 14),
        Case("LIP0002", "- a\n- b\n", 1, 1),
        Case("LIP0003", Head + "  - aol_linear: 2\nclasses: 3\n", 6, 1),
        Case("LIP0004", Head + "  - aol_linear: 2\n---\nnetwork: M\n", 6, 1),
        Case("LIP0005", Head + "  - aol_linear: 2\n" + new string('#', DslLimits.MaxFileLength), 1, 1),
        Case("LIP0101", Head + "  - aol_lnear: 2\n", 5, 5),
        Case("LIP0102", Head + "  - aol_linear: { out: 2, kernal: 3 }\n", 5, 27),
        Case("LIP0103", "network: N\ninput: [4]\nlayers:\n  - aol_linear: 2\n", 1, 1),
        Case("LIP0104", "network: N\ninput: [4]\nclasses: ten\nlayers:\n  - aol_linear: 2\n", 3, 10),
        Case("LIP0105", Img + "  - aol_conv2d: { out: 2, kernel: 4 }\n  - flatten\n  - aol_linear: 2\n", 5, 35),
        Case("LIP0106", "network: 1abc\ninput: [4]\nclasses: 2\nlayers:\n  - aol_linear: 2\n", 1, 10),
        Case("LIP0107", "network: N\ninput: [4]\nclasses: 2\nlayers: []\n", 4, 9),
        Case("LIP0108", Head + "  - aol_linear: { out: 2, name: a }\n  - aol_linear: { out: 2, name: a }\n", 6, 5),
        Case("LIP0109", Head + "  - aol_linear: 2\ntraining:\n  data: d\n  optimizer: { adamm: { lr: 1 } }\n", 8, 16),
        Case("LIP0110", Head + "  - aol_linear: { out: 2, name: __x }\n", 5, 33),
        Case("LIP0111", Head + string.Concat(Enumerable.Repeat("  - relu\n", DslLimits.MaxLayers + 1)), 5, 3),
        Case("LIP0201", Img + "  - aol_linear: 2\n", 5, 5),
        Case("LIP0202", Head + "  - aol_conv2d: { out: 2 }\n", 5, 5),
        Case("LIP0203", Img + "  - aol_conv2d: { out: 3 }\n  - maxmin\n", 6, 5),
        Case("LIP0204", Img + "  - pixel_unshuffle: 3\n", 5, 5),
        Case("LIP0205", Head + "  - aol_linear: 2\n  - aol_linear: 3\n", 6, 5),
        Case("LIP0206", "network: N\ninput: [1, 28]\nclasses: 2\nlayers:\n  - aol_linear: 2\n", 2, 8),
        Case("LIP0207", Img + "  - conv2d: { out: 2, kernel: 5 }\n", 5, 5),
        Case("LIP0208", "network: N\ninput: [3, 4096, 4096]\nclasses: 2\nlayers:\n  - aol_conv2d: 4096\n", 5, 5),
        Case("LIP0209", Img + "  - group_sort: 3\n", 5, 5),
        Case("LIP0220", Head + "  - aol_linear: 4\n  - residual: [aol_linear: 2]\n", 6, 5),
        Case("LIP0221", Img + "  - concat: [[flatten], []]\n", 5, 5),
        Case("LIP0222", Head + "  - normalized_head: 4\n  - maxmin\n  - aol_linear: 2\n", 5, 5),
        Case("LIP0301", Head + "  - linear: 2\n", 5, 5),
        Case("LIP0302", "network: N\ninput: [4]\nclasses: 2\nlipschitz: 1\nlayers:\n  - aol_linear: 2\n  - scale: 2\n", 4, 12),
        Case("LIP0401", Head + "  - aol_linear: 2\ncertify: { norm: l3 }\n", 6, 18),
        Case("LIP0402", Head + "  - aol_linear: 2\ncertify: { eps: [0.1, -1] }\n", 6, 23),
        Case("LIP0403", Head + "  - aol_linear: 2\ncertify: { eps: [] }\n", 6, 17),
        Case("LIP0404", Head + "  - aol_linear: 2\ncertify: { eps: [" + string.Join(", ", Enumerable.Range(1, DslLimits.MaxEps + 1)) + "] }\n", 6, 17),
    };

    private static object[] Case(string id, string yaml, int line, int column) => new object[] { id, yaml, line, column };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostic_HasIdSeverityAndLocation(string id, string yaml, int line, int column)
    {
        var result = DslCompiler.Compile(yaml, "case.lipnet.yaml");
        var d = Assert.Single(result.Diagnostics, x => x.Id == id);
        var descriptor = DiagnosticCatalogue.All.Single(x => x.Id == id);
        Assert.Equal(descriptor.Severity, d.Severity);
        Assert.Equal((line, column), (d.Span.StartLine, d.Span.StartColumn));
        Assert.Equal("case.lipnet.yaml", d.Span.Path);
        Assert.Equal(d.Severity == DslSeverity.Error, result.Source is null);
    }

    [Fact]
    public void EveryYamlSideId_HasACase()
    {
        var covered = Cases().Select(c => (string)c[0]).ToHashSet();
        var yamlSide = DiagnosticCatalogue.All.Where(d => string.CompareOrdinal(d.Id, "LIP0500") < 0).Select(d => d.Id);
        Assert.Equal(yamlSide.ToList(), yamlSide.Where(covered.Contains).ToList());
    }

    [Fact]
    public void Catalogue_IdsAreUniqueAndGrouped()
    {
        var ids = DiagnosticCatalogue.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(DiagnosticCatalogue.All, d => Assert.Matches("^LIP0[0-5][0-9]{2}$", d.Id));
        var categories = DiagnosticCatalogue.All.GroupBy(d => d.Id.Substring(0, 5)).Select(g => g.Select(d => d.Category).Distinct().Count());
        Assert.All(categories, n => Assert.Equal(1, n));
    }

    [Fact]
    public void UnknownKey_SuggestsTheClosestKey()
    {
        var d = DslCompiler.Compile(Head + "  - aol_linear: { out: 2, kernal: 3 }\n", "x").Diagnostics.Single();
        Assert.Contains("'kernal'", d.Message);
        Assert.Contains("allowed keys: out, bias, side, name", d.Message);
        var top = DslCompiler.Compile(Head + "  - aol_linear: 2\nclases: 2\n", "x").Diagnostics.Single();
        Assert.Contains("(did you mean 'classes'?)", top.Message);
    }

    [Fact]
    public void QuotedNumber_IsAWrongType()
    {
        var d = DslCompiler.Compile(Head + "  - aol_linear: { out: \"2\" }\n", "x").Diagnostics.Single();
        Assert.Equal("LIP0104", d.Id);
        Assert.Equal("'out' must be an integer, but is the string \"2\"", d.Message);
    }

    [Fact]
    public void ReservedLayerName_IsRefused()
    {
        var d = DslCompiler.Compile(Head + "  - aol_linear: { out: 2, name: forward }\n", "x").Diagnostics.Single();
        Assert.Equal("LIP0110", d.Id);
        Assert.Equal("'forward' cannot name the layer: it is a member of the generated module; choose another name", d.Message);
    }

    [Fact]
    public void AutoFieldNameClash_IsReported()
    {
        var d = DslCompiler.Compile(Head + "  - aol_linear: { out: 2, name: fc1 }\n  - aol_linear: 2\n", "x").Diagnostics.Single();
        Assert.Equal(("LIP0108", 6), (d.Id, d.Span.StartLine));
    }

    [Fact]
    public void DeepNesting_IsASyntaxError_NotACrash()
    {
        var yaml = "network: " + new string('[', 5000) + new string(']', 5000) + "\n";
        Assert.Equal("LIP0001", DslCompiler.Compile(yaml, "x").Diagnostics.Single().Id);
    }

    [Fact]
    public void UnclosedFlowList_IsASyntaxError_AfterTheLastGoodToken()
    {
        // YamlDotNet throws InvalidOperationException here; the front end still reports LIP0001 right after "2".
        var d = DslCompiler.Compile("network: N\ninput: [4, 2\nclasses: 2\n", "x").Diagnostics.Single();
        Assert.Equal(("LIP0001", 2, 10), (d.Id, d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void UndefinedAlias_IsASyntaxError()
    {
        var d = DslCompiler.Compile("network: *nothing\n", "x").Diagnostics.Single();
        Assert.Equal(("LIP0001", 1, 10), (d.Id, d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void Aliases_ShareLayers()
    {
        var yaml = "network: A\ninput: [4]\nclasses: 4\nlayers:\n  - &l { aol_linear: 4 }\n  - *l\n";
        var result = DslCompiler.Compile(yaml, "x");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.Network!.Layers.Count);
    }

    [Fact]
    public void EveryBadEps_IsReported_AtItsOwnLocation()
    {
        var ds = DslCompiler.Compile(Head + "  - aol_linear: 2\ncertify: { eps: [-1, .nan, 1e400, 0.5, 0.5] }\n", "x").Diagnostics;
        Assert.Equal(
            new[] { ("LIP0402", 6, 18), ("LIP0104", 6, 22), ("LIP0104", 6, 28), ("LIP0402", 6, 40) },
            ds.Select(d => (d.Id, d.Span.StartLine, d.Span.StartColumn)).ToArray());
        Assert.Contains("twice", ds[3].Message);
    }
}
