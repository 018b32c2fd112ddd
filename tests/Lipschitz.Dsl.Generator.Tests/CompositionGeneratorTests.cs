using System.Linq;
using Lipschitz.Nn;
using Lipschitz.Nn.Layers;
using Microsoft.CodeAnalysis;
using TorchSharp;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>The composite kinds through the generator: YAML-only (LIP0510 at an attribute), and the emitted network holds
/// its nested layers once each, under positional state-dict keys, with the compile-time bound and a verified one.</summary>
public class CompositionGeneratorTests
{
    [Theory]
    [InlineData("Residual", "residual")]
    [InlineData("Concat", "concat")]
    public void CompositeAttribute_IsLIP0510_AtTheAttribute(string attribute, string key)
    {
        var source = $$"""
            using Lipschitz.Nn;
            [LipschitzNetwork(Classes = 2, Input = new long[] { 8 })]
            [{{attribute}}]
            [AolLinear(2)]
            public partial class Composite { }
            """;
        var run = Harness.CSharp(source);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("LIP0510", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(3, d.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains($"'{key}' nests layers", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private const string Yaml = """
        network: Nested
        input: [8]
        classes: 2
        lipschitz: 2
        layers:
          - residual:
              layers:
                - aol_linear: 8
                - maxmin
                - aol_linear: { out: 8, name: inner }
          - concat: [[aol_linear: 4, maxmin], [], [residual: { layers: [aol_linear: 8], scale: 0.5, convex: true }]]
          - scale: 0.5
          - aol_linear: 2
        """;

    [Fact]
    public void EmittedNetwork_HoldsItsNestedLayersOnce_UnderPositionalKeys_WithTheBounds()
    {
        var result = DslCompiler.Compile(Yaml, "nested.lipnet.yaml");
        Assert.True(result.Network is not null, string.Join("; ", result.Diagnostics));
        var type = Harness.Load(result.Source!).GetTypes().Single(t => typeof(LipschitzModule).IsAssignableFrom(t));
        using var net = (LipschitzModule)System.Activator.CreateInstance(type)!;
        var keys = net.state_dict().Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(new[]
        {
            "cat1.branch0.0.bias", "cat1.branch0.0.weight", "cat1.branch2.0.body.0.bias", "cat1.branch2.0.body.0.weight",
            "fc3.bias", "fc3.weight",
            "res0.body.0.bias", "res0.body.0.weight", "res0.body.2.bias", "res0.body.2.weight",
        }, keys);
        Assert.Equal(keys.Length, net.parameters().Count());
        Assert.Equal(result.Network!.ParameterCount, net.parameters().Sum(p => p.numel()));

        // Bound: 2 · √(1 + 1 + 1) · 0.5 · 1, declared and from the runtime layers alike.
        double expected = 2 * System.Math.Sqrt(3) * 0.5;
        Assert.Equal(expected, result.Network.Bound, 12);
        Assert.Equal(result.Network.Layers.Select(l => l.Bound), net.LayerBounds.Select(b => b.Bound));
        Assert.All(net.LayerBounds, b => Assert.True(b.Exact));

        // The roundoff slack counts every layer, nested ones included: 4 top-level + 3 in res0's body + 2 in branch 0 +
        // the residual in branch 2 and its layer = 11 factors (1 + 64·2⁻²⁴).
        Assert.Equal(net.Bound * System.Math.Pow(1 + 64 * System.Math.Pow(2, -24), 11), net.CertificationBound, 15);

        net.to(torch.ScalarType.Float64);
        Assert.All(net.parameters(), p => Assert.Equal(torch.ScalarType.Float64, p.dtype));
        net.eval();
        var upper = Lipschitz.Nn.Estimation.UpperBound.Of(net);
        Assert.True(upper.Verified <= expected * (1 + 1e-6), $"verified {upper.Verified}");
        Assert.Contains("1 + |1|·Π of the body's bounds", upper.Layers[0].Method);
        Assert.NotNull(upper.Layers[1].PowerIteration);

        torch.manual_seed(1);
        using var x = torch.randn(new long[] { 16, 8 }, torch.ScalarType.Float64);
        using var d = torch.randn(new long[] { 16, 8 }, torch.ScalarType.Float64) * 0.1;
        using var y = x + d;
        using (torch.no_grad())
        {
            using var fx = net.call(x);
            using var fy = net.call(y);
            using var num = (fx - fy).norm(1);
            using var den = d.norm(1);
            using var ratio = (num / den).max();
            Assert.True(ratio.ToDouble() <= upper.Verified, $"ratio {ratio.ToDouble()} > verified {upper.Verified}");
        }
    }

    [Fact]
    public void EmittedNetwork_SavedAndLoaded_GivesTheSameOutputs()
    {
        var result = DslCompiler.Compile(Yaml, "nested.lipnet.yaml");
        var type = Harness.Load(result.Source!).GetTypes().Single(t => typeof(LipschitzModule).IsAssignableFrom(t));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nested-{System.Guid.NewGuid():N}.pt");
        try
        {
            torch.manual_seed(2);
            using var a = (LipschitzModule)System.Activator.CreateInstance(type)!;
            torch.manual_seed(3);
            using var b = (LipschitzModule)System.Activator.CreateInstance(type)!;
            a.eval();
            b.eval();
            using var x = torch.randn(4, 8);
            using var ya = a.call(x);
            using (var yb0 = b.call(x)) Assert.False(ya.allclose(yb0));
            Lipschitz.Nn.Serialization.ModuleState.Save(a, path);
            Lipschitz.Nn.Serialization.ModuleState.Load(b, path);
            using var yb = b.call(x);
            Assert.True(ya.allclose(yb, rtol: 0, atol: 0));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
