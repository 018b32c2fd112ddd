using System.Globalization;
using System.Linq;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>Arbitrary attribute arguments give LIP diagnostics or a network that compiles, never a generator exception.</summary>
public class AttributePropertyTests
{
    private static string L(long v) => v.ToString(CultureInfo.InvariantCulture) + "L";

    private static string D(double v) =>
        double.IsNaN(v) ? "double.NaN" : double.IsPositiveInfinity(v) ? "double.PositiveInfinity" : double.IsNegativeInfinity(v) ? "double.NegativeInfinity"
        : v.ToString("R", CultureInfo.InvariantCulture) + "d";

    private static string S(string? s) => s is null ? "null" : SymbolDisplay.FormatLiteral(s, quote: true);

    private static void AssertWellFormed(string source)
    {
        var run = Harness.CSharp(source);
        Assert.All(run.GeneratorDiagnostics, d => Assert.StartsWith("LIP", d.Id));
        if (run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.Empty(run.Sources);
        }
        else
        {
            Assert.Single(run.Sources);
            Assert.DoesNotContain(run.CompileProblems, d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    [Property(MaxTest = 60)]
    public void ArbitraryLayerArguments(long outA, long kernel, double scale, long factor, string? name, bool bias, int classes, double lipschitz, long[]? input)
    {
        var inputText = input is null ? "null" : "new long[] { " + string.Join(", ", input.Select(L)) + " }";
        var source = $$"""
            using Lipschitz.Nn;
            [LipschitzNetwork(Classes = {{classes}}, Input = {{inputText}}, Lipschitz = {{D(lipschitz)}})]
            [AolConv2d({{L(outA)}}, Kernel = {{L(kernel)}}, Bias = {{(bias ? "true" : "false")}})]
            [PixelUnshuffle({{L(factor)}})]
            [MaxMin(Name = {{S(name)}})]
            [Scale({{D(scale)}})]
            [Flatten]
            [AolLinear({{L(classes)}})]
            public partial class Arbitrary { }
            """;
        AssertWellFormed(source);
    }

    [Property(MaxTest = 60)]
    public void ArbitraryLayerOrder(int[] picks, NonNegativeInt width)
    {
        string[] layers = { "[AolConv2d(4)]", "[AolLinear(4)]", "[MaxMin]", "[Flatten]", "[PixelUnshuffle(2)]", "[Relu]", "[Scale(0.5)]", "[Linear(4)]", "[Conv2d(4, Stride = 2, Padding = 1)]", $"[AolLinear({width.Get % 20})]" };
        var chosen = (picks ?? System.Array.Empty<int>()).Take(12).Select(p => layers[(int)((uint)p % (uint)layers.Length)]);
        var source = "using Lipschitz.Nn;\n[LipschitzNetwork(Classes = 4, Input = new long[] { 2, 8, 8 })]\n" + string.Join("\n", chosen) + "\npublic partial class Ordered { }\n";
        AssertWellFormed(source);
    }

    [Fact]
    public void ValidAttributes_ProduceANetwork()
    {
        // The property tests above must be able to see the success branch too.
        AssertWellFormed(Sources.AttributedMlp);
        Assert.Single(Harness.CSharp(Sources.AttributedMlp).Sources);
    }
}
