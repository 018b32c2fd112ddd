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
        Assert.Equal(new[] { "1", "16", "3" }, net.Layers[0].ConstructorArguments.ToArray());
        Assert.Equal(new[] { "6272", "256" }, net.Layers[9].ConstructorArguments.ToArray());
    }

    [Fact]
    public void Example_TrainingAndCertifyOptions_AreParsed()
    {
        var net = DslCompiler.Compile(TestFiles.Example, "x.lipnet.yaml").Network!;
        var t = net.Spec.Training!;
        Assert.Equal(new TrainingSpec("fashion-mnist", 3, 256, 0, new OptimizerSpec(OptimizerKind.Adam, 0.001),
            new ObjectiveSpec(ObjectiveKind.OffsetCrossEntropy, 1.414, 0.25), new ScheduleSpec(ScheduleKind.Constant)), t);
        Assert.Equal(new CertifySpec(CertNorm.L2, EquatableArray.Of(0.1, 0.25, 0.5, 1.0)), net.Spec.Certify);
    }

    [Theory]
    [InlineData("optimizer: { sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.0005 } }", "Sgd 0.05 0.9 True 0.0005")]
    [InlineData("optimizer: { adamw: { lr: 0.002, betas: [0.8, 0.99], weight_decay: 0.1 } }", "AdamW 0.002 0.8 0.99 0.1")]
    [InlineData("optimizer: adam", "Adam 0.001 0.9 0.999 0")]
    [InlineData("objective: { cross_entropy: { label_smoothing: 0.1 } }", "CrossEntropy 0.1")]
    [InlineData("objective: cross_entropy", "CrossEntropy 0")]
    [InlineData("schedule: { one_cycle: { warmup: 0.25, final_lr: 0.0001 } }", "OneCycle 0.25 0.0001")]
    [InlineData("schedule: cosine", "Cosine 0.3 0")]
    public void TrainingOptions_AllForms_AreParsed(string line, string expected)
    {
        var yaml = Yaml.Mlp + "training:\n  data: fashion-mnist\n  " + line + "\n";
        var result = DslCompiler.Compile(yaml, "t.lipnet.yaml");
        Assert.Empty(result.Diagnostics);
        var t = result.Network!.Spec.Training!;
        var o = t.Optimizer;
        string actual = line.StartsWith("optimizer", StringComparison.Ordinal)
            ? (o.Kind == OptimizerKind.Sgd ? $"{o.Kind} {o.LearningRate} {o.Momentum} {o.Nesterov} {o.WeightDecay}" : $"{o.Kind} {o.LearningRate} {o.Beta1} {o.Beta2} {o.WeightDecay}")
            : line.StartsWith("objective", StringComparison.Ordinal) ? $"{t.Objective.Kind} {t.Objective.LabelSmoothing}"
            : $"{t.Schedule.Kind} {t.Schedule.WarmupFraction} {t.Schedule.FinalLearningRate}";
        Assert.Equal(expected, actual);
        Assert.Equal((10, 128, 0), (t.Epochs, t.Batch, t.Seed));
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
    public void UnboundedLayer_IsAWarning_AndTheBoundIsInfinite()
    {
        var yaml = "network: U\ninput: [4]\nclasses: 2\nlayers:\n  - linear: 2\n";
        var result = DslCompiler.Compile(yaml, "u.lipnet.yaml");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("LIP0301", DslSeverity.Warning), (d.Id, d.Severity));
        Assert.NotNull(result.Source);
        Assert.True(double.IsPositiveInfinity(result.Network!.Bound));
        Assert.Contains("public const double LipschitzBound = double.PositiveInfinity;", result.Source);
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
