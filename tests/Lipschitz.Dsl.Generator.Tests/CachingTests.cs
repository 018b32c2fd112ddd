using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lipschitz.Dsl.Generator.Tests;

public class CachingTests
{
    private static readonly string[] Tracked =
    {
        TrackingNames.YamlFiles, TrackingNames.YamlReferences, TrackingNames.YamlPaths, TrackingNames.YamlResults,
        TrackingNames.Classes, TrackingNames.ClassResults,
    };

    private static readonly AdditionalText PlainYaml = new InMemoryAdditionalText("/proj/Plain.lipnet.yaml", Sources.Unconstrained);

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) Start()
    {
        var compilation = Harness.Compilation(("/src/Mlp.cs", Sources.AttributedMlp), ("/src/Small.cs", Sources.SmallClass), ("/src/Other.cs", "namespace Other; public static class Helper { public static int One => 1; }"));
        var driver = Harness.Driver(new AdditionalText[]
        {
            new InMemoryAdditionalText("/src/Small.lipnet.yaml", Sources.SmallYaml),
            new InMemoryAdditionalText("/proj/AolConvNet.lipnet.yaml", Harness.ExampleYaml),
            PlainYaml,
        });
        return (driver.RunGenerators(compilation), compilation);
    }

    private static Dictionary<string, IncrementalStepRunReason[]> Reasons(GeneratorDriver driver)
    {
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        return Tracked.Where(steps.ContainsKey).ToDictionary(n => n, n => steps[n].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray());
    }

    [Fact]
    public void SecondRun_SameInput_EveryStepCachedOrUnchanged()
    {
        var (driver, compilation) = Start();
        var again = driver.RunGenerators(compilation.Clone());
        var reasons = Reasons(again);
        Assert.Equal(Tracked.OrderBy(x => x), reasons.Keys.OrderBy(x => x));
        Assert.All(reasons, kv => Assert.All(kv.Value, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{kv.Key}: {r}")));
    }

    [Fact]
    public void UnrelatedEdit_EveryStepCachedOrUnchanged()
    {
        var (driver, compilation) = Start();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Other.cs");
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("namespace Other; public static class Helper { public static int Two => 2; }", Harness.ParseOptions, "/src/Other.cs"))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", Harness.ParseOptions, "/src/New.cs"));
        var reasons = Reasons(driver.RunGenerators(edited));
        Assert.All(reasons, kv => Assert.All(kv.Value, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{kv.Key}: {r}")));
    }

    [Fact]
    public void EditingOneYaml_RecompilesOnlyThatNetwork()
    {
        var (driver, compilation) = Start();
        Assert.Equal(3, driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.YamlFiles].Length);
        var next = driver.ReplaceAdditionalText(PlainYaml, new InMemoryAdditionalText("/proj/Plain.lipnet.yaml", Sources.Unconstrained.Replace("out: 8,", "out: 16,")))
            .RunGenerators(compilation);
        var result = next.GetRunResult().Results.Single();
        var yamlResults = result.TrackedSteps[TrackingNames.YamlResults].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, yamlResults.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, yamlResults.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        var classResults = result.TrackedSteps[TrackingNames.ClassResults].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(classResults, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Contains("new global::Lipschitz.Nn.Layers.Conv2d(inChannels: 3, outChannels: 16, kernelSize: 3,", result.GeneratedSources.Single(s => s.HintName == "Demo.Plain.Plain.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Models_HoldNoSymbolsSyntaxOrCompilations()
    {
        var (driver, _) = Start();
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        foreach (var name in Tracked)
        {
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
            {
                Walk(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
            }
        }
    }

    private static void Walk(object? value, string path, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 40) return;
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location, $"{path} holds a {type.Name}");
        if (!type.IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items) Walk(item, $"{path}[{i++}]", seen, depth + 1);
            if (type.IsArray) return;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), $"{path}.{field.Name}", seen, depth + 1);
        }
    }
}
