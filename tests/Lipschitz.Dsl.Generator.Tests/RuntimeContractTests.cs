using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Nn;
using Lipschitz.Nn.Options;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>The catalogue and the runtime agree: attributes, option records and their defaults, help links.</summary>
public class RuntimeContractTests
{
    private static readonly Assembly Runtime = typeof(LipschitzModule).Assembly;

    private static System.Type RuntimeType(string relative) => Runtime.GetType(Emit.RuntimeNames.Root + "." + relative, throwOnError: true)!;

    private static string[] SettableProperties(System.Type attribute) =>
        attribute.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).OrderBy(n => n).ToArray();

    [Fact]
    public void EveryLayerAttribute_TakesExactlyTheCatalogueParameters()
    {
        foreach (var kind in LayerCatalogue.All)
        {
            var attribute = Runtime.GetType($"{Emit.RuntimeNames.Root}.{kind.AttributeName}Attribute", throwOnError: true)!;
            Assert.True(typeof(LayerAttribute).IsAssignableFrom(attribute), kind.Key);
            var ctor = Assert.Single(attribute.GetConstructors());
            Assert.Equal(kind.AttributeArguments.Count, ctor.GetParameters().Length);
            // A YAML-only kind (nested layers, which attribute arguments cannot hold) has an attribute only so that the
            // generator can report LIP0510 at it: it takes no parameters.
            var expected = kind.YamlOnly ? new[] { "Name" }
                : kind.Params.Where(p => !kind.AttributeArguments.Contains(p.Key)).Select(p => p.AttributeName).Append("Name").OrderBy(n => n).ToArray();
            Assert.Equal(expected, SettableProperties(attribute));
        }
        // And no layer attribute is missing from the catalogue.
        var attributes = Runtime.GetTypes().Where(t => !t.IsAbstract && typeof(LayerAttribute).IsAssignableFrom(t)).Select(t => t.Name).OrderBy(n => n);
        Assert.Equal(LayerCatalogue.All.Select(k => k.AttributeName + "Attribute").OrderBy(n => n), attributes);
    }

    [Fact]
    public void EveryOptionAttribute_TakesExactlyTheCatalogueParameters()
    {
        foreach (var block in OptionCatalogue.Blocks)
        {
            var attribute = Runtime.GetType($"{Emit.RuntimeNames.Root}.{block.AttributeName}Attribute", throwOnError: true)!;
            Assert.Equal(block.AttributeArguments.Count, Assert.Single(attribute.GetConstructors()).GetParameters().Length);
            Assert.Equal(block.Params.Where(p => !block.AttributeArguments.Contains(p.Key)).Select(p => p.AttributeName).OrderBy(n => n), SettableProperties(attribute));
            foreach (var group in block.Groups)
            {
                var groupAttribute = Runtime.GetType($"{Emit.RuntimeNames.Root}.{group.AttributeName}Attribute", throwOnError: true)!;
                var kindParameter = Assert.Single(Assert.Single(groupAttribute.GetConstructors()).GetParameters());
                Assert.Equal(RuntimeType(group.RuntimeKindEnum), kindParameter.ParameterType);
                var union = group.Kinds.SelectMany(k => k.Params).Select(p => p.AttributeName).Distinct().OrderBy(n => n);
                Assert.Equal(union, SettableProperties(groupAttribute));
                // One key per attribute property across the kinds, so the front end can map it without knowing the kind.
                Assert.All(group.Kinds.SelectMany(k => k.Params).GroupBy(p => p.AttributeName), g => Assert.Single(g.Select(p => p.Key).Distinct()));
            }
        }
    }

    [Fact]
    public void EveryOptionKind_IsARuntimeEnumMember_AndEveryMemberAKind()
    {
        foreach (var group in OptionCatalogue.Blocks.SelectMany(b => b.Groups))
        {
            Assert.Equal(System.Enum.GetNames(RuntimeType(group.RuntimeKindEnum)).OrderBy(n => n), group.Kinds.Select(k => k.RuntimeName).OrderBy(n => n));
        }
        var norm = OptionCatalogue.Certify.Param("norm")!;
        Assert.Equal(System.Enum.GetNames(RuntimeType(norm.RuntimeEnum!)).OrderBy(n => n), norm.Choices.Select(c => c.RuntimeName).OrderBy(n => n));
    }

    /// <summary>The runtime record's constructor parameters with a default value.</summary>
    private static Dictionary<string, object?> RuntimeDefaults(System.Type record) =>
        record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters()
            .Where(p => p.HasDefaultValue).ToDictionary(p => p.Name!, p => p.DefaultValue);

    private static object? Plain(ParamValue value) => value switch
    {
        IntegerValue i => (double)i.Value,
        NumberValue n => n.Value,
        BooleanValue b => b.Value,
        _ => value.Canonical,
    };

    [Fact]
    public void RuntimeOptionDefaults_AreTheLanguageDefaults_ForEveryKindThatHasTheParameter()
    {
        // The language owns the defaults (OptionCatalogue). A runtime record may repeat one only if every kind that takes
        // the parameter has that default; a default that differs by kind (learning rate, weight decay) must be required.
        int compared = 0;
        foreach (var group in OptionCatalogue.Blocks.SelectMany(b => b.Groups))
        {
            var record = RuntimeType(group.RuntimeType);
            var defaults = RuntimeDefaults(record);
            var parameters = record.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name!).ToHashSet();
            foreach (var kind in group.Kinds)
            {
                foreach (var p in kind.Params)
                {
                    if (p.Default is NumbersValue list && p.RuntimeNames.Count == list.Values.Count)
                    {
                        for (int i = 0; i < list.Values.Count; i++)
                        {
                            Assert.Contains(p.RuntimeNames[i], parameters);
                            if (defaults.TryGetValue(p.RuntimeNames[i], out var d)) { Assert.Equal(list.Values[i], System.Convert.ToDouble(d)); compared++; }
                        }
                        continue;
                    }
                    var name = Assert.Single(p.RuntimeNames);
                    Assert.Contains(name, parameters);
                    if (!defaults.TryGetValue(name, out var value)) continue;
                    var expected = Plain(p.Default!);
                    Assert.True(Equals(expected, value is bool ? value : System.Convert.ToDouble(value)), $"{group.Key} '{kind.Key}': {p.Key} defaults to {expected} in the language but {value} in {record.Name}");
                    compared++;
                }
            }
        }
        Assert.True(compared >= 8, $"only {compared} defaults compared");
        Assert.DoesNotContain("WeightDecay", RuntimeDefaults(typeof(OptimizerOptions)).Keys);
        Assert.DoesNotContain("LearningRate", RuntimeDefaults(typeof(OptimizerOptions)).Keys);
    }

    [Fact]
    public void RuntimeCertificationDefault_IsTheLanguageDefault()
    {
        var norm = OptionCatalogue.Certify.Param("norm")!;
        var eps = (NumbersValue)OptionCatalogue.Certify.Param("eps")!.Default!;
        var runtimeNorm = norm.Choices.Single(c => c.Key == ((TextValue)norm.Default!).Value).RuntimeName;
        Assert.Equal(runtimeNorm, CertificationOptions.Default.Norm.ToString());
        Assert.Equal(eps.Values.ToArray(), CertificationOptions.Default.Eps.ToArray());
    }

    [Fact]
    public void EmittedOptions_AreTheDescribedValues_ReadBackFromTheRuntime()
    {
        // Named arguments: the values land in the properties of the same name, whatever the constructors' parameter order.
        var run = Harness.Yaml("/p/Plain.lipnet.yaml", Sources.Unconstrained);
        var type = Harness.Load(run.Sources.Single().SourceText.ToString()).GetType("Demo.Plain.Plain")!;
        using var net = (LipschitzModule)System.Activator.CreateInstance(type)!;
        Assert.Equal(new TrainingOptions("/data/idx", 2, 64, 7, new OptimizerOptions(OptimizerKind.Sgd, 0.1, WeightDecay: 0.0005, Momentum: 0.9, Nesterov: true),
            new ObjectiveOptions(ObjectiveKind.CrossEntropy, LabelSmoothing: 0.1), new ScheduleOptions(ScheduleKind.OneCycle, WarmupFraction: 0.25, FinalLearningRate: 0)), net.Training);
        Assert.Equal(new CertificationOptions(Norm.LInf, new[] { 0.01, 0.03 }), net.Certification);
        Assert.True(net.BoundIsComputed);
        Assert.True(double.IsPositiveInfinity(net.Bound));
    }

    [Fact]
    public void EveryRoslynDescriptor_CarriesTheCatalogueHelpLink()
    {
        Assert.Equal(Diagnostics.DiagnosticCatalogue.All.Select(d => d.Id), RoslynDescriptors.ById.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        Assert.All(Diagnostics.DiagnosticCatalogue.All, d => Assert.Equal(d.HelpLink, RoslynDescriptors.ById[d.Id].HelpLinkUri));
        Assert.All(RoslynDescriptors.ById.Values, d => Assert.Matches("^docs/diagnostics\\.md#lip[0-9]{4}$", d.HelpLinkUri));
    }

    [Fact]
    public void ReportedDiagnostic_HasTheHelpLink()
    {
        var d = Assert.Single(Harness.Yaml("/p/B.lipnet.yaml", "network: B\ninput: [4]\nclasses: 2\nlayers:\n  - linear: 2\n").GeneratorDiagnostics);
        Assert.Equal("docs/diagnostics.md#lip0301", d.Descriptor.HelpLinkUri);
    }
}
