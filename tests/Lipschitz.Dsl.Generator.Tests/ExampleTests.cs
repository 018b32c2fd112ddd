using System.IO;
using System.Linq;
using Lipschitz.Nn;
using TorchSharp;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>The examples project consumes the generator as an analyzer; here both networks are built and run on random batches.</summary>
public class ExampleTests
{
    private static float[] Run(LipschitzModule net, torch.Tensor x)
    {
        using var y = net.call(x);
        return y.data<float>().ToArray();
    }

    /// <summary>Per-sample ‖f(x)−f(y)‖₂ / ‖x−y‖₂ computed in C# from the raw values (independent of torch's norm).</summary>
    private static double MaxRatio(LipschitzModule net, long batch)
    {
        torch.manual_seed(1);
        var shape = new[] { batch }.Concat(net.InputShape).ToArray();
        using var x = torch.randn(shape);
        using var delta = torch.randn(shape);
        using var small = delta.mul(0.05);
        using var y = x.add(small);
        var fx = Run(net, x);
        var fy = Run(net, y);
        var dx = small.data<float>().ToArray();
        int outPer = fx.Length / (int)batch, inPer = dx.Length / (int)batch;
        double worst = 0;
        for (int i = 0; i < batch; i++)
        {
            double num = 0, den = 0;
            for (int j = 0; j < outPer; j++) num += Math.Pow(fx[i * outPer + j] - fy[i * outPer + j], 2);
            for (int j = 0; j < inPer; j++) den += Math.Pow(dx[i * inPer + j], 2);
            worst = Math.Max(worst, Math.Sqrt(num / den));
        }
        return worst;
    }

    [Fact]
    public void AolConvNet_FromYaml_RunsOnARandomBatch_WithinItsBound()
    {
        using var net = new Examples.FashionMnist.AolConvNet();
        net.eval();
        using var x = torch.randn(4, 1, 28, 28);
        using var y = net.call(x);
        Assert.Equal(new long[] { 4, 10 }, y.shape);
        Assert.Equal(1.0, Examples.FashionMnist.AolConvNet.LipschitzBound);
        Assert.Equal(10, net.Classes);
        Assert.Equal(new long[] { 1, 28, 28 }, net.InputShape);
        Assert.Equal(1629402L, net.parameters().Sum(p => p.shape.Aggregate(1L, (a, b) => a * b)));
        Assert.Contains("head.weight", net.state_dict().Keys);
        Assert.Contains("conv0.weight", net.state_dict().Keys);
        Assert.Equal(0.25, net.Training!.Objective.Temperature);
        double ratio = MaxRatio(net, 6);
        Assert.InRange(ratio, 1e-4, net.Bound * (1 + 1e-4));
    }

    [Fact]
    public void AolConvNet_Hash_IsTheOneTheCompilerComputes()
    {
        using var net = new Examples.FashionMnist.AolConvNet();
        var path = Path.Combine(Harness.RepoRoot, "examples", "FashionMnist", "AolConvNet.lipnet.yaml");
        var compiled = DslCompiler.Compile(File.ReadAllText(path), path);
        Assert.Equal(compiled.Network!.DescriptionHash, net.DescriptionHash);
    }

    [Fact]
    public void AttributedMlp_RunsOnARandomBatch_WithinItsBound()
    {
        using var net = new Examples.Attributed.AttributedMlp();
        net.eval();
        using var x = torch.randn(5, 1, 28, 28);
        using var y = net.call(x);
        Assert.Equal(new long[] { 5, 10 }, y.shape);
        Assert.Equal(2, Examples.Attributed.AttributedMlp.HiddenLayers);
        Assert.Equal(new[] { "flatten0", "fc1", "maxmin2", "fc3", "maxmin4", "head" }, net.LayerBounds.Select(b => b.Name).ToArray());
        // Options from attributes, with the language's defaults for what the attributes leave out (AdamW decays by 0.01).
        var training = net.Training!;
        Assert.Equal(("fashion-mnist", 2, 128, 0), (training.Data, training.Epochs, training.Batch, training.Seed));
        Assert.Equal(new Lipschitz.Nn.Options.OptimizerOptions(Lipschitz.Nn.Options.OptimizerKind.AdamW, 0.002, WeightDecay: 0.01), training.Optimizer);
        Assert.Equal(System.Math.Sqrt(2), training.Objective.Offset);
        Assert.Equal(new[] { 0.1, 0.5 }, net.Certification.Eps);
        double ratio = MaxRatio(net, 6);
        Assert.InRange(ratio, 1e-4, net.Bound * (1 + 1e-4));
    }
    [Theory]
    [InlineData(new long[] { 2, 1, 27, 27 }, "[2, 1, 27, 27]")]
    [InlineData(new long[] { 1, 28, 28 }, "[1, 28, 28]")]
    [InlineData(new long[] { 2, 3, 28, 28 }, "[2, 3, 28, 28]")]
    public void GeneratedForward_RejectsAWrongShape_NamingTheNetworkAndBothShapes(long[] shape, string shown)
    {
        using var net = new Examples.FashionMnist.AolConvNet();
        net.eval();
        using var x = torch.zeros(shape);
        var e = Assert.Throws<ArgumentException>(() => { using var y = net.call(x); });
        Assert.StartsWith($"AolConvNet: expected an input batch of shape [N, 1, 28, 28], got {shown}", e.Message);
    }
}
