using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Nn;
using Lipschitz.Nn.Layers;
using TorchSharp;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>
/// Every catalogue kind, instantiated through the emitted code (compiled and loaded like the CLI does): the runtime layer
/// is the catalogue's runtime type, its bound equals the compile-time one, and on random inputs it never stretches a
/// distance by more than that bound. A new kind is covered by adding its catalogue entry.
/// </summary>
public class EveryKindTests
{
    public static IEnumerable<object[]> Kinds() => LayerCatalogue.All.Select(k => new object[] { k.Key });

    private const string Subject = "subject";

    /// <summary>The largest ‖f(x)−f(y)‖₂ / ‖x−y‖₂ over a batch of random pairs, from the raw values.</summary>
    private static double MaxRatio(torch.nn.Module<torch.Tensor, torch.Tensor> layer, long[] inputShape)
    {
        torch.manual_seed(3);
        const long batch = 8;
        var shape = new[] { batch }.Concat(inputShape).ToArray();
        using var x = torch.randn(shape);
        using var direction = torch.randn(shape);
        using var delta = direction.mul(0.1);
        using var y = x.add(delta);
        using var fx = layer.call(x);
        using var fy = layer.call(y);
        var a = fx.data<float>().ToArray();
        var b = fy.data<float>().ToArray();
        var d = delta.data<float>().ToArray();
        int outPer = a.Length / (int)batch, inPer = d.Length / (int)batch;
        double worst = 0;
        for (int i = 0; i < batch; i++)
        {
            double num = 0, den = 0;
            for (int j = 0; j < outPer; j++) num += System.Math.Pow((double)a[i * outPer + j] - b[i * outPer + j], 2);
            for (int j = 0; j < inPer; j++) den += System.Math.Pow(d[i * inPer + j], 2);
            worst = System.Math.Max(worst, System.Math.Sqrt(num / den));
        }
        return worst;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Kind_ThroughEmittedCode_HasTheCompileTimeBound(string key)
    {
        var kind = LayerCatalogue.Get(key);
        var result = DslCompiler.Compile(kind.SampleNetwork(Subject), key + ".lipnet.yaml");
        Assert.True(result.Network is not null, string.Join("; ", result.Diagnostics));
        var compiled = result.Network!.Layers[0];
        Assert.Equal(Subject, compiled.FieldName);

        var type = Harness.Load(result.Source!).GetTypes().Single(t => typeof(LipschitzModule).IsAssignableFrom(t));
        using var net = (LipschitzModule)System.Activator.CreateInstance(type)!;
        net.eval();
        var field = type.GetField(Subject, BindingFlags.Instance | BindingFlags.NonPublic)!;
        Assert.Equal($"{Emit.RuntimeNames.Root}.{kind.RuntimeType}", field.FieldType.FullName);
        var layer = field.GetValue(net)!;
        var bounded = Assert.IsAssignableFrom<ILipschitzLayer>(layer);

        Assert.Equal(compiled.Bound, bounded.Bound);
        Assert.Equal(compiled.Bound, net.LayerBounds[0].Bound);
        Assert.Equal(kind.Bound.Kind == BoundKind.Exact, net.LayerBounds[0].Exact);
        Assert.Equal(key, net.LayerBounds[0].Kind);
        Assert.Equal(compiled.OutputShapeText, net.LayerBounds[0].OutputShape);
        Assert.Equal(result.Network.Bound, net.Bound);
        Assert.Equal(result.Network.BoundIsComputed, net.BoundIsComputed);
        Assert.Equal(compiled.ParameterCount, ((torch.nn.Module<torch.Tensor, torch.Tensor>)layer).parameters().Sum(p => p.shape.Aggregate(1L, (s, d) => s * d)));

        // Independent of both claims: what the layer does to distances on random inputs.
        double ratio = MaxRatio((torch.nn.Module<torch.Tensor, torch.Tensor>)layer, kind.Sample.Input.ToArray());
        Assert.True(ratio > 1e-3, $"{key}: the layer maps random pairs to the same output (ratio {ratio})");
        if (kind.Bound.Bounded) Assert.True(ratio <= compiled.Bound * (1 + 1e-4), $"{key}: ratio {ratio} exceeds the bound {compiled.Bound}");
        else Assert.True(double.IsPositiveInfinity(bounded.Bound));
    }

    [Fact]
    public void EveryRuntimeLayer_IsInTheCatalogue()
    {
        // The other direction: a runtime layer without a catalogue entry cannot be written in a description.
        var runtime = typeof(ILipschitzLayer).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && typeof(ILipschitzLayer).IsAssignableFrom(t) && t.Namespace == "Lipschitz.Nn.Layers")
            .Select(t => t.Name).OrderBy(n => n).ToArray();
        Assert.Contains("Abs", runtime);
        Assert.Equal(runtime, LayerCatalogue.All.Select(k => k.RuntimeType.Substring("Layers.".Length)).OrderBy(n => n).ToArray());
    }
}
