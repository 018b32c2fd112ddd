using System.Linq;

namespace Lipschitz.Dsl.Tests;

/// <summary>Names the generated code could not use as written are LIP0110 at their place (the generator tests compile what is accepted).</summary>
public class NameRuleTests
{
    private static string Network(string name, string? ns = null, string layerName = "a") =>
        $"network: {name}\n{(ns is null ? "" : $"namespace: {ns}\n")}input: [4]\nclasses: 2\nlayers:\n  - aol_linear: {{ out: 2, name: {layerName} }}\n";

    [Theory]
    [InlineData("var", "lower-case letters only")]
    [InlineData("file", "lower-case letters only")]
    [InlineData("required", "lower-case letters only")]
    [InlineData("scoped", "lower-case letters only")]
    [InlineData("__arglist", "starting with '__'")]
    [InlineData("Bound", "member of that name")]
    [InlineData("Certification", "member of that name")]
    [InlineData("System", "refers to the namespace 'System'")]
    public void NetworkName_IsRefused(string name, string reason)
    {
        var d = DslCompiler.Compile(Network(name), "n.lipnet.yaml").Diagnostics.Single();
        Assert.Equal(("LIP0110", 1, 10), (d.Id, d.Span.StartLine, d.Span.StartColumn));
        Assert.Contains(reason, d.Message);
    }

    [Theory]
    [InlineData("Lipschitz.Nn", "LipschitzModule", "refers to the type 'Lipschitz.Nn.LipschitzModule'")]
    [InlineData("System", "Array", "refers to the type 'System.Array'")]
    [InlineData("Lipschitz.Nn.Layers", "Flatten", "refers to the type 'Lipschitz.Nn.Layers.Flatten'")]
    [InlineData("Lipschitz.Nn.LipschitzModule", "Net", "namespace 'Lipschitz.Nn.LipschitzModule' is the name of a type")]
    [InlineData("TorchSharp.torch", "Tensor", "refers to the type 'TorchSharp.torch.Tensor'")]
    [InlineData("TorchSharp.torch", "Net", "namespace 'TorchSharp.torch' is the name of a type")]
    public void NamespaceAndName_ThatShadowTheRuntime_AreRefused(string ns, string name, string reason)
    {
        var d = DslCompiler.Compile(Network(name, ns), "n.lipnet.yaml").Diagnostics.Single();
        Assert.Equal("LIP0110", d.Id);
        Assert.Contains(reason, d.Message);
    }

    [Theory]
    [InlineData("x0")]
    [InlineData("s_training")]
    [InlineData("s_inputShape")]
    [InlineData("var")]
    [InlineData("Lipschitz")]
    public void LayerNamedLikeOldGeneratedLocals_IsAccepted(string name) =>
        Assert.Empty(DslCompiler.Compile(Network("Net", null, name), "n.lipnet.yaml").Diagnostics);

    [Fact]
    public void NamespacePartStartingWithTwoUnderscores_IsRefused()
    {
        var d = DslCompiler.Compile(Network("Net", "A.__arglist"), "n.lipnet.yaml").Diagnostics.Single();
        Assert.Equal(("LIP0110", 2, 12), (d.Id, d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void DuplicateNames_AreReportedOnce_ExplicitOrDefault()
    {
        var yaml = "network: N\ninput: [4]\nclasses: 4\nlayers:\n  - relu: { name: relu1 }\n  - relu\n  - aol_linear: { out: 4, name: relu1 }\n";
        var ds = DslCompiler.Compile(yaml, "n.lipnet.yaml").Diagnostics;
        Assert.Equal(new[] { ("LIP0108", 6), ("LIP0108", 7) }, ds.Select(d => (d.Id, d.Span.StartLine)).ToArray());
    }
}
