using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Tests;

/// <summary>The composite kinds (residual, concat) in the language: nested chains bound, validated (names, shapes,
/// bounds, at the nested layers' own lines), composed with provenance, hashed, written back and emitted inline.</summary>
public class CompositionKindTests
{
    private const string Head = "network: R\ninput: [8]\nclasses: 2\n";

    private static CompileResult Compile(string yaml) => DslCompiler.Compile(yaml, "r.lipnet.yaml");

    private static CompileResult Ok(string yaml)
    {
        var result = Compile(yaml);
        Assert.True(result.Diagnostics.Count == 0, string.Join("; ", result.Diagnostics));
        return result;
    }

    private const string Residual = Head + """
        lipschitz: 2
        layers:
          - residual:
              layers:
                - aol_linear: 8
                - maxmin
                - aol_linear: { out: 8, name: inner }
          - aol_linear: 2

        """;

    [Fact]
    public void Residual_ComposesOnePlusTheBodysBound_WithProvenance_AndNestedFieldNames()
    {
        var result = Ok(Residual);
        var res = result.Network!.Layers[0];
        Assert.Equal(("res0", 2.0, true, "[8]"), (res.FieldName, res.Bound, res.Exact, res.OutputShapeText));
        Assert.Equal(new[] { "res0_fc0", "res0_maxmin1", "inner" }, res.Chains.Single().Layers.Select(l => l.FieldName));
        Assert.Equal(2 * (8 * 8 + 8), res.ParameterCount);
        Assert.Equal(2.0, result.Network.Bound);
        Assert.Equal("2 (res0: residual = 1 + 1 × (aol_linear 1 × maxmin 1 × aol_linear 1)) (other layers 1) = 2", result.Network.BoundProvenance);
        // The emitter constructs the body inline, by position.
        Assert.Contains("res0 = new global::Lipschitz.Nn.Layers.Residual(body: new global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>[] { "
            + "new global::Lipschitz.Nn.Layers.AolLinear(inFeatures: 8, outFeatures: 8, bias: true, side: global::Lipschitz.Nn.Layers.AolSide.Auto), new global::Lipschitz.Nn.Layers.MaxMin(), "
            + "new global::Lipschitz.Nn.Layers.AolLinear(inFeatures: 8, outFeatures: 8, bias: true, side: global::Lipschitz.Nn.Layers.AolSide.Auto) }, scale: 1.0, convex: false);", result.Source);
    }

    [Fact]
    public void Residual_PlainAboveTheDeclaredBound_IsLIP0302_ConvexStaysOne()
    {
        var plain = Compile(Head + "layers:\n  - residual: [aol_linear: 8]\n  - aol_linear: 2\n");
        var d = Assert.Single(plain.Diagnostics);
        Assert.Equal("LIP0302", d.Id);
        Assert.Contains("2 (res0)", d.Message);

        var convex = Ok(Head + "layers:\n  - residual: { layers: [aol_linear: 8, maxmin], scale: 0.25, convex: true }\n  - aol_linear: 2\n");
        Assert.Equal(1.0, convex.Network!.Bound);
        Assert.Contains("1 (res0: residual = (1 − 0.25) + 0.25 × (aol_linear 1 × maxmin 1))", convex.Network.BoundProvenance);

        // A scaled body: 1 + 0.5·0.5 with a scale layer inside.
        var scaled = Ok(Head + "lipschitz: 1.25\nlayers:\n  - residual: { layers: [scale: 0.5], scale: -0.5 }\n  - aol_linear: 2\n");
        Assert.Equal(1.25, scaled.Network!.Bound);
    }

    [Fact]
    public void Concat_ComposesTheRootSumOfSquares_AndJoinsDimensionOne()
    {
        var flat = Ok(Head + "lipschitz: 2\nlayers:\n  - concat: [[aol_linear: 4, maxmin], [], [scale: 0.5]]\n  - aol_linear: 2\n");
        var cat = flat.Network!.Layers[0];
        Assert.Equal(("cat0", "[20]"), (cat.FieldName, cat.OutputShapeText));
        Assert.Equal(System.Math.Sqrt(1 + 1 + 0.25), cat.Bound);
        Assert.Contains("cat0: concat = √((aol_linear 1 × maxmin 1)² + (identity)² + (scale 0.5)²)", flat.Network.BoundProvenance);
        Assert.Equal(new[] { "cat0_b0_fc0", "cat0_b0_maxmin1", "cat0_b2_scale0" }, cat.SelfAndNested().Skip(1).Select(l => l.FieldName));
        Assert.Contains("branches: new global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>[][] { ", flat.Source);

        var image = Ok("network: C\ninput: [2, 6, 6]\nclasses: 2\nlipschitz: 2\nlayers:\n  - concat: { branches: [[aol_conv2d: 4], []] }\n  - flatten\n  - aol_linear: 2\n");
        Assert.Equal("[6, 6, 6]", image.Network!.Layers[0].OutputShapeText);
    }

    [Fact]
    public void Nesting_AResidualInsideAConcat_Composes()
    {
        var result = Ok(Head + "lipschitz: 2\nlayers:\n  - concat: [[residual: { layers: [aol_linear: 8], scale: 0.5 }], [scale: 0.5]]\n  - aol_linear: 2\n");
        var cat = result.Network!.Layers[0];
        Assert.Equal(System.Math.Sqrt(1.5 * 1.5 + 0.25), cat.Bound);
        Assert.Equal("[16]", cat.OutputShapeText);
        Assert.Contains("(residual 'cat0_b0_res0' 1.5 = 1 + 0.5 × (aol_linear 1))²", result.Network.BoundProvenance);
    }

    [Fact]
    public void UnboundedNestedLayer_IsLIP0301_AtItsLine_OrInfiniteUnderComputed()
    {
        var yaml = Head + "layers:\n  - residual:\n      layers:\n        - linear: 8\n  - aol_linear: 2\n";
        var d = Assert.Single(Compile(yaml).Diagnostics);
        Assert.Equal("LIP0301", d.Id);
        Assert.Equal((7, 11), (d.Span.StartLine, d.Span.StartColumn));
        Assert.Contains("res0_fc0", d.Message);
        var computed = Ok(yaml.Replace("classes: 2\n", "classes: 2\nlipschitz: computed\n"));
        Assert.True(double.IsPositiveInfinity(computed.Network!.Layers[0].Bound));
    }

    public static IEnumerable<object[]> NestedDiagnostics() => new[]
    {
        // id, yaml, line, column
        new object[] { "LIP0101", Head + "layers:\n  - residual:\n      layers:\n        - aol_lnear: 8\n  - aol_linear: 2\n", 7, 11 },
        new object[] { "LIP0108", Head + "lipschitz: 2\nlayers:\n  - aol_linear: { out: 8, name: a }\n  - residual:\n      layers:\n        - aol_linear: { out: 8, name: a }\n  - aol_linear: 2\n", 9, 11 },
        new object[] { "LIP0202", Head + "layers:\n  - residual:\n      layers:\n        - abs\n        - aol_conv2d: 8\n  - aol_linear: 2\n", 8, 11 },
        new object[] { "LIP0105", Head + "layers:\n  - residual: { layers: [abs], scale: 2, convex: true }\n  - aol_linear: 2\n", 5, 39 },
        new object[] { "LIP0220", Head + "layers:\n  - residual:\n      layers:\n        - aol_linear: 4\n  - aol_linear: 2\n", 5, 5 },
        new object[] { "LIP0221", "network: C\ninput: [2, 4, 4]\nclasses: 2\nlayers:\n  - concat:\n      branches:\n        - [flatten]\n        - []\n", 5, 5 },
        new object[] { "LIP0104", Head + "layers:\n  - residual: { layers: maxmin }\n  - aol_linear: 2\n", 5, 25 },
    };

    [Theory]
    [MemberData(nameof(NestedDiagnostics))]
    public void NestedProblems_AreReported_AtTheirOwnLine(string id, string yaml, int line, int column)
    {
        var d = Assert.Single(Compile(yaml).Diagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal((line, column), (d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void NestedLabels_NameThePath()
    {
        var d = Compile(Head + "layers:\n  - residual:\n      layers:\n        - abs\n        - aol_conv2d: 8\n  - aol_linear: 2\n").Diagnostics.Single();
        Assert.StartsWith("Layer 0.1 (aol_conv2d) needs an image input", d.Message);
        var shape = Compile(Head + "layers:\n  - residual: [aol_linear: 4]\n  - aol_linear: 2\n").Diagnostics.Single();
        Assert.Equal("Layer 0 (residual) adds its body's output [4] to its input [8]; the body must keep the shape", shape.Message);
    }

    [Fact]
    public void Hash_CoversTheNestedLayers_NotTheirFormatting()
    {
        string Hash(string yaml) => Ok(yaml).Network!.DescriptionHash;
        var block = Hash(Residual);
        var flow = Hash(Head + "lipschitz: 2\nlayers:\n  - residual: [aol_linear: 8, maxmin, { aol_linear: { out: 8, name: inner } }]\n  - aol_linear: 2\n");
        Assert.Equal(block, flow);
        Assert.NotEqual(block, Hash(Residual.Replace("- aol_linear: 8\n", "- aol_linear: { out: 8, bias: false }\n")));
        Assert.NotEqual(block, Hash(Residual.Replace("- maxmin\n", "- abs\n")));
        Assert.NotEqual(block, Hash(Residual.Replace("- maxmin\n", "- maxmin\n        - abs\n")));
        Assert.Contains("layer res0 residual layers=[aol_linear{out=8 bias=true side=auto}, maxmin{}, aol_linear{out=8 bias=true side=auto}] scale=1 convex=false\n", Ok(Residual).Network!.CanonicalForm);
        // Nested names label messages and inspect; the runtime keys nested layers by position, so they are not hashed.
        Assert.Equal(block, Hash(Residual.Replace("name: inner", "name: other")));
    }

    [Fact]
    public void WrittenBack_BindsToTheSameLayers()
    {
        var diagnostics = new List<DslDiagnostic>();
        var yaml = Head + "lipschitz: 2\nlayers:\n  - concat: [[residual: { layers: [aol_linear: { out: 8, name: n1 }, maxmin], scale: 0.5, convex: true }], []]\n  - aol_linear: 2\n";
        var spec = DslCompiler.Bind(yaml, "a.lipnet.yaml", diagnostics)!;
        var written = YamlWriter.Write(spec);
        var again = DslCompiler.Bind(written, "b.lipnet.yaml", diagnostics)!;
        Assert.Empty(diagnostics);
        Assert.Equal(spec.Layers[0].Params.ToString(), again.Layers[0].Params.ToString());
        Assert.Contains("n1", written);
        Assert.Equal(Ok(yaml).Network!.DescriptionHash, Ok(written).Network!.DescriptionHash);
    }
}
