using System.Globalization;
using System.Linq;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>The generator runs inside the compiler and the IDE under the user's culture; its output must not depend on it.</summary>
public class CultureTests
{
    private const string Minus = "\u2212";

    private const string Yaml = """
        network: Signed
        namespace: Culture.Test
        input: [4]
        classes: 4
        lipschitz: 2.5
        layers:
          - scale: -1.5
          - aol_linear: { out: 4, bias: false }
          - scale: { factor: -0.25, name: shrink }
        training:
          data: fashion-mnist
          seed: -3
          optimizer: { adamw: { lr: 0.0005, betas: [0.85, 0.995], weight_decay: 0.05 } }
          objective: { offset_cross_entropy: { offset: 1.5, temperature: 0.125 } }
          schedule: { one_cycle: { warmup: 0.2, final_lr: 1e-5 } }
        certify: { norm: linf, eps: [0.005, 0.5] }
        """;

    private const string Attributed = """
        using Lipschitz.Nn;
        using Lipschitz.Nn.Options;
        namespace Culture.Test;
        [LipschitzNetwork(Classes = 4, Input = new long[] { 4 }, Lipschitz = 2.5)]
        [Scale(-1.5)]
        [AolLinear(4, Bias = false)]
        [Scale(-0.25, Name = "shrink")]
        [Training("fashion-mnist", Seed = -3)]
        [Optimizer(OptimizerKind.AdamW, LearningRate = 0.0005, Betas = new[] { 0.85, 0.995 }, WeightDecay = 0.05)]
        [Objective(ObjectiveKind.OffsetCrossEntropy, Offset = 1.5, Temperature = 0.125)]
        [Schedule(ScheduleKind.OneCycle, WarmupFraction = 0.2, FinalLearningRate = 1e-5)]
        [Certify(Norm = Norm.LInf, Eps = new[] { 0.005, 0.5 })]
        public partial class Signed { }
        """;

    [Theory]
    [InlineData("sv-SE")]
    [InlineData("nb-NO")]
    public void UnderACultureWithAUnicodeMinus_TheGeneratedCodeCompiles_AndIsTheSameAsUnderInvariant(string name)
    {
        var invariantYaml = Harness.Yaml("/p/Signed.lipnet.yaml", Yaml).Sources.Single().SourceText.ToString();
        var invariantAttributed = Harness.CSharp(Attributed).Sources.Single().SourceText.ToString();
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            var culture = CultureInfo.GetCultureInfo(name);
            // The test only means something if the culture really formats a minus as U+2212 and a decimal comma.
            Assert.Equal(Minus, culture.NumberFormat.NegativeSign);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            Assert.Equal(Minus + "3", (-3).ToString());
            Assert.Equal("0,5", 0.5.ToString());

            var yaml = Harness.Yaml("/p/Signed.lipnet.yaml", Yaml);
            Assert.Empty(yaml.GeneratorDiagnostics);
            Assert.Empty(yaml.CompileProblems);
            var source = yaml.Sources.Single().SourceText.ToString();
            Assert.Contains("Seed: -3", source);
            Assert.Contains("factor: -1.5", source);
            Assert.DoesNotContain(Minus, source);
            Assert.Equal(invariantYaml, source);

            var attributed = Harness.CSharp(Attributed);
            Assert.Empty(attributed.GeneratorDiagnostics);
            Assert.Empty(attributed.CompileProblems);
            Assert.Equal(invariantAttributed, attributed.Sources.Single().SourceText.ToString());

            // Diagnostics are culture-invariant too.
            var bad = DslCompiler.Compile(Yaml.Replace("seed: -3", "seed: -3000000000"), "s.lipnet.yaml").Diagnostics.Single();
            Assert.Equal("Bad value -3000000000 for 'seed': must be between -2147483648 and 2147483647", bad.Message);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }
}
