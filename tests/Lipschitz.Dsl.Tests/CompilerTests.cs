using System.Linq;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Tests;

public class CompilerTests
{
    [Fact]
    public void Example_InfersShapesAndParameterCounts_ByHand()
    {
        var result = DslCompiler.Compile(TestFiles.Example, "AolConvNet.lipnet.yaml");
        Assert.Empty(result.Diagnostics);
        var net = result.Network!;
        // Hand-computed: same-padding convs keep 28x28; pixel_unshuffle(2) quadruples channels and halves the sides.
        var expected = new[]
        {
            ("conv0", "[16, 28, 28]", 16L * 1 * 9 + 16),
            ("maxmin1", "[16, 28, 28]", 0L),
            ("conv2", "[16, 28, 28]", 16L * 16 * 9 + 16),
            ("maxmin3", "[16, 28, 28]", 0L),
            ("unshuffle4", "[64, 14, 14]", 0L),
            ("conv5", "[32, 14, 14]", 32L * 64 * 9 + 32),
            ("maxmin6", "[32, 14, 14]", 0L),
            ("unshuffle7", "[128, 7, 7]", 0L),
            ("flatten8", "[6272]", 0L),
            ("fc9", "[256]", 6272L * 256 + 256),
            ("maxmin10", "[256]", 0L),
            ("head", "[10]", 256L * 10 + 10),
        };
        Assert.Equal(expected, net.Layers.Select(l => (l.FieldName, l.OutputShapeText, l.ParameterCount)).ToArray());
        Assert.Equal(1.0, net.Bound);
        Assert.Equal("Examples.FashionMnist", net.Spec.Namespace);
        Assert.Equal("Examples.FashionMnist.AolConvNet.g.cs", result.HintName);
        Assert.Equal(new[] { "inChannels: 1", "outChannels: 16", "kernelSize: 3", "bias: true", "side: global::Lipschitz.Nn.Layers.AolSide.Auto" }, Emit.Emitter.ConstructorArguments(net.Layers[0]));
        Assert.Equal(new[] { "inFeatures: 6272", "outFeatures: 256", "bias: true", "side: global::Lipschitz.Nn.Layers.AolSide.Auto" }, Emit.Emitter.ConstructorArguments(net.Layers[9]));
    }

    [Fact]
    public void Example_TrainingAndCertifyOptions_AreParsed_WithCatalogueDefaults()
    {
        var net = DslCompiler.Compile(TestFiles.Example, "x.lipnet.yaml").Network!;
        var t = net.Spec.Training!;
        Assert.Equal("data=fashion-mnist epochs=3 batch=256 seed=0", t.Params.ToString());
        // Adam's betas and weight decay were not written: the catalogue's defaults fill them in.
        Assert.Equal(("adam", "lr=0.001 betas=[0.9, 0.999] weight_decay=0"), (t.Option("optimizer").Kind, t.Option("optimizer").Params.ToString()));
        Assert.Equal(("offset_cross_entropy", "offset=1.414 temperature=0.25"), (t.Option("objective").Kind, t.Option("objective").Params.ToString()));
        Assert.Equal(("constant", ""), (t.Option("schedule").Kind, t.Option("schedule").Params.ToString()));
        Assert.Equal("norm=l2 eps=[0.1, 0.25, 0.5, 1]", net.Spec.Certify.Params.ToString());
    }

    [Theory]
    [InlineData("optimizer: { sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.0005 } }", "optimizer sgd lr=0.05 momentum=0.9 nesterov=true weight_decay=0.0005")]
    [InlineData("optimizer: { adamw: { lr: 0.002, betas: [0.8, 0.99], weight_decay: 0.1 } }", "optimizer adamw lr=0.002 betas=[0.8, 0.99] weight_decay=0.1")]
    [InlineData("optimizer: adam", "optimizer adam lr=0.001 betas=[0.9, 0.999] weight_decay=0")]
    [InlineData("optimizer: adamw", "optimizer adamw lr=0.001 betas=[0.9, 0.999] weight_decay=0.01")]
    [InlineData("optimizer: sgd", "optimizer sgd lr=0.1 momentum=0 nesterov=false weight_decay=0")]
    [InlineData("objective: { cross_entropy: { label_smoothing: 0.1 } }", "objective cross_entropy label_smoothing=0.1")]
    [InlineData("objective: cross_entropy", "objective cross_entropy label_smoothing=0")]
    [InlineData("objective: offset_cross_entropy", "objective offset_cross_entropy offset=1.4142135623730951 temperature=1")]
    [InlineData("schedule: { one_cycle: { warmup: 0.25, final_lr: 0.0001 } }", "schedule one_cycle warmup=0.25 final_lr=0.0001")]
    [InlineData("schedule: cosine", "schedule cosine final_lr=0")]
    public void TrainingOptions_AllForms_AreParsed(string line, string expected)
    {
        var yaml = Yaml.Mlp + "training:\n  data: fashion-mnist\n  " + line + "\n";
        var result = DslCompiler.Compile(yaml, "t.lipnet.yaml");
        Assert.Empty(result.Diagnostics);
        var t = result.Network!.Spec.Training!;
        var group = line.Substring(0, line.IndexOf(':'));
        var option = t.Option(group);
        Assert.Equal(expected, $"{group} {option.Kind} {option.Params}");
        Assert.Equal("data=fashion-mnist epochs=10 batch=128 seed=0", t.Params.ToString());
    }

    [Fact]
    public void Bound_IsProductOfScales_WithProvenance()
    {
        var yaml = "network: S\ninput: [4]\nclasses: 2\nlipschitz: 2\nlayers:\n  - scale: 0.5\n  - aol_linear: 2\n  - scale: { factor: -3, name: amp }\n";
        var result = DslCompiler.Compile(yaml, "s.lipnet.yaml");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(1.5, result.Network!.Bound, 15);
        Assert.Equal("0.5 (scale0) × 3 (amp) (other layers 1) = 1.5", result.Network.BoundProvenance);
    }

    [Fact]
    public void BoundAboveDeclared_ShowsTheProduct()
    {
        var yaml = "network: S\ninput: [4]\nclasses: 2\nlayers:\n  - scale: 2\n  - aol_linear: 2\n  - scale: 1.5\n";
        var d = Assert.Single(DslCompiler.Compile(yaml, "s.lipnet.yaml").Diagnostics);
        Assert.Equal("LIP0302", d.Id);
        Assert.Contains("2 (scale0) × 1.5 (scale2) = 3 exceeds the declared lipschitz: 1", d.Message);
    }

    [Fact]
    public void UnboundedLayer_IsAnError_WhenABoundIsDeclared()
    {
        foreach (var lipschitz in new[] { "", "lipschitz: 1\n", "lipschitz: 100\n" })
        {
            var yaml = "network: U\ninput: [4]\nclasses: 2\n" + lipschitz + "layers:\n  - linear: 2\n";
            var result = DslCompiler.Compile(yaml, "u.lipnet.yaml");
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal(("LIP0301", DslSeverity.Error, 5 + (lipschitz.Length > 0 ? 1 : 0), 5), (d.Id, d.Severity, d.Span.StartLine, d.Span.StartColumn));
            Assert.Contains("use aol_linear, or declare 'lipschitz: computed'", d.Message);
            Assert.Null(result.Source);
        }
    }

    [Fact]
    public void LipschitzComputed_AllowsUnboundedLayers_WithoutACompileTimeCertificate()
    {
        var yaml = "network: U\ninput: [4]\nclasses: 2\nlipschitz: computed\nlayers:\n  - linear: 4\n  - scale: 3\n  - aol_linear: 2\n";
        var result = DslCompiler.Compile(yaml, "u.lipnet.yaml");
        Assert.Empty(result.Diagnostics);
        var net = result.Network!;
        Assert.True(net.BoundIsComputed);
        Assert.True(double.IsPositiveInfinity(net.Bound));
        Assert.False(net.Certifiable);
        Assert.Contains("computed from the trained weights", net.CertificateRule);
        Assert.Contains("public const double LipschitzBound = double.PositiveInfinity;", result.Source);
        Assert.Contains("public override bool BoundIsComputed => true;", result.Source);
        Assert.Contains("lipschitz computed\n", net.CanonicalForm);
        // A bounded network built from the same layers is not 'computed', and its hash differs.
        var bounded = DslCompiler.Compile(yaml.Replace("lipschitz: computed", "lipschitz: 5").Replace("linear: 4", "aol_linear: 4"), "b.lipnet.yaml");
        Assert.Empty(bounded.Diagnostics);
        Assert.DoesNotContain("BoundIsComputed", bounded.Source);
        Assert.Equal(3.0, bounded.Network!.Bound);
    }

    [Fact]
    public void LipschitzComputed_SkipsTheDeclaredBoundCheck()
    {
        var yaml = "network: U\ninput: [4]\nclasses: 4\nlipschitz: computed\nlayers:\n  - scale: 1000\n";
        Assert.Empty(DslCompiler.Compile(yaml, "u.lipnet.yaml").Diagnostics);
    }

    [Fact]
    public void DescriptionHash_IgnoresFormatting_ButNotArchitecture()
    {
        var block = DslCompiler.Compile(Yaml.Mlp, "a.lipnet.yaml").Network!;
        var reformatted = "# a comment\nclasses: 10\nnetwork: Mlp\nlayers: [ flatten, {aol_linear: {out: 64}}, maxmin, {aol_linear: 10} ]\ninput: [1, 28, 28]\ncertify: { norm: linf }\n";
        var other = DslCompiler.Compile(reformatted, "b.lipnet.yaml").Network!;
        var wider = DslCompiler.Compile(Yaml.Mlp.Replace("out: 64", "out: 66"), "c.lipnet.yaml").Network!;
        Assert.Matches("^[0-9a-f]{64}$", block.DescriptionHash);
        Assert.Equal(block.DescriptionHash, other.DescriptionHash);
        Assert.NotEqual(block.DescriptionHash, wider.DescriptionHash);
        Assert.Contains("layer fc1 aol_linear out=64 bias=true", block.CanonicalForm);
    }

    [Fact]
    public void Ir_IsValueEqual_AcrossTwoParses()
    {
        var a = DslCompiler.Compile(TestFiles.Example, "x.lipnet.yaml");
        var b = DslCompiler.Compile(TestFiles.Example, "x.lipnet.yaml");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a.Network!.Spec, DslCompiler.Compile(TestFiles.Example.Replace("out: 256", "out: 128"), "x.lipnet.yaml").Network!.Spec);
    }

    [Fact]
    public void Diagnostic_PrintsMsBuildForm()
    {
        var d = DslCompiler.Compile("network: N\ninput: [4]\nclasses: 2\nlayers:\n  - aol_linaer: 2\n", "dir/n.lipnet.yaml").Diagnostics.Single();
        Assert.Equal("dir/n.lipnet.yaml(5,5): error LIP0101: Unknown layer kind 'aol_linaer' (did you mean 'aol_linear'?); known kinds: " + Catalogue.LayerCatalogue.KnownNames, d.ToString());
    }
}

internal static class Yaml
{
    public const string Mlp = "network: Mlp\ninput: [1, 28, 28]\nclasses: 10\nlayers:\n  - flatten\n  - aol_linear: { out: 64 }\n  - maxmin\n  - aol_linear: { out: 10 }\n";
}
