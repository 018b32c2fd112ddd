using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// An SDP-based Lipschitz layer, SLL (Araujo et al., ICLR 2023, "A Unified Algebraic Perspective on Lipschitz Neural
/// Networks"): the residual map x ↦ x − 2·W·T⁻¹·σ(Wᵀx + b) with σ = ReLU, W [features, inner], b [inner] and
/// T = diag(t), t_i = Σ_j |WᵀW|_ij · q_j/q_i for learnable q &gt; 0 (stored as log q, parameter <c>q</c>). The stored
/// <c>weight</c> is Wᵀ, [inner, features] (the layout of a dense layer, as in the authors' code), so Wᵀx is
/// <c>linear(x, weight)</c>.
/// </summary>
/// <remarks>
/// <para>Proof (as the paper's, in one line): f(x) − f(y) = (I − 2W·T⁻¹D·Wᵀ)(x − y) with D diagonal, Dᵢᵢ ∈ [0, 1] the
/// difference quotient of ReLU. W·T^(-1/2)·D·T^(-1/2)·Wᵀ is symmetric, between 0 and W·T⁻¹·Wᵀ, whose largest eigenvalue
/// is ρ = ‖W·T^(-1/2)‖₂²; so the Lipschitz constant is at most max(1, 2ρ − 1). T ⪰ WᵀW makes ρ ≤ 1, and the t above
/// gives it: Q(T − WᵀW)Q with Q = diag(q) is symmetric and diagonally dominant (Gershgorin), hence positive semidefinite.</para>
/// <para>In eval mode t is computed in float64 from the stored parameters and 1/t rounded to the parameter's dtype after
/// a shrink by 4u (a larger T only lowers ρ); the verified bound max(1, 2ρ − 1) is computed from those stored values.
/// A column of W that is zero gives t_i = 0: 1/(t_i + 1e-12) keeps it finite, and a larger t_i is still sound.</para>
/// </remarks>
public sealed class SllLinear : WeightedLayer, IVerifiedBound
{
    /// <summary>Added to t before inverting it (a larger T keeps T ⪰ WᵀW).</summary>
    internal const double Epsilon = 1e-12;

    private readonly DenseEvalCache _cache = new();

    [ComponentName(Name = "q")]
    private Parameter? _q;

    /// <summary>Creates the layer: weight Xavier-normal, b uniform in ±1/√features, log q standard normal (as the authors' code).</summary>
    /// <param name="inFeatures">Features in and out.</param>
    /// <param name="inner">The hidden width (columns of W); 0 means <paramref name="inFeatures"/>.</param>
    /// <param name="bias">Whether the layer has the bias b.</param>
    public SllLinear(long inFeatures, long inner = 0, bool bias = true)
        : base(nameof(SllLinear), InitialWeight(inFeatures, inner), DenseFamilyMath.InnerWidth(inFeatures, inner), bias)
    {
        InFeatures = inFeatures;
        Inner = DenseFamilyMath.InnerWidth(inFeatures, inner);
        if (this.bias is not null) Initial.UniformBias(this.bias, inFeatures);
        using (no_grad())
        {
            using Tensor logQ = randn(Inner, dtype: weight.dtype, device: weight.device);
            q = new Parameter(logQ.clone());
        }
    }

    private static Tensor InitialWeight(long inFeatures, long inner)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(SllLinear));
        if (inner < 0) throw new ArgumentOutOfRangeException(nameof(inner), inner, $"{nameof(SllLinear)}: {nameof(inner)} must be 0 (the input's features) or positive");
        using (no_grad())
        {
            Tensor w = empty(DenseFamilyMath.InnerWidth(inFeatures, inner), inFeatures);
            nn.init.xavier_normal_(w);
            return w;
        }
    }

    /// <summary>log q [inner]: q = exp(log q) &gt; 0 weighs the Gershgorin sums.</summary>
    public Parameter q
    {
        get => _q!;
        set => SetParameter(ref _q, value, "q");
    }

    /// <summary>Features in and out.</summary>
    public long InFeatures { get; }

    /// <summary>The hidden width: columns of W (rows of the stored weight).</summary>
    public long Inner { get; }

    /// <summary>How many times the eval-mode cache was filled (for tests).</summary>
    internal int CacheMisses => _cache.CacheMisses;

    /// <summary>1: T ⪰ WᵀW by construction (see the remarks).</summary>
    public override double Bound => 1.0;

    /// <summary>1/t [inner] of the current mode: with autograd while training, the cached float64 value (shrunk, rounded)
    /// in eval mode.</summary>
    public Tensor InverseT()
    {
        if (training)
        {
            using Tensor t = DenseFamilyMath.SllT(weight, q);
            using Tensor shifted = t + Epsilon;
            return shifted.reciprocal();
        }
        return _cache.Get(new Tensor[] { weight, q }, () => new[] { EvalInverseT(weight, q) })[0];
    }

    /// <summary>The eval-mode 1/t computed afresh (no cache), whatever the mode.</summary>
    public Tensor EvalModeInverseT()
    {
        using (no_grad()) return EvalInverseT(weight, q);
    }

    private static Tensor EvalInverseT(Tensor w, Tensor logQ)
    {
        using Tensor w64 = DenseFamilyMath.Float64(w);
        using Tensor q64 = DenseFamilyMath.Float64(logQ);
        using Tensor t = DenseFamilyMath.SllT(w64, q64);
        using Tensor shifted = t + Epsilon;
        using Tensor inverse = shifted.reciprocal();
        using Tensor shrunk = inverse * (1 - 4 * DenseFamilyMath.UnitRoundoff(w.dtype));
        return shrunk.to(w.dtype);
    }

    /// <summary>x − 2·W·T⁻¹·σ(Wᵀx + b) on [..., features] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        using Tensor inverseT = InverseT();
        return Apply(input, weight, bias, inverseT);
    }

    /// <summary>x − 2·W·diag(<paramref name="inverseT"/>)·σ(Wᵀx + b) with the stored <paramref name="weight"/> = Wᵀ.</summary>
    internal static Tensor Apply(Tensor x, Tensor weight, Tensor? b, Tensor inverseT)
    {
        using Tensor pre = nn.functional.linear(x, weight, b);    // Wᵀx + b: [..., inner]
        using Tensor act = nn.functional.relu(pre);
        using Tensor scaled = act * inverseT;                     // T⁻¹σ(·)
        using Tensor back = scaled.matmul(weight);                // W·(·): [..., features]
        using Tensor twice = back * 2.0;
        return x - twice;
    }

    /// <summary>ρ = ‖W·T^(-1/2)‖₂² from the stored eval-mode values, with the float64 SVD's margin.</summary>
    private double Rho(Func<Tensor, double> norm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor inverseT = EvalModeInverseT();
        Tensor w64 = DenseFamilyMath.Float64(weight);                      // Wᵀ: [inner, features]
        Tensor scales = DenseFamilyMath.Float64(inverseT).sqrt().unsqueeze(1);
        Tensor scaledT = w64 * scales;                                     // (W·T^(-1/2))ᵀ
        double sigma = norm(scaledT);
        return sigma * sigma;
    }

    /// <summary>max(1, 2ρ − 1) with ρ = ‖W·T^(-1/2)‖₂² from the float64 SVD of the eval-mode values (the proof in the
    /// remarks): 1 up to the SVD's margin, since T ⪰ WᵀW.</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape) => Math.Max(1, 2 * Rho(Estimation.OperatorNorm.DenseUpper) - 1);

    /// <summary>max(1, 2ρ̂ − 1) with ρ̂ from power iteration: the same formula with an estimate.</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations) =>
        Math.Max(1, 2 * Rho(w => Estimation.OperatorNorm.DensePowerIteration(w, iterations)) - 1);

    /// <inheritdoc />
    public string BoundMethod(IReadOnlyList<long> inputShape) =>
        "SLL proof: max(1, 2‖W·T^(-1/2)‖₂² − 1) from float64 SVD of the eval-mode W and T (1 by construction: T ⪰ WᵀW)";

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _cache?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _cache.Dispose();
        base.Dispose(disposing);
    }
}
