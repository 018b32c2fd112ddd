using System.Linq;

namespace Lipschitz.Dsl.Tests;

/// <summary>The compile-time side of the activation and pooling kinds: shapes, bounds and the diagnostics of inputs that do not fit.</summary>
public class ActivationPoolingKindTests
{
    private const string Img = "network: N\ninput: [6, 4, 4]\nclasses: 2\nlayers:\n";

    private const string Tail = "  - flatten\n  - aol_linear: 2\n";

    [Fact]
    public void GroupSort_GroupNotDividingTheChannels_IsLIP0209_NamingBoth()
    {
        var d = DslCompiler.Compile(Img + "  - group_sort: 4\n" + Tail, "x").Diagnostics.Single();
        Assert.Equal("LIP0209", d.Id);
        Assert.Equal("Layer 0 (group_sort) splits the channels into groups of 4, but its input [6, 4, 4] has 6 channels, not a multiple of 4; give the previous layer an 'out' divisible by 4", d.Message);
    }

    [Fact]
    public void GroupSort_KeepsTheShape_WithBoundOne_AndGroupOfOneIsRefused()
    {
        var result = DslCompiler.Compile(Img + "  - group_sort: { group: 3, name: sort }\n" + Tail, "x");
        Assert.Empty(result.Diagnostics);
        var layer = result.Network!.Layers[0];
        Assert.Equal(("[6, 4, 4]", 1.0, true, 0L), (layer.OutputShapeText, layer.Bound, layer.Exact, layer.ParameterCount));
        Assert.Contains("new global::Lipschitz.Nn.Layers.GroupSort(groupSize: 3)", result.Source);
        var one = DslCompiler.Compile(Img + "  - group_sort: 1\n" + Tail, "x").Diagnostics.Single();
        Assert.Equal("Bad value 1 for 'group': must be between 2 and 16777216", one.Message);
    }

    [Fact]
    public void Householder_PairsChannels_OddCountIsLIP0209_AndHasAnAnglePerPair()
    {
        var d = DslCompiler.Compile("network: N\ninput: [5]\nclasses: 2\nlayers:\n  - householder\n  - aol_linear: 2\n", "x").Diagnostics.Single();
        Assert.Equal("Layer 0 (householder) splits the channels into groups of 2, but its input [5] has 5 channels, not a multiple of 2; give the previous layer an 'out' divisible by 2", d.Message);
        var result = DslCompiler.Compile(Img + "  - householder\n" + Tail, "x");
        Assert.Empty(result.Diagnostics);
        var layer = result.Network!.Layers[0];
        Assert.Equal(("[6, 4, 4]", 1.0, true, 3L), (layer.OutputShapeText, layer.Bound, layer.Exact, layer.ParameterCount));
        Assert.Contains("new global::Lipschitz.Nn.Layers.Householder(channels: 6)", result.Source);
    }

    [Fact]
    public void NActivation_AnyShape_TwoParametersPerChannel()
    {
        var result = DslCompiler.Compile("network: N\ninput: [5]\nclasses: 2\nlayers:\n  - n_activation\n  - aol_linear: 2\n", "x");
        Assert.Empty(result.Diagnostics);
        var layer = result.Network!.Layers[0];
        Assert.Equal(("[5]", 1.0, true, 10L), (layer.OutputShapeText, layer.Bound, layer.Exact, layer.ParameterCount));
        Assert.Contains("new global::Lipschitz.Nn.Layers.NActivation(channels: 5)", result.Source);
    }

    [Theory]
    [InlineData("l2_pool: 2", "[6, 2, 2]", 1.0)]
    [InlineData("l2_pool: 3", "[6, 1, 1]", 1.0)]
    [InlineData("avg_pool: 2", "[6, 2, 2]", 0.5)]
    [InlineData("avg_pool: { kernel: 3 }", "[6, 1, 1]", 1.0 / 3)]
    [InlineData("avg_pool: { kernel: 4, scaled: true }", "[6, 1, 1]", 1.0)]
    [InlineData("global_l2_pool", "[6]", 1.0)]
    [InlineData("global_avg_pool", "[6]", 1.0)]
    public void Pooling_ShapeAndBound_FromTheParameters(string layer, string shape, double bound)
    {
        var result = DslCompiler.Compile(Img + "  - " + layer + "\n" + Tail, "x");
        Assert.Empty(result.Diagnostics);
        var pooled = result.Network!.Layers[0];
        Assert.Equal((shape, bound, true, 0L), (pooled.OutputShapeText, pooled.Bound, pooled.Exact, pooled.ParameterCount));
        Assert.Equal(bound, result.Network.Bound);
    }

    [Fact]
    public void Pooling_WindowLargerThanTheImage_IsLIP0207_AndAFlatInputIsLIP0202()
    {
        var empty = DslCompiler.Compile(Img + "  - l2_pool: 5\n" + Tail, "x").Diagnostics.Single();
        Assert.Equal("LIP0207", empty.Id);
        Assert.StartsWith("Layer 0 (l2_pool) turns input [6, 4, 4] into an empty output [6, 0, 0]", empty.Message);
        var flat = DslCompiler.Compile("network: N\ninput: [4]\nclasses: 4\nlayers:\n  - global_avg_pool\n", "x").Diagnostics.Single();
        Assert.Equal("LIP0202", flat.Id);
    }

    [Fact]
    public void AvgPool_UnscaledBound_ComposesIntoTheNetworkBound()
    {
        var result = DslCompiler.Compile(Img + "  - avg_pool: 2\n  - avg_pool: { kernel: 2, scaled: true }\n" + Tail, "x");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(0.5, result.Network!.Bound);
        Assert.Contains("new global::Lipschitz.Nn.Layers.AvgPool(kernelSize: 2, scaled: true)", result.Source);
    }
}
