using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>A dense layer with an AOL-rescaled weight W = P·diag(Σ_j |PᵀP|_ij)^(-1/2): 1-Lipschitz for any P.</summary>
public sealed class AolLinear : AolLayer
{
    /// <summary>Creates the layer; P starts orthogonal (then W = P, an isometry or a projection), the bias at zero.</summary>
    public AolLinear(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(AolLinear), AolMath.LinearWeight, InitialWeight(inFeatures, outFeatures), outFeatures, bias)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    private static Tensor InitialWeight(long inFeatures, long outFeatures)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(AolLinear));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(AolLinear));
        using (no_grad())
        {
            Tensor w = empty(outFeatures, inFeatures);
            nn.init.orthogonal_(w);
            return w;
        }
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>‖W‖₂ of the constrained weight, from its float64 SVD (≤ 1 up to the float32 rounding of W).</summary>
    public override double VerifiedBound(System.Collections.Generic.IReadOnlyList<long> inputShape)
    {
        using Tensor w = FreshWeight();
        return Estimation.OperatorNorm.DenseUpper(w);
    }

    /// <inheritdoc />
    public override double PowerIteration(System.Collections.Generic.IReadOnlyList<long> inputShape, int iterations)
    {
        using Tensor w = FreshWeight();
        return Estimation.OperatorNorm.DensePowerIteration(w, iterations);
    }

    /// <summary>x·Wᵀ + b on [..., in] inputs.</summary>
    private protected override Tensor Apply(Tensor input, Tensor w) => nn.functional.linear(input, w, bias);
}
