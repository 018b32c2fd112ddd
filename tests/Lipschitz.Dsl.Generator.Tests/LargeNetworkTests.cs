using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>The generated code's shape keeps the C# compiler linear: the largest network the language accepts compiles.</summary>
public class LargeNetworkTests
{
    private static string Layers(int count)
    {
        var sb = new StringBuilder("network: Deep\ninput: [4]\nclasses: 4\nlayers:\n");
        for (int i = 0; i < count; i++) sb.Append(i % 2 == 0 ? "  - aol_linear: 4\n" : "  - maxmin\n");
        return sb.ToString();
    }

    [Fact]
    public void LargestAcceptedNetwork_CompilesOnASmallStack()
    {
        var result = DslCompiler.Compile(Layers(DslLimits.MaxLayers), "deep.lipnet.yaml");
        Assert.Empty(result.Diagnostics);
        // A nested expression or a chain of 'using' declarations per layer overflowed Roslyn's stack here (10,000 layers)
        // and took quadratic time; one flat statement per layer does not. 1 MiB is a secondary thread's usual stack.
        var problems = new System.Collections.Generic.List<Diagnostic>();
        System.Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { problems.AddRange(Harness.Problems(result.Source!)); }
            catch (System.Exception e) { failure = e; }
        }, 1 << 20);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.Empty(problems);
    }

    [Fact]
    public void OneLayerTooMany_IsLip0111_BeforeAnyLayerIsRead()
    {
        var yaml = Layers(DslLimits.MaxLayers + 1).Replace("  - maxmin\n  - aol_linear", "  - no_such_kind\n  - aol_linear");
        var d = Assert.Single(DslCompiler.Compile(yaml, "deep.lipnet.yaml").Diagnostics);
        Assert.Equal("LIP0111", d.Id);
    }

    [Fact]
    public void GeneratedCode_HasNoNullableWarnings_WithFullNullableAnalysis()
    {
        // The emitted file enables annotations only (full analysis is quadratic in the layer count); compiled with full
        // analysis, a normal network's code is still warning-free.
        foreach (var source in new[] { Harness.ExampleYaml, Sources.Unconstrained })
        {
            var emitted = DslCompiler.Compile(source, "n.lipnet.yaml").Source!;
            Assert.Contains("#nullable enable annotations\n", emitted);
            Assert.Empty(Harness.Problems(emitted.Replace("#nullable enable annotations\n", "#nullable enable\n")));
        }
    }
}
