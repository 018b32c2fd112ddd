using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A dense layer with an AOL-rescaled weight, 1-Lipschitz for any free parameter P: W = P·diag(Σ_j |PᵀP|_ij)^(-1/2)
/// (side in) or W = diag(Σ_j |PPᵀ|_ij)^(-1/2)·P (side out, the same theorem applied to Pᵀ; ‖W‖₂ = ‖Wᵀ‖₂).
/// </summary>
/// <remarks>
/// The side decides the cost: side in builds the in × in Gram matrix, side out the out × out one (for a 6272 → 256
/// layer, 600 times fewer entries). With side out, <see cref="WeightedLayer.weight"/> holds Pᵀ, [in, out], so a state
/// dict of one side has the transposed shape of the other's and is refused, never silently reinterpreted (for in ≠ out;
/// the description hash covers the square case).
/// </remarks>
public sealed class AolLinear : AolLayer
{
    /// <summary>Creates the layer; P starts orthogonal (then W = P, an isometry or a projection), the bias at zero.
    /// <paramref name="side"/>: the paper's side by default (weights shaped as PyTorch's [out, in]); <see cref="AolSide.Auto"/>
    /// (the language's default) picks the smaller Gram matrix.</summary>
    public AolLinear(long inFeatures, long outFeatures, bool bias = true, AolSide side = AolSide.In)
        : this(ResolveSide(side, inFeatures, outFeatures), inFeatures, outFeatures, bias)
    {
    }

    private AolLinear(AolSide resolved, long inFeatures, long outFeatures, bool bias)
        : base(nameof(AolLinear), resolved == AolSide.In ? AolMath.LinearWeight : AolMath.LinearWeightOutSide, InitialWeight(inFeatures, outFeatures, resolved), outFeatures, bias)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Side = resolved;
    }

    private static AolSide ResolveSide(AolSide side, long inFeatures, long outFeatures)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(AolLinear));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(AolLinear));
        return AolSides.Resolve(side, inFeatures, outFeatures);
    }

    private static Tensor InitialWeight(long inFeatures, long outFeatures, AolSide side)
    {
        using (no_grad())
        {
            Tensor w = side == AolSide.In ? empty(outFeatures, inFeatures) : empty(inFeatures, outFeatures);
            nn.init.orthogonal_(w);
            return w;
        }
    }

    /// <summary>The side the rescaling normalises (never <see cref="AolSide.Auto"/>: resolved at construction).</summary>
    public AolSide Side { get; }

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
