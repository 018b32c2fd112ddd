using System.Linq;
using Microsoft.CodeAnalysis;

namespace Lipschitz.Dsl.Generator.Tests;

public class SnapshotTests
{
    [Fact]
    public void AolConvNet_FromYaml_MatchesSnapshot_AndCompiles()
    {
        var run = Harness.Yaml("/proj/examples/FashionMnist/AolConvNet.lipnet.yaml", Harness.ExampleYaml);
        Assert.Empty(run.GeneratorDiagnostics);
        var source = run.Source("Examples.FashionMnist.AolConvNet.g.cs");
        Snapshot.Verify(source, "AolConvNet");
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void AttributedMlp_MatchesSnapshot_AndCompiles()
    {
        var run = Harness.CSharp(Sources.AttributedMlp);
        Assert.Empty(run.GeneratorDiagnostics);
        Snapshot.Verify(run.Source("Demo.Networks.AttributedMlp.g.cs"), "AttributedMlp");
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void YamlIncludedByClass_UsesTheClass_AndCompiles()
    {
        var run = Harness.CSharp(Sources.SmallClass, ("/src/Small.lipnet.yaml", Sources.SmallYaml));
        Assert.Empty(run.GeneratorDiagnostics);
        var source = run.Source("Small.g.cs");
        Snapshot.Verify(source, "SmallWithClass");
        Assert.DoesNotContain("public partial class", source);
        Assert.Empty(run.CompileProblems);
        Assert.Single(run.Sources);
    }

    [Fact]
    public void Unconstrained_WithAllOptions_MatchesSnapshot_AndCompiles()
    {
        var run = Harness.Yaml("/proj/Plain.lipnet.yaml", Sources.Unconstrained);
        Assert.Empty(run.GeneratorDiagnostics);
        Snapshot.Verify(run.Source("Demo.Plain.Plain.g.cs"), "Plain");
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void Unconstrained_WithoutLipschitzComputed_IsAnErrorPerUnboundedLayer()
    {
        var run = Harness.Yaml("/proj/Plain.lipnet.yaml", Sources.Unconstrained.Replace("lipschitz: computed\n", ""));
        Assert.Equal(new[] { ("LIP0301", DiagnosticSeverity.Error, 6), ("LIP0301", DiagnosticSeverity.Error, 10) },
            run.GeneratorDiagnostics.Select(d => (d.Id, d.Severity, d.Location.GetLineSpan().StartLinePosition.Line + 1)).ToArray());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Output_IsDeterministic()
    {
        var a = Harness.Yaml("/p/A.lipnet.yaml", Harness.ExampleYaml).Sources.Single().SourceText.ToString();
        var b = Harness.Yaml("/q/A.lipnet.yaml", Harness.ExampleYaml).Sources.Single().SourceText.ToString();
        Assert.Equal(a, b);
    }

    [Fact]
    public void SnapshotHelper_ReportsADiff_AndWritesReceived()
    {
        var diff = Snapshot.Diff("a\nb\nc\n", "a\nB\nc\n");
        Assert.Contains("- ", diff);
        Assert.Contains("+ B", diff);
    }
}
