using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A convex potential layer (Meunier et al., ICML 2022): x ↦ x − h·Wᵀσ(Wx + b) with σ = ReLU, W [inner, features]
/// (<c>weight</c>), b [inner] (<c>bias</c>) and the step h = 2/‖W‖₂². It is one gradient step on the convex potential
/// ψ(x) = Σᵢ ρ(wᵢᵀx + bᵢ) (ρ′ = ReLU), whose gradient is ‖W‖₂²-Lipschitz, so it is 1-Lipschitz whenever h ≤ 2/‖W‖₂².
/// </summary>
/// <remarks>
/// <para>The property needs h ≤ 2/‖W‖₂², i.e. an upper bound of ‖W‖₂: power iteration, which approaches ‖W‖₂ from
/// below, overestimates the step. So the layer uses power iteration only while training (one step per training forward
/// from the buffers <c>u</c> [inner] and <c>v</c> [features], h = 2/σ̂² differentiated through σ̂ = uᵀWv), and in eval
/// mode divides by the verified float64 bound σ̄ ≥ ‖W‖₂ (SVD plus its rounding margin), with h rounded down to the
/// parameter's dtype: the eval-mode layer is 1-Lipschitz by construction.</para>
/// <para>Proof of the verified bound: f(x) − f(y) = (I − h·WᵀDW)(x − y) with D diagonal, Dᵢᵢ ∈ [0, 1] the difference
/// quotient of ReLU at the two pre-activations; WᵀDW is symmetric with eigenvalues in [0, ‖W‖₂²], so the Lipschitz
/// constant is at most max(1, h·‖W‖₂² − 1), which is 1 when h ≤ 2/‖W‖₂².</para>
/// </remarks>
public sealed class CplLinear : WeightedLayer, IVerifiedBound
{
    /// <summary>Power-iteration steps run when the layer is created.</summary>
    public const int InitialPowerSteps = 15;

    private readonly DenseEvalCache _cache = new();

    [ComponentName(Name = "u")]
    private Tensor _u;

    [ComponentName(Name = "v")]
    private Tensor _v;

    /// <summary>Creates the layer: W Xavier-normal, b uniform in ±1/√features, u and v random unit vectors advanced by
    /// <see cref="InitialPowerSteps"/> steps.</summary>
    /// <param name="inFeatures">Features in and out.</param>
    /// <param name="inner">The hidden width (rows of W); 0 means <paramref name="inFeatures"/>.</param>
    /// <param name="bias">Whether the layer has the bias b.</param>
    public CplLinear(long inFeatures, long inner = 0, bool bias = true)
        : base(nameof(CplLinear), InitialWeight(inFeatures, inner), DenseFamilyMath.InnerWidth(inFeatures, inner), bias)
    {
        InFeatures = inFeatures;
        Inner = DenseFamilyMath.InnerWidth(inFeatures, inner);
        if (this.bias is not null) Initial.UniformBias(this.bias, inFeatures);
        _u = DenseFamilyMath.RandomUnit(Inner).DetachFromDisposeScope();
        _v = DenseFamilyMath.RandomUnit(inFeatures).DetachFromDisposeScope();
        register_buffer("u", _u);
        register_buffer("v", _v);
        for (int i = 0; i < InitialPowerSteps; i++) DenseFamilyMath.PowerStep(weight, _u, _v);
    }

    private static Tensor InitialWeight(long inFeatures, long inner)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(CplLinear));
        if (inner < 0) throw new ArgumentOutOfRangeException(nameof(inner), inner, $"{nameof(CplLinear)}: {nameof(inner)} must be 0 (the input's features) or positive");
        using (no_grad())
        {
            Tensor w = empty(DenseFamilyMath.InnerWidth(inFeatures, inner), inFeatures);
            nn.init.xavier_normal_(w);
            return w;
        }
    }

    /// <summary>Features in and out.</summary>
    public long InFeatures { get; }

    /// <summary>The hidden width: rows of W.</summary>
    public long Inner { get; }

    /// <summary>The left power-iteration vector u [inner] (the buffer itself).</summary>
    internal Tensor U => _u;

    /// <summary>How many times the eval-mode cache was filled (for tests).</summary>
    internal int CacheMisses => _cache.CacheMisses;

    /// <summary>1: in eval mode h ≤ 2/‖W‖₂² by construction (see the remarks).</summary>
    public override double Bound => 1.0;

    /// <summary>The step h of the current mode as a 0-d tensor: 2/σ̂² with autograd while training (σ̂ from the current
    /// power-iteration vectors, not advanced here), the cached 2/σ̄² rounded down otherwise.</summary>
    public Tensor Step()
    {
        if (training)
        {
            using Tensor sigma = DenseFamilyMath.PowerEstimate(weight, _u, _v);
            using Tensor square = sigma.square();
            using Tensor safe = square.clamp_min(1e-12);
            return 2.0 / safe;
        }
        return _cache.Get(new Tensor[] { weight }, () => new[] { EvalStep(weight) })[0];
    }

    /// <summary>The eval-mode step 2/σ̄² with σ̄ the verified float64 bound of ‖W‖₂, rounded down to W's dtype (a 0-d tensor).</summary>
    public Tensor EvalModeStep()
    {
        using (no_grad()) return EvalStep(weight);
    }

    private static Tensor EvalStep(Tensor w)
    {
        double sigma = Estimation.OperatorNorm.DenseUpper(w);
        // No direction to step along: W = 0 makes the layer the identity whatever h is.
        double h = sigma == 0 ? 0 : 2 / (sigma * sigma);
        return StepTensor(h, w.dtype, w.device);
    }

    /// <summary><paramref name="h"/> as a 0-d tensor of <paramref name="type"/>, rounded down (shrunk by 2u before the rounding).</summary>
    internal static Tensor StepTensor(double h, ScalarType type, Device device)
    {
        double down = h * (1 - 2 * DenseFamilyMath.UnitRoundoff(type));
        return torch.tensor(down, dtype: type, device: device);
    }

    /// <summary>x − h·Wᵀσ(Wx + b) on [..., features] inputs, with the step of the current mode.</summary>
    public override Tensor forward(Tensor input)
    {
        if (training) DenseFamilyMath.PowerStep(weight, _u, _v);
        using Tensor h = Step();
        return Apply(input, weight, bias, h);
    }

    /// <summary>x − h·Wᵀσ(Wx + b) for a given step (also used by tests to show what a too-large step does).</summary>
    internal static Tensor Apply(Tensor x, Tensor w, Tensor? b, Tensor h)
    {
        using Tensor pre = nn.functional.linear(x, w, b);
        using Tensor act = nn.functional.relu(pre);
        using Tensor back = act.matmul(w);                 // σ(Wx + b)ᵀ W: Wᵀσ(·) per row
        using Tensor scaled = back * h;
        return x - scaled;
    }

    /// <summary>
    /// max(1, h·‖W‖₂² − 1) with the eval-mode h and ‖W‖₂ from the float64 SVD with its margin (the proof in the remarks):
    /// 1 up to that margin, since h is at most 2/σ̄².
    /// </summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape)
    {
        using Tensor h = EvalModeStep();
        double sigma = Estimation.OperatorNorm.DenseUpper(weight);
        return Math.Max(1, h.ToDouble() * sigma * sigma - 1);
    }

    /// <summary>max(1, h·σ̂² − 1) with σ̂ from power iteration on W: the same formula with an estimate of ‖W‖₂.</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        using Tensor h = EvalModeStep();
        double sigma = Estimation.OperatorNorm.DensePowerIteration(weight, iterations);
        return Math.Max(1, h.ToDouble() * sigma * sigma - 1);
    }

    /// <inheritdoc />
    public string BoundMethod(IReadOnlyList<long> inputShape) =>
        "convex-potential proof: max(1, h·‖W‖₂² − 1), eval step h = 2/σ̄² with σ̄ ≥ ‖W‖₂ from float64 SVD (1 by construction)";

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _cache?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _cache.Dispose();
        base.Dispose(disposing);
    }
}
