using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Tests.Training;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Attacks;

/// <summary>An unconstrained MLP 784 → 64 → 10 whose declared bound is whatever the test says (a lie, for the audit).</summary>
internal sealed class PlainNet : LipschitzModule
{
    private readonly Flatten flatten0 = new();
    private readonly Linear fc1 = new(784, 64);
    private readonly Relu relu2 = new();
    private readonly Linear head = new(64, 10);
    private readonly double _declared;

    public PlainNet(double declaredBound = double.PositiveInfinity) : base("PlainNet")
    {
        _declared = declaredBound;
        register_module("flatten0", flatten0);
        register_module("fc1", fc1);
        register_module("relu2", relu2);
        register_module("head", head);
    }

    public override double Bound => _declared;

    public override IReadOnlyList<long> InputShape => new long[] { 1, 28, 28 };

    public override int Classes => 10;

    public override IReadOnlyList<LayerBound> LayerBounds => new[]
    {
        new LayerBound("flatten0", "flatten", "[784]", 1, true), new LayerBound("fc1", "linear", "[64]", _declared, true),
        new LayerBound("relu2", "relu", "[64]", 1, true), new LayerBound("head", "linear", "[10]", 1, true),
    };

    public override string DescriptionHash => "plain";

    public override Tensor forward(Tensor input)
    {
        using Tensor a = flatten0.call(input), b = fc1.call(a), c = relu2.call(b);
        return head.call(c);
    }
}

/// <summary>Trained networks shared by the attack tests (trained once: a few hundred Adam steps on 2,000 images).</summary>
internal static class TrainedNets
{
    private static readonly object Gate = new();
    private static PlainNet? s_plain;
    private static TinyNet? s_lipschitz;

    /// <summary>The first <paramref name="count"/> test images as [N, 1, 28, 28] in [0, 1] and their labels.</summary>
    internal static (Tensor X, Tensor Y) TestBatch(int count)
    {
        using Batch b = new BatchLoader(TestData.Test(count), count, shuffle: false, seed: 0).Batches(0).First();
        return (b.Images.clone(), b.Labels.clone());
    }

    internal static PlainNet Plain()
    {
        lock (Gate) return s_plain ??= Train(new PlainNet(), offset: 0);
    }

    internal static TinyNet Lipschitz()
    {
        lock (Gate) return s_lipschitz ??= Train(new TinyNet(hidden: 64), offset: 1.414);
    }

    private static T Train<T>(T net, double offset) where T : LipschitzModule
    {
        manual_seed(17);
        using var adam = optim.Adam(net.parameters(), 0.005);
        var loader = new BatchLoader(TestData.Train(2000), 100, shuffle: true, seed: 1);
        net.train();
        for (int epoch = 1; epoch <= 6; epoch++)
        {
            foreach (Batch batch in loader.Batches(epoch))
            {
                using var scope = NewDisposeScope();
                using Batch b = batch;
                Tensor logits = net.call(b.Images);
                Tensor loss = offset > 0
                    ? global::Lipschitz.Nn.Training.Objectives.OffsetCrossEntropy(logits, b.Labels, offset, 0.25)
                    : nn.functional.cross_entropy(logits, b.Labels);
                adam.zero_grad();
                loss.backward();
                adam.step();
            }
        }
        net.eval();
        return net;
    }
}
