using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>
/// Descriptions written to break the generated code. Everything the generator accepts must compile, without warnings,
/// against the runtime; everything else must be a LIP diagnostic, never a raw C# error, a crash or a stack overflow.
/// </summary>
public class HostileDescriptionTests
{
    /// <summary>A YAML double-quoted scalar holding exactly <paramref name="text"/>.</summary>
    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < 0x20 || c >= 0x7f) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static string Yaml(string network, string? ns, params string[] layerNames)
    {
        var sb = new StringBuilder();
        sb.Append("network: ").Append(Quote(network)).Append('\n');
        if (ns is not null) sb.Append("namespace: ").Append(Quote(ns)).Append('\n');
        sb.Append("input: [4]\nclasses: 4\nlayers:\n");
        foreach (var name in layerNames) sb.Append("  - relu: { name: ").Append(Quote(name)).Append(" }\n");
        sb.Append("  - aol_linear: 4\n");
        return sb.ToString();
    }

    /// <summary>Either LIP errors and no source, or one source that compiles cleanly; returns whether it was accepted.</summary>
    private static bool AssertDiagnosticOrCleanCompile(GeneratorRun run, string what)
    {
        Assert.All(run.GeneratorDiagnostics, d => Assert.StartsWith("LIP", d.Id));
        if (run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.Empty(run.Sources);
            return false;
        }
        Assert.Single(run.Sources);
        Assert.True(run.CompileProblems.Count == 0, what + " was accepted but does not compile cleanly:\n" + string.Join("\n", run.CompileProblems));
        return true;
    }

    [Theory]
    [InlineData("x0")]
    [InlineData("x1")]
    [InlineData("s_training")]
    [InlineData("s_inputShape")]
    [InlineData("s_layerBounds")]
    [InlineData("s_certification")]
    [InlineData("layer")]
    [InlineData("y")]
    [InlineData("x")]
    [InlineData("var")]
    [InlineData("value")]
    [InlineData("global")]
    [InlineData("nameof")]
    [InlineData("_")]
    [InlineData("System")]
    [InlineData("Lipschitz")]
    [InlineData("Flatten")]
    public void LayerNamedLikeWhatGeneratedCodeUses_CompilesAndRuns(string name)
    {
        var run = Harness.Yaml("/p/H.lipnet.yaml", Yaml("Hostile", "Hostile.Names", name, name + "2"));
        Assert.True(AssertDiagnosticOrCleanCompile(run, $"layer '{name}'"), string.Join("; ", run.GeneratorDiagnostics));
        var type = Harness.Load(run.Sources.Single().SourceText.ToString()).GetType("Hostile.Names.Hostile")!;
        using var net = (Lipschitz.Nn.LipschitzModule)System.Activator.CreateInstance(type)!;
        using var x = TorchSharp.torch.randn(2, 4);
        using var y = net.call(x);
        Assert.Equal(new long[] { 2, 4 }, y.shape);
        Assert.Equal(new[] { name, name + "2", "fc2" }, net.LayerBounds.Select(b => b.Name).ToArray());
        Assert.Contains("fc2.weight", net.state_dict().Keys);
    }

    [Theory]
    [InlineData("__x", "names starting with '__'")]
    [InlineData("__Step", "names starting with '__'")]
    [InlineData("__arglist", "names starting with '__'")]
    [InlineData("input", "member of the generated module")]
    [InlineData("Bound", "member of the generated module")]
    [InlineData("BoundIsComputed", "member of the generated module")]
    [InlineData("LipschitzBound", "member of the generated module")]
    [InlineData("register_module", "member of the generated module")]
    public void LayerNamedLikeAGeneratedOrInheritedMember_IsLip0110(string name, string reason)
    {
        var run = Harness.Yaml("/p/H.lipnet.yaml", Yaml("Hostile", null, name));
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("LIP0110", d.Id);
        Assert.Contains(reason, d.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("var", null)]
    [InlineData("file", null)]
    [InlineData("required", null)]
    [InlineData("scoped", null)]
    [InlineData("record", null)]
    [InlineData("__arglist", null)]
    [InlineData("Bound", null)]
    [InlineData("Training", "A")]
    [InlineData("LipschitzModule", "Lipschitz.Nn")]
    [InlineData("Array", "System")]
    [InlineData("Object", "System")]
    [InlineData("Flatten", "Lipschitz.Nn.Layers")]
    [InlineData("Abs", "Lipschitz.Nn.Layers")]
    [InlineData("GeneratedCode", "System.CodeDom.Compiler")]
    [InlineData("GeneratedCodeAttribute", "System.CodeDom.Compiler")]
    [InlineData("OptimizerKind", "Lipschitz.Nn.Options")]
    [InlineData("Norm", "Lipschitz.Nn")]
    [InlineData("Nn", "Lipschitz")]
    [InlineData("System", null)]
    [InlineData("Lipschitz", null)]
    [InlineData("Net", "TorchSharp.torch")]
    [InlineData("Net", "System.Array")]
    public void NetworkNameThatBreaksGeneratedCode_IsLip0110(string name, string? ns)
    {
        var run = Harness.Yaml("/p/H.lipnet.yaml", Yaml(name, ns, "a"));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id is "LIP0110" or "LIP0106");
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("Var", null)]
    [InlineData("Net", "System")]
    [InlineData("Net", "Lipschitz.Nn")]
    [InlineData("Flatten", "Lipschitz.Nn.Layers.Extra")]
    [InlineData("Array", "A.System")]
    [InlineData("Tensor", "My.TorchSharp.torch")]
    [InlineData("_", null)]
    [InlineData("Net", "global.A")]
    [InlineData("Input", null)]
    public void NetworkNameThatOnlyLooksDangerous_Compiles(string name, string? ns)
    {
        var run = Harness.Yaml("/p/H.lipnet.yaml", Yaml(name, ns, "a"));
        Assert.True(AssertDiagnosticOrCleanCompile(run, $"network {ns}.{name}"), string.Join("; ", run.GeneratorDiagnostics));
    }

    [Fact]
    public void AttributedClassInTheRuntimeNamespace_NamedLikeARuntimeLayer_IsLip0110_NotAStackOverflow()
    {
        var run = Harness.CSharp("namespace Lipschitz.Nn.Layers;\n[Lipschitz.Nn.LipschitzNetwork(Classes = 4, Input = new long[] { 4 })]\n[Lipschitz.Nn.Flatten]\n[Lipschitz.Nn.AolLinear(4)]\npublic partial class Flatten { }\n");
        Assert.Equal("LIP0110", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.Sources);
    }

    private static readonly string[] Tricky =
    {
        "x0", "x1", "__x", "__Step", "s_training", "input", "Input", "Bound", "forward", "var", "Var", "file", "required", "scoped",
        "record", "__arglist", "_", "global", "System", "Array", "Object", "Lipschitz", "Nn", "Layers", "Options", "Torch", "torch",
        "Tensor", "Flatten", "Abs", "Linear", "LipschitzModule", "LayerBound", "Norm", "GeneratedCode", "class", "int", "value", "nameof",
        "A", "a", "B1", "Net", "CodeDom", "Compiler", "Collections", "Generic", "IReadOnlyList", "nn", "Module", "Training",
    };

    // Mostly names that are C# identifiers (so that many descriptions get as far as the compiler), some arbitrary text.
    private static Gen<string> Name() => Gen.Frequency(
        (6, Gen.Elements(Tricky)),
        (2, Gen.Elements(Tricky).Select(t => t + "2")),
        (1, Gen.Elements("abcXYZ_019é.-".ToCharArray()).ArrayOf().Select(cs => new string(cs))),
        (1, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)));

    private static Gen<string?> Namespace() => Gen.Frequency(
        (3, Gen.Constant((string?)null)),
        (4, Gen.Elements(Tricky).ArrayOf().Where(a => a.Length is > 0 and < 4).Select(a => (string?)string.Join(".", a))),
        (1, Name().Select(n => (string?)n)));

    [Property(MaxTest = 60)]
    public Property RandomNamesInEveryPosition_GiveADiagnosticOrCodeThatCompiles() =>
        Prop.ForAll(Name().ToArbitrary(), Namespace().ToArbitrary(), Name().ArrayOf().Select(a => a.Take(2).ToArray()).ToArbitrary(), (network, ns, layers) =>
        {
            var yaml = Yaml(network, ns, layers);
            // About a quarter of these get past the generator (measured while writing the test), so both branches run.
            AssertDiagnosticOrCleanCompile(Harness.Yaml("/p/R.lipnet.yaml", yaml), yaml);
            // The attribute front end: the class and namespace are C# already; the layer names are strings.
            var attributes = string.Concat(layers.Select(l => $"[Relu(Name = {SymbolDisplay.FormatLiteral(l, quote: true)})]\n"));
            var source = $"using Lipschitz.Nn;\nnamespace Attributed;\n[LipschitzNetwork(Classes = 4, Input = new long[] {{ 4 }})]\n{attributes}[AolLinear(4)]\npublic partial class Net {{ }}\n";
            AssertDiagnosticOrCleanCompile(Harness.CSharp(source), source);
        });
}
