using System.Linq;
using Microsoft.CodeAnalysis;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>The activation and pooling kinds written as attributes emit what the same YAML emits, and their shape diagnostic points at the attribute.</summary>
public class ActivationPoolingAttributeTests
{
    private static string Body(string source, string network) =>
        string.Join("\n", source.Split('\n').Where(l => !l.Contains($"/// <summary>The {network} network"))).Replace("public partial class", "partial class");

    [Theory]
    [InlineData("Pools", """
        network: Pools
        namespace: Demo.Zoo
        input: [6, 8, 8]
        classes: 3
        lipschitz: 1
        layers:
          - group_sort: 3
          - householder: { name: hh }
          - n_activation
          - l2_pool: 2
          - avg_pool: { kernel: 2, scaled: true }
          - global_avg_pool
          - aol_linear: 3
        """, """
        using Lipschitz.Nn;
        namespace Demo.Zoo;
        [LipschitzNetwork(Classes = 3, Input = new long[] { 6, 8, 8 }, Lipschitz = 1)]
        [GroupSort(3)]
        [Householder(Name = "hh")]
        [NActivation]
        [L2Pool(Kernel = 2)]
        [AvgPool(Kernel = 2, Scaled = true)]
        [GlobalAvgPool]
        [AolLinear(3)]
        public partial class Pools { }
        """)]
    [InlineData("Means", """
        network: Means
        namespace: Demo.Zoo
        input: [4, 6, 6]
        classes: 4
        lipschitz: 0.5
        layers:
          - avg_pool: 2
          - global_l2_pool
          - aol_linear: 4
        """, """
        using Lipschitz.Nn;
        namespace Demo.Zoo;
        [LipschitzNetwork(Classes = 4, Input = new long[] { 4, 6, 6 }, Lipschitz = 0.5)]
        [AvgPool]
        [GlobalL2Pool]
        [AolLinear(4)]
        public partial class Means { }
        """)]
    public void AttributedKinds_EmitWhatTheSameYamlEmits(string network, string yaml, string attributes)
    {
        var fromYaml = Harness.Yaml($"/p/{network}.lipnet.yaml", yaml);
        var fromAttributes = Harness.CSharp(attributes);
        Assert.Empty(fromYaml.GeneratorDiagnostics);
        Assert.Empty(fromAttributes.GeneratorDiagnostics);
        Assert.Empty(fromAttributes.CompileProblems);
        var attributed = fromAttributes.Source($"Demo.Zoo.{network}.g.cs");
        Assert.Equal(Body(fromYaml.Source($"Demo.Zoo.{network}.g.cs"), network), Body(attributed, network));
    }

    [Fact]
    public void GroupNotDividingTheChannels_IsLIP0209_AtTheAttribute()
    {
        const string source = """
            using Lipschitz.Nn;
            [LipschitzNetwork(Classes = 2, Input = new long[] { 6 })]
            [GroupSort(4)]
            [AolLinear(2)]
            public partial class Odd { }
            """;
        var run = Harness.CSharp(source);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("LIP0209", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(3, d.Location.GetLineSpan().StartLinePosition.Line + 1);
    }
}
