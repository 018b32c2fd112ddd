using System.Linq;
using Microsoft.CodeAnalysis;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>The C#-declaration diagnostics (LIP05xx) and the mapping of YAML/attribute diagnostics to Roslyn locations.</summary>
public class GeneratorDiagnosticTests
{
    private static (string Id, DiagnosticSeverity Severity, string Path, int Line, int Column) Single(GeneratorRun run, string id)
    {
        var d = Assert.Single(run.GeneratorDiagnostics, x => x.Id == id);
        var span = d.Location.GetLineSpan();
        return (d.Id, d.Severity, span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    [Fact]
    public void Lip0501_ClassNotPartial()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 4 })]\n[AolLinear(2)]\npublic class Net { }\n");
        Assert.Equal(("LIP0501", DiagnosticSeverity.Error, "/src/Net.cs", 4, 14), Single(run, "LIP0501"));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Lip0502_YamlAndLayerAttributes_Conflict()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(\"Small.lipnet.yaml\")]\n[AolLinear(2)]\npublic partial class Small { }\n", ("/src/Small.lipnet.yaml", Sources.SmallYaml));
        Assert.Equal(("LIP0502", DiagnosticSeverity.Error, "/src/Net.cs", 2, 2), Single(run, "LIP0502"));
    }

    [Fact]
    public void Lip0502_YamlNameDiffersFromClass()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(\"Small.lipnet.yaml\")]\npublic partial class Other { }\n", ("/src/Small.lipnet.yaml", Sources.SmallYaml));
        Assert.Equal(("LIP0502", DiagnosticSeverity.Error, "/src/Small.lipnet.yaml", 1, 10), Single(run, "LIP0502"));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Lip0503_YamlFileNotFound()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\nnamespace N;\n[LipschitzNetwork(\"Missing.lipnet.yaml\")]\npublic partial class Missing { }\n");
        Assert.Equal(("LIP0503", DiagnosticSeverity.Error, "/src/Net.cs", 3, 2), Single(run, "LIP0503"));
    }

    [Fact]
    public void Lip0504_LayerAttributeWithoutNetwork_IsAWarning()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n\n[MaxMin]\n[AolLinear(2)]\npublic partial class Stray { }\n");
        var all = run.GeneratorDiagnostics.Where(d => d.Id == "LIP0504").Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).OrderBy(l => l).ToArray();
        Assert.Equal(new[] { 3, 4 }, all);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Lip0505_NestedClass()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\npublic partial class Outer\n{\n    [LipschitzNetwork(Classes = 2, Input = new long[] { 4 })]\n    [AolLinear(2)]\n    public partial class Inner { }\n}\n");
        Assert.Equal(("LIP0505", DiagnosticSeverity.Error, "/src/Net.cs", 6, 26), Single(run, "LIP0505"));
    }

    [Fact]
    public void YamlDiagnostic_MapsToFileLineAndColumn()
    {
        var run = Harness.Yaml("/proj/Bad.lipnet.yaml", "network: Bad\ninput: [4]\nclasses: 2\nlayers:\n  - aol_lnear: 2\n");
        Assert.Equal(("LIP0101", DiagnosticSeverity.Error, "/proj/Bad.lipnet.yaml", 5, 5), Single(run, "LIP0101"));
        Assert.Contains("did you mean 'aol_linear'?", run.GeneratorDiagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void AttributeArgument_BadValue_PointsAtTheArgument()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 1, 8, 8 })]\n[AolConv2d(2, Kernel = 4)]\n[Flatten]\n[AolLinear(2)]\npublic partial class Net { }\n");
        Assert.Equal(("LIP0105", DiagnosticSeverity.Error, "/src/Net.cs", 3, 15), Single(run, "LIP0105"));
    }

    [Fact]
    public void AttributeShapeError_PointsAtTheLayerAttribute()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 1, 8, 8 })]\n[MaxMin]\n[AolLinear(2)]\npublic partial class Net { }\n");
        Assert.Equal(("LIP0203", DiagnosticSeverity.Error, "/src/Net.cs", 3, 2), Single(run, "LIP0203"));
    }

    [Fact]
    public void AttributeMissingClasses_IsMissingKey_AtTheNetworkAttribute()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(Input = new long[] { 4 })]\n[AolLinear(2)]\npublic partial class Net { }\n");
        Assert.Equal(("LIP0103", DiagnosticSeverity.Error, "/src/Net.cs", 2, 2), Single(run, "LIP0103"));
    }

    [Fact]
    public void TwoYamlFiles_SameClass_ReportConflict_NotACrash()
    {
        var run = Harness.Run(System.Array.Empty<(string, string)>(), new[] { ("/a/Small.lipnet.yaml", Sources.SmallYaml), ("/b/Small.lipnet.yaml", Sources.SmallYaml) });
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "LIP0502");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal));
        Assert.Single(run.Sources);
    }

    [Fact]
    public void ReleaseTracking_ListsExactlyTheCatalogue()
    {
        var lines = System.IO.File.ReadAllLines(System.IO.Path.Combine(Harness.RepoRoot, "generators", "Lipschitz.Dsl.Generator", "AnalyzerReleases.Unshipped.md"))
            .Where(l => l.StartsWith("LIP", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(p => p.Trim()).ToArray())
            .Select(p => (p[0], p[1], p[2]))
            .ToArray();
        var catalogue = Diagnostics.DiagnosticCatalogue.All.Select(d => (d.Id, d.Category, d.Severity.ToString())).ToArray();
        Assert.Equal(catalogue, lines);
        var roslyn = RoslynDescriptors.ById.Values.OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => (d.Id, d.Category, d.DefaultSeverity.ToString(), d.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(Diagnostics.DiagnosticCatalogue.All.Select(d => (d.Id, d.Category, d.Severity.ToString(), d.MessageFormat)).ToArray(), roslyn);
    }
}
