using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Tests;

/// <summary>The catalogues are consistent, and every front-end rule reads them.</summary>
public class CatalogueTests
{
    private static IEnumerable<ParamDef> AllParams() =>
        LayerCatalogue.All.SelectMany(k => k.Params)
            .Concat(OptionCatalogue.Blocks.SelectMany(b => b.Params))
            .Concat(OptionCatalogue.Blocks.SelectMany(b => b.Groups).SelectMany(g => g.Kinds).SelectMany(k => k.Params));

    [Fact]
    public void KeysAttributesAndRuntimeTypes_AreUnique()
    {
        Assert.Equal(LayerCatalogue.All.Count, LayerCatalogue.All.Select(k => k.Key).Distinct().Count());
        Assert.Equal(LayerCatalogue.All.Count, LayerCatalogue.All.Select(k => k.AttributeName).Distinct().Count());
        Assert.Equal(LayerCatalogue.All.Count, LayerCatalogue.All.Select(k => k.RuntimeType).Distinct().Count());
        Assert.All(LayerCatalogue.All, k => Assert.Equal(k.Params.Count, k.Params.Select(p => p.Key).Distinct().Count()));
        Assert.All(LayerCatalogue.All, k => Assert.DoesNotContain(k.Params, p => p.Key == "name"));
    }

    [Fact]
    public void EveryDefault_IsAnAllowedValue()
    {
        foreach (var p in AllParams().Where(p => p.Default is not null))
        {
            switch (p.Default)
            {
                case IntegerValue i: Assert.True(p.Range!.Contains(i.Value), p.Key); break;
                case NumberValue n: Assert.True(p.Range!.Contains(n.Value), p.Key); break;
                case NumbersValue l: Assert.All(l.Values, v => Assert.True(p.Range!.Contains(v), p.Key)); Assert.InRange(l.Values.Count, p.MinCount, p.MaxCount); break;
                case TextValue t when p.Type == ParamType.Choice: Assert.Contains(t.Value, p.Choices.Select(c => c.Key)); break;
            }
            if (p.Rule is not null) Assert.True(p.Rule(p.Default!), p.Key);
        }
    }

    [Fact]
    public void ShorthandAndAttributeArguments_NameParametersOfTheirKind()
    {
        foreach (var k in LayerCatalogue.All)
        {
            if (k.Shorthand is not null) Assert.NotNull(k.Param(k.Shorthand));
            Assert.All(k.AttributeArguments, a => Assert.NotNull(k.Param(a)));
            Assert.All(k.Params, p => Assert.NotEmpty(p.RuntimeNames));
            Assert.Equal(k.Bound.Bounded, k.Replacement is null);
            if (k.Replacement is not null) Assert.True(LayerCatalogue.Find(k.Replacement)!.Bound.Bounded);
        }
    }

    [Fact]
    public void EverySample_IsAValidLayer()
    {
        foreach (var k in LayerCatalogue.All)
        {
            var yaml = k.SampleNetwork();
            var result = DslCompiler.Compile(yaml, k.Key + ".lipnet.yaml");
            Assert.True(result.Diagnostics.Count == 0, k.Key + ": " + string.Join("; ", result.Diagnostics));
            Assert.Equal(k.Key, result.Network!.Layers[0].Spec.Kind);
        }
    }

    [Fact]
    public void UnknownKind_SuggestsFromTheCatalogue_IncludingANewKind()
    {
        var d = DslCompiler.Compile("network: N\ninput: [4]\nclasses: 4\nlayers:\n  - abz\n", "x").Diagnostics.Single();
        Assert.Equal("LIP0101", d.Id);
        Assert.Contains("(did you mean 'abs'?)", d.Message);
        Assert.EndsWith("known kinds: " + string.Join(", ", LayerCatalogue.All.Select(k => k.Key)), d.Message);
    }

    [Fact]
    public void Abs_IsAOneLipschitzElementwiseKind_ThatKeepsTheShape()
    {
        var result = DslCompiler.Compile("network: A\ninput: [2, 3, 3]\nclasses: 18\nlayers:\n  - abs\n  - flatten\n  - abs: { name: second }\n", "a.lipnet.yaml");
        Assert.Empty(result.Diagnostics);
        var layers = result.Network!.Layers;
        Assert.Equal(("abs0", "[2, 3, 3]", 1.0, true, 0L), (layers[0].FieldName, layers[0].OutputShapeText, layers[0].Bound, layers[0].Exact, layers[0].ParameterCount));
        Assert.Equal("second", layers[2].FieldName);
        Assert.Contains("new global::Lipschitz.Nn.Layers.Abs();", result.Source);
    }

    [Fact]
    public void ParameterRanges_AreEnforced_WithTheCatalogueRule()
    {
        var d = DslCompiler.Compile("network: N\ninput: [2, 8, 8]\nclasses: 2\nlipschitz: computed\nlayers:\n  - conv2d: { out: 2, stride: 65 }\n", "x").Diagnostics.Single();
        Assert.Equal("Bad value 65 for 'stride': must be between 1 and 64", d.Message);
        var lr = DslCompiler.Compile(Yaml.Mlp + "training:\n  data: d\n  optimizer: { sgd: { lr: 0 } }\n", "x").Diagnostics.Single();
        Assert.Equal("Bad value 0 for 'lr': must be in (0, 100]", lr.Message);
        var nesterov = DslCompiler.Compile(Yaml.Mlp + "training:\n  data: d\n  optimizer: { sgd: { nesterov: true } }\n", "x").Diagnostics.Single();
        Assert.Equal("Bad value true for 'nesterov': Nesterov momentum needs momentum > 0", nesterov.Message);
    }

    [Fact]
    public void AllowedKeys_ComeFromTheCatalogue()
    {
        var d = DslCompiler.Compile(Yaml.Mlp + "training:\n  data: d\n  optimizer: { adam: { momentum: 0.9 } }\n", "x").Diagnostics.Single();
        Assert.Equal("Unknown key 'momentum' in optimizer 'adam'; allowed keys: lr, betas, weight_decay", d.Message);
    }
}
