using System.Linq;

namespace Lipschitz.Dsl.Tests;

/// <summary>
/// normalized_head in the language: the declared bound applies to the layers before it, the whole network's bound
/// carries its √classes, the certificate rule is the per-class-pair one, it must be the last top-level layer (LIP0222,
/// at the head's own line, nested ones included), and the emitted class hands the head to the runtime's certificate.
/// </summary>
public class NormalizedHeadKindTests
{
    private static CompileResult Compile(string yaml) => DslCompiler.Compile(yaml, "h.lipnet.yaml");

    private static CompileResult Ok(string yaml)
    {
        var result = Compile(yaml);
        Assert.True(result.Diagnostics.Count == 0, string.Join("; ", result.Diagnostics));
        return result;
    }

    private const string Net = "network: H\ninput: [8]\nclasses: 10\nlayers:\n  - aol_linear: 16\n  - maxmin\n  - normalized_head: { out: 10, name: head }\n";

    [Fact]
    public void DeclaredBound_IsTheBodys_WholeNetworkCarriesSqrtClasses()
    {
        var v = Ok(Net).Network!;
        Assert.Equal(1.0, v.HeadBodyBound);
        Assert.Equal(1.0, v.CertificateBound);
        Assert.Equal(System.Math.Sqrt(10), v.Bound, 12);
        Assert.Equal("head", v.ClassPairHead!.FieldName);
        Assert.Contains("per class pair", v.CertificateRule);
        Assert.Contains("‖w_y − w_j‖ · 1)", v.CertificateRule);
        Assert.Contains("before the head 'head'", v.BoundText);
    }

    [Fact]
    public void EmittedClass_OverridesClassPairHead_WithTheHeadField()
    {
        var source = Ok(Net).Source!;
        Assert.Contains("public override global::Lipschitz.Nn.Layers.IClassPairHead? ClassPairHead => head;", source);
        Assert.Contains("head = new global::Lipschitz.Nn.Layers.NormalizedHead(inFeatures: 16, outFeatures: 10, bias: true);", source);
        // Networks without a head do not override it.
        var plain = Ok("network: P\ninput: [8]\nclasses: 2\nlayers:\n  - aol_linear: 2\n").Source!;
        Assert.DoesNotContain("ClassPairHead", plain);
    }

    [Fact]
    public void ABodyAboveTheDeclaredBound_IsLIP0302_NamingTheBody()
    {
        var result = Compile("network: H\ninput: [8]\nclasses: 4\nlayers:\n  - scale: 2\n  - normalized_head: 4\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("LIP0302", d.Id);
        Assert.Contains("before the head 'head1'", d.Message);
        // Declaring the body's bound is enough, though the whole network's is 2·√4 = 4.
        var ok = Ok("network: H\ninput: [8]\nclasses: 4\nlipschitz: 2\nlayers:\n  - scale: 2\n  - normalized_head: 4\n");
        Assert.Equal(4.0, ok.Network!.Bound, 12);
        Assert.Equal(2.0, ok.Network.CertificateBound);
    }

    [Fact]
    public void NotLast_IsLIP0222_AtTheHead_TopLevelAndNested()
    {
        var followed = Assert.Single(Compile("network: H\ninput: [8]\nclasses: 2\nlayers:\n  - normalized_head: 8\n  - aol_linear: 2\n").Diagnostics);
        Assert.Equal("LIP0222", followed.Id);
        Assert.Equal((5, 5), (followed.Span.StartLine, followed.Span.StartColumn));
        Assert.Equal("Layer 0 (normalized_head) is followed by 1 layer; a normalized_head must be the network's last layer, whose logits its per-class-pair certificate reads", followed.Message);

        var nested = Compile("network: H\ninput: [8]\nclasses: 2\nlipschitz: 5\nlayers:\n  - residual:\n      layers:\n        - normalized_head: { out: 8, name: inner }\n  - aol_linear: 2\n");
        var d = Assert.Single(nested.Diagnostics);
        Assert.Equal("LIP0222", d.Id);
        Assert.Equal((8, 11), (d.Span.StartLine, d.Span.StartColumn));
        Assert.StartsWith("Layer 0.0 'inner' (normalized_head) is inside residual 'res0'", d.Message);
    }

    [Fact]
    public void LipschitzComputed_HasNoCompileTimeCertificate()
    {
        var v = Ok(Net.Replace("classes: 10\n", "classes: 10\nlipschitz: computed\n")).Network!;
        Assert.True(double.IsPositiveInfinity(v.CertificateBound));
        Assert.False(v.Certifiable);
        Assert.StartsWith("none at compile time", v.CertificateRule);
    }

    [Theory]
    [InlineData("aol_linear: { out: 256 }", "[6272]", "side auto → out: Gram 256 × 256 (side in: 6272 × 6272)")]
    [InlineData("aol_linear: { out: 256, side: in }", "[6272]", "side in: Gram 6272 × 6272 (side out: 256 × 256)")]
    [InlineData("aol_linear: { out: 8 }", "[8]", "side auto → in: Gram 8 × 8 (side out: 8 × 8)")]
    [InlineData("aol_conv2d: { out: 32 }", "[64, 4, 4]", "side auto → out: self-correlation over 32 channels (side in: 64)")]
    public void AolSide_Resolution_IsShownInTheGeneratedCode(string layer, string input, string expected)
    {
        var flatten = input.Contains(',') ? "  - flatten\n" : "";
        var yaml = $"network: S\ninput: {input}\nclasses: 2\nlayers:\n  - {layer}\n{flatten}  - aol_linear: 2\n";
        var result = Ok(yaml);
        var first = result.Network!.Layers[0];
        Assert.Equal(expected, first.Resolution);
        Assert.Contains("// " + expected, result.Source);
    }
}
