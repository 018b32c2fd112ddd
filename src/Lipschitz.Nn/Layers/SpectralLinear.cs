using System;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A dense layer with spectral normalisation (Miyato et al., ICLR 2018): W = P / σ(P) for a free P (<c>weight</c>,
/// [out, in]).
/// </summary>
/// <remarks>
/// While training, σ(P) is estimated by power iteration as PyTorch's <c>spectral_norm</c> does: one step per training
/// forward from the unit vectors <c>u</c> ([out]) and <c>v</c> ([in]), kept as buffers (saved in the state dict), and
/// σ̂ = uᵀPv differentiated with u and v held constant. Power iteration approaches σ from below, so a training-mode W
/// can have norm above 1. In eval mode the layer divides instead by the verified float64 bound σ̄ ≥ σ(P) (SVD plus its
/// rounding margin) times (1 + 2u·√r), the headroom for rounding the entries of W to the parameter's dtype
/// (<see cref="DenseFamilyMath.RoundingHeadroom"/>): the stored eval-mode weight has ‖W‖₂ ≤ 1 by construction, no
/// estimate involved. Certificates use eval mode.
/// </remarks>
public sealed class SpectralLinear : ConstrainedLinear
{
    /// <summary>Power-iteration steps run when the layer is created (as PyTorch's spectral_norm does, 15).</summary>
    public const int InitialPowerSteps = 15;

    [ComponentName(Name = "u")]
    private Tensor _u;

    [ComponentName(Name = "v")]
    private Tensor _v;

    /// <summary>Creates the layer: P Kaiming-uniform as an unconstrained dense layer, bias zero, u and v random unit
    /// vectors advanced by <see cref="InitialPowerSteps"/> steps.</summary>
    public SpectralLinear(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(SpectralLinear), InitialP(inFeatures, outFeatures), inFeatures, outFeatures, bias)
    {
        _u = DenseFamilyMath.RandomUnit(outFeatures).DetachFromDisposeScope();
        _v = DenseFamilyMath.RandomUnit(inFeatures).DetachFromDisposeScope();
        register_buffer("u", _u);
        register_buffer("v", _v);
        for (int i = 0; i < InitialPowerSteps; i++) DenseFamilyMath.PowerStep(weight, _u, _v);
    }

    private static Tensor InitialP(long inFeatures, long outFeatures)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(SpectralLinear));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(SpectralLinear));
        return Initial.KaimingUniform(new[] { outFeatures, inFeatures });
    }

    /// <summary>The left power-iteration vector u [out] (the buffer itself).</summary>
    internal Tensor U => _u;

    /// <summary>The right power-iteration vector v [in] (the buffer itself).</summary>
    internal Tensor V => _v;

    /// <summary>One power-iteration step per training forward.</summary>
    private protected override void BeforeTrainingForward() => DenseFamilyMath.PowerStep(weight, _u, _v);

    /// <summary>P / σ̂ with σ̂ = uᵀPv from the current vectors (an estimate: may be below σ(P)).</summary>
    private protected override Tensor TrainingWeight(Tensor p)
    {
        using Tensor sigma = DenseFamilyMath.PowerEstimate(p, _u, _v);
        using Tensor safe = sigma.clamp_min(1e-12);
        return p / safe;
    }

    /// <summary>P / (σ̄·(1 + 2u√r)) in float64 with σ̄ the verified bound of σ(P), rounded to P's dtype: ‖W‖₂ ≤ 1.</summary>
    private protected override Tensor EvalWeight(Tensor p)
    {
        double sigma = Estimation.OperatorNorm.DenseUpper(p);
        using Tensor p64 = DenseFamilyMath.Float64(p);
        if (sigma == 0) return p64.to(p.dtype, copy: true);
        double divisor = sigma * DenseFamilyMath.RoundingHeadroom(p.dtype, Math.Min(InFeatures, OutFeatures));
        using Tensor w64 = p64 / divisor;
        return w64.to(p.dtype);
    }

    /// <inheritdoc />
    public override string BoundMethod(System.Collections.Generic.IReadOnlyList<long> inputShape) =>
        "float64 SVD of the eval-mode weight (P divided by its verified float64 norm)";
}
