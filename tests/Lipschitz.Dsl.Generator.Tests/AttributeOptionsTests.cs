using System.Linq;
using Microsoft.CodeAnalysis;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>Attributed networks carry lipschitz, training and certification options as YAML ones do, through the same IR.</summary>
public class AttributeOptionsTests
{
    private const string Yaml = """
        network: Twin
        namespace: Demo.Twins
        input: [1, 8, 8]
        classes: 3
        lipschitz: computed
        layers:
          - conv2d: { out: 4, kernel: 3, stride: 2, padding: 1, bias: false }
          - abs
          - flatten
          - linear: { out: 3, name: head }
        training:
          data: /data/idx
          epochs: 4
          batch: 32
          seed: -7
          optimizer: { sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.001 } }
          objective: { offset_cross_entropy: { offset: 2, temperature: 0.5 } }
          schedule: { cosine: { final_lr: 0.0001 } }
        certify: { norm: linf, eps: [0.01, 0.02] }
        """;

    private const string Attributes = """
        using Lipschitz.Nn;
        using Lipschitz.Nn.Options;

        namespace Demo.Twins;

        [LipschitzNetwork(Classes = 3, Input = new long[] { 1, 8, 8 }, LipschitzComputed = true)]
        [Conv2d(4, Kernel = 3, Stride = 2, Padding = 1, Bias = false)]
        [Abs]
        [Flatten]
        [Linear(3, Name = "head")]
        [Training("/data/idx", Epochs = 4, Batch = 32, Seed = -7)]
        [Optimizer(OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 0.001)]
        [Objective(ObjectiveKind.OffsetCrossEntropy, Offset = 2, Temperature = 0.5)]
        [Schedule(ScheduleKind.Cosine, FinalLearningRate = 0.0001)]
        [Certify(Norm = Norm.LInf, Eps = new[] { 0.01, 0.02 })]
        public partial class Twin { }
        """;

    /// <summary>The source without what legitimately differs: the summary naming the origin, and 'public' (the C# class states it).</summary>
    private static string Body(string source) => string.Join("\n", source.Split('\n').Where(l => !l.Contains("/// <summary>The Twin network"))).Replace("public partial class", "partial class");

    [Fact]
    public void AttributedNetwork_WithEveryOption_EmitsWhatTheSameYamlEmits()
    {
        var fromYaml = Harness.Yaml("/p/Twin.lipnet.yaml", Yaml);
        var fromAttributes = Harness.CSharp(Attributes);
        Assert.Empty(fromYaml.GeneratorDiagnostics);
        Assert.Empty(fromAttributes.GeneratorDiagnostics);
        Assert.Empty(fromAttributes.CompileProblems);
        var attributed = fromAttributes.Source("Demo.Twins.Twin.g.cs");
        Assert.Contains("Seed: -7", attributed);
        Assert.Contains("Offset: 2.0, Temperature: 0.5", attributed);
        Assert.Contains("public override bool BoundIsComputed => true;", attributed);
        Assert.Equal(Body(fromYaml.Source("Demo.Twins.Twin.g.cs")), Body(attributed));
    }

    [Fact]
    public void ReadmeAttributedExample_GeneratesAndCompiles()
    {
        var readme = System.IO.File.ReadAllText(System.IO.Path.Combine(Harness.RepoRoot, "README.md"));
        var block = System.Text.RegularExpressions.Regex.Matches(readme, "```csharp\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).Single(b => b.Contains("public partial class Mlp"));
        var run = Harness.CSharp(block);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileProblems);
        Assert.Contains("Offset: 1.414, Temperature: 0.25", run.Source("Mlp.g.cs"));
    }

    [Fact]
    public void UnsetAttributeProperties_TakeTheLanguageDefaults_NotThePropertyValues()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\nusing Lipschitz.Nn.Options;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 1, 4, 4 })]\n[AolConv2d(2)]\n[Flatten]\n[AolLinear(2)]\n[Training(\"d\")]\n[Optimizer(OptimizerKind.AdamW)]\npublic partial class Defaults { }\n");
        Assert.Empty(run.GeneratorDiagnostics);
        var source = run.Source("Defaults.g.cs");
        Assert.Contains("new global::Lipschitz.Nn.Layers.AolConv2d(inChannels: 1, outChannels: 2, kernelSize: 3, bias: true, side: global::Lipschitz.Nn.Layers.AolSide.Auto)", source);
        Assert.Contains("Epochs: 10,", source);
        Assert.Contains("LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, WeightDecay: 0.01)", source);
        Assert.Contains("Kind: global::Lipschitz.Nn.Options.ObjectiveKind.CrossEntropy, LabelSmoothing: 0.0", source);
        Assert.Contains("norm: global::Lipschitz.Nn.Norm.L2,", source);
    }

    [Fact]
    public void AnEnumLayerProperty_BecomesItsChoice()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\nusing Lipschitz.Nn.Layers;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 8 })]\n[AolLinear(4, Side = AolSide.Out)]\n[AolLinear(2)]\npublic partial class Sided { }\n");
        Assert.Empty(run.GeneratorDiagnostics);
        var source = run.Source("Sided.g.cs");
        Assert.Contains("new global::Lipschitz.Nn.Layers.AolLinear(inFeatures: 8, outFeatures: 4, bias: true, side: global::Lipschitz.Nn.Layers.AolSide.Out)", source);
        Assert.Contains("new global::Lipschitz.Nn.Layers.AolLinear(inFeatures: 4, outFeatures: 2, bias: true, side: global::Lipschitz.Nn.Layers.AolSide.Auto)", source);
    }

    private static (string Id, int Line, int Column) Single(GeneratorRun run)
    {
        var d = Assert.Single(run.GeneratorDiagnostics);
        var at = d.Location.GetLineSpan().StartLinePosition;
        return (d.Id, at.Line + 1, at.Character + 1);
    }

    [Fact]
    public void OptionOfAnotherKind_IsUnknownKey_AtTheArgument()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\nusing Lipschitz.Nn.Options;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 2 })]\n[AolLinear(2)]\n[Training(\"d\")]\n[Optimizer(OptimizerKind.Adam, Momentum = 0.9)]\npublic partial class N { }\n");
        Assert.Equal(("LIP0102", 6, 32), Single(run));
        Assert.Contains("Unknown key 'momentum' in optimizer 'adam'", run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void GroupAttributeWithoutTraining_IsMissingData_AtTheGroupAttribute()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\nusing Lipschitz.Nn.Options;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 2 })]\n[AolLinear(2)]\n[Schedule(ScheduleKind.Cosine)]\npublic partial class N { }\n");
        Assert.Equal(("LIP0103", 5, 2), Single(run));
    }

    [Fact]
    public void UnknownEnumValue_IsUnknownOption()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\nusing Lipschitz.Nn.Options;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 2 })]\n[AolLinear(2)]\n[Training(\"d\")]\n[Optimizer((OptimizerKind)42)]\npublic partial class N { }\n");
        Assert.Equal(("LIP0109", 6, 12), Single(run));
    }

    [Fact]
    public void BothLipschitzAndLipschitzComputed_Conflict()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 2 }, Lipschitz = 2, LipschitzComputed = true)]\n[AolLinear(2)]\npublic partial class N { }\n");
        Assert.Equal(("LIP0502", 2, 2), Single(run));
    }

    [Fact]
    public void UnboundedLayerAttribute_IsAnError_UnlessLipschitzComputed()
    {
        var bounded = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 2 })]\n[Linear(2)]\npublic partial class N { }\n");
        Assert.Equal(("LIP0301", 3, 2), Single(bounded));
        Assert.Equal(DiagnosticSeverity.Error, bounded.GeneratorDiagnostics[0].Severity);
        var computed = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(Classes = 2, Input = new long[] { 2 }, LipschitzComputed = true)]\n[Linear(2)]\npublic partial class N { }\n");
        Assert.Empty(computed.GeneratorDiagnostics);
        Assert.Empty(computed.CompileProblems);
    }

    [Fact]
    public void OptionAttributes_OnAYamlNetwork_Conflict()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n[LipschitzNetwork(\"Small.lipnet.yaml\")]\n[Training(\"d\")]\npublic partial class Small { }\n", ("/src/Small.lipnet.yaml", Sources.SmallYaml));
        Assert.Equal(("LIP0502", 2, 2), Single(run));
    }

    [Fact]
    public void OptionAttribute_WithoutANetwork_IsLip0504()
    {
        var run = Harness.CSharp("using Lipschitz.Nn;\n\n[Training(\"d\")]\npublic partial class Stray { }\n");
        Assert.Equal(("LIP0504", 3, 2), Single(run));
        Assert.Equal(DiagnosticSeverity.Warning, run.GeneratorDiagnostics[0].Severity);
    }
}
