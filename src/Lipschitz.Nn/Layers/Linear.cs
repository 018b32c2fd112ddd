using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>An unconstrained dense layer x·Wᵀ + b; it has no Lipschitz bound (+∞).</summary>
public sealed class Linear : WeightedLayer, IVerifiedBound
{
    /// <summary>Creates the layer with PyTorch's default initialisation (Kaiming-uniform weight, uniform ±1/√in bias).</summary>
    public Linear(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(Linear), Initial.KaimingUniform(Checked(inFeatures, outFeatures)), outFeatures, bias)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        if (this.bias is not null) Initial.UniformBias(this.bias, inFeatures);
    }

    private static long[] Checked(long inFeatures, long outFeatures)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(Linear));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(Linear));
        return new[] { outFeatures, inFeatures };
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>+∞: the weight is free, so no bound holds by construction.</summary>
    public override double Bound => double.PositiveInfinity;

    /// <summary>‖W‖₂ from the float64 SVD of the current weight.</summary>
    public double VerifiedBound(System.Collections.Generic.IReadOnlyList<long> inputShape) => Estimation.OperatorNorm.DenseUpper(weight);

    /// <inheritdoc />
    public double PowerIteration(System.Collections.Generic.IReadOnlyList<long> inputShape, int iterations) =>
        Estimation.OperatorNorm.DensePowerIteration(weight, iterations);

    /// <summary>x·Wᵀ + b on [..., in] inputs.</summary>
    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
}
