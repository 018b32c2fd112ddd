using System.IO;
using System.Linq;
using Examples.Attributed;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

/// <summary>What a TorchSharp user does with a generated network, and whether its certified bound survives it.</summary>
[Collection(DeterministicCollection.Name)]
public sealed class TorchSharpInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-interop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The largest ‖J(x)‖₂ over a few random inputs, with the Jacobian from autograd in float64.</summary>
    private static double WorstJacobianNorm(LipschitzModule net, int points)
    {
        double worst = 0;
        for (int i = 0; i < points; i++)
        {
            using Tensor x = rand(new[] { 1L }.Concat(net.InputShape).ToArray(), ScalarType.Float64);
            using Tensor j = OperatorNorms.Jacobian(net, x);
            worst = Math.Max(worst, OperatorNorms.SigmaMax(j));
        }
        return worst;
    }

    [Fact]
    public void GeneratedNetwork_InsideTheUsersSequential_TrainsWithTorchSharpsAdam_MovesToFloat64_SavesAndLoads_AndKeepsItsBound()
    {
        manual_seed(11);
        using var mlp = new AttributedMlp();
        using var model = nn.Sequential(("input", nn.Identity()), ("mlp", mlp), ("log_softmax", nn.LogSoftmax(1)));

        // One entry per parameter, under the user's prefix, the same tensors as the layers' own properties.
        var named = model.named_parameters().ToArray();
        Assert.Equal(mlp.parameters().Count(), named.Length);
        Assert.Equal(named.Length, named.Select(p => p.parameter.Handle).Distinct().Count());
        Assert.Contains(named, p => p.name == "mlp.head.weight");
        Assert.Equal(named.Select(p => p.name), model.state_dict().Keys);

        // A few steps of TorchSharp's own Adam on a fixed batch: the loss falls.
        using Tensor x = rand(32, 1, 28, 28);
        using Tensor y = randint(10, new long[] { 32 });
        using var adam = optim.Adam(model.parameters(), lr: 1e-2);
        model.train();
        double first = 0, last = 0;
        for (int step = 0; step < 8; step++)
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            Tensor loss = nn.functional.nll_loss(model.call(x), y);
            loss.backward();
            adam.step();
            if (step == 0) first = loss.ToDouble();
            last = loss.ToDouble();
        }
        Assert.True(last < first, $"loss {first} → {last}");

        // .to(float64) replaces every parameter (through the layers' properties) and keeps the set of parameters.
        model.to(ScalarType.Float64);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(named.Select(p => p.name), model.named_parameters().Select(p => p.name));
        Assert.All(mlp.modules().OfType<AolLinear>(), l => Assert.Same(l.weight, l.named_parameters(false).Single(p => p.name == "weight").parameter));
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));

        // Saved in PyTorch's format and loaded into a fresh copy: identical outputs.
        model.eval();
        string path = Path.Combine(_dir, "model.pt");
        ModuleState.Save(model, path);
        using var mlp2 = new AttributedMlp();
        using var model2 = nn.Sequential(("input", nn.Identity()), ("mlp", mlp2), ("log_softmax", nn.LogSoftmax(1)));
        model2.to(ScalarType.Float64);
        model2.eval();
        ModuleState.Load(model2, path);
        using Tensor x64 = x.to(ScalarType.Float64);
        using Tensor out1 = model.call(x64), out2 = model2.call(x64);
        Assert.True(out1.Equals(out2));

        // The certified bound still holds for the trained, converted and reloaded network.
        double worst = WorstJacobianNorm(mlp2, 4);
        Assert.True(worst <= mlp2.Bound * (1 + 1e-9), $"‖J‖ = {worst} exceeds the bound {mlp2.Bound}");
        Assert.True(worst > 0.1, "the Jacobian norm should not be degenerate");
    }

    [CudaFact]
    public void OnCuda_TheNetworkAndItsCertificateStayOnTheDevice()
    {
        using var mlp = new AttributedMlp();
        mlp.to(CUDA);
        mlp.eval();
        using Tensor x = rand(new long[] { 4, 1, 28, 28 }, device: CUDA);
        using Tensor logits = mlp.call(x);
        using Tensor radius = mlp.CertifiedRadius(logits);
        Assert.Equal(DeviceType.CUDA, radius.device_type);
    }
}
