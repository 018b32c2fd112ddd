using System.Linq;

namespace Lipschitz.Dsl.Tests;

/// <summary>The AOL side is part of the description hash that checkpoints are checked against.</summary>
public class AolSideHashTests
{
    private static string Hash(string side) =>
        DslCompiler.Compile($"network: N\ninput: [8]\nclasses: 2\nlayers:\n  - aol_linear: {{ out: 4{side} }}\n  - aol_linear: 2\n", "n.lipnet.yaml").Network!.DescriptionHash;

    [Fact]
    public void EachSide_HasItsOwnHash_AndTheDefaultIsAuto()
    {
        string auto = Hash(""), explicitAuto = Hash(", side: auto"), inSide = Hash(", side: in"), outSide = Hash(", side: out");
        Assert.Equal(auto, explicitAuto);
        Assert.Equal(3, new[] { auto, inSide, outSide }.Distinct().Count());
    }

    [Fact]
    public void AnUnknownSide_IsAnError_ListingTheChoices()
    {
        var result = DslCompiler.Compile("network: N\ninput: [8]\nclasses: 2\nlayers:\n  - aol_linear: { out: 2, side: left }\n", "n.lipnet.yaml");
        Assert.Null(result.Network);
        var d = Assert.Single(result.Diagnostics);
        Assert.Contains("auto, in, out", d.Message);
        Assert.Equal(5, d.Span.StartLine);
    }
}
