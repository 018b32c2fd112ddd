using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A sandwich layer (Wang &amp; Manchester, ICML 2023, "Direct Parameterization of Lipschitz-Bounded Deep Networks"):
/// x ↦ √2·Aᵀ·Ψ·σ(√2·Ψ⁻¹·B·x + b) with σ = ReLU, Ψ = diag(exp(d)) (parameter <c>psi</c> holds d, [out]) and
/// [A B] = Q, [out, out + in], the Cayley transform of α·X/‖X‖_F for a free X (<c>weight</c>, [out, out + in]) and
/// a learnable scale α (<c>alpha</c>), as in the authors' code (github.com/acfr/LBDN, SandwichFc). Q has orthonormal
/// rows (<see cref="DenseFamilyMath.RectangularCayley"/>), so AAᵀ + BBᵀ = I.
/// </summary>
/// <remarks>
/// <para>Proof of the bound ‖Q‖₂², 1 for orthonormal rows (the paper's IQC argument, for any positive diagonal Ψ): first
/// let ‖[A B]‖₂ ≤ 1. For two inputs, let Δx be their difference, Δz that of z = σ(v), v = √2Ψ⁻¹Bx + b, and u = ΨΔz.
/// ReLU is monotone with slope ≤ 1, so Δzᵢ(Δvᵢ − Δzᵢ) ≥ 0; weighting by 2Ψᵢᵢ² and summing gives 2‖u‖² ≤ 2√2·uᵀBΔx.
/// Then ‖Δy‖² = 2uᵀAAᵀu ≤ 2‖u‖² − 2‖Bᵀu‖² ≤ 2√2·uᵀBΔx − 2‖Bᵀu‖² = ‖Δx‖² − ‖√2Bᵀu − Δx‖² ≤ ‖Δx‖². For
/// ‖[A B]‖₂ = s, the layer is s·g(s·x) with g the layer of [A B]/s, so its constant is at most s².</para>
/// <para>In eval mode √2·A, √2·B, exp(d) and exp(−d) are computed in float64 and rounded to the parameter's dtype;
/// the verified bound is ½‖[√2A, E·√2B]‖₂² of those stored values (E = diag(exp(d)·exp(−d)), which absorbs the rounding
/// of Ψ and Ψ⁻¹), from the float64 SVD with its margin: 1 up to the rounding of an orthonormal Q, which the
/// certification slack covers as for AOL.</para>
/// </remarks>
public sealed class SandwichLinear : WeightedLayer, IVerifiedBound
{
    private static readonly double Sqrt2 = Math.Sqrt(2);

    private readonly DenseEvalCache _cache = new();

    [ComponentName(Name = "alpha")]
    private Parameter? _alpha;

    [ComponentName(Name = "psi")]
    private Parameter? _psi;

    /// <summary>Creates the layer as the authors do: X Kaiming-uniform (a dense layer from out + in to out), α = ‖X‖_F
    /// (so Q starts as the Cayley transform of X), d = 0 (Ψ = I), b uniform in ±1/√(out + in).</summary>
    public SandwichLinear(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(SandwichLinear), InitialWeight(inFeatures, outFeatures), outFeatures, bias)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        if (this.bias is not null) Initial.UniformBias(this.bias, inFeatures + outFeatures);
        using (no_grad())
        {
            using Tensor norm = weight.norm();
            using Tensor a = norm.reshape(1);
            alpha = new Parameter(a.clone());
            using Tensor d = zeros(outFeatures, dtype: weight.dtype, device: weight.device);
            psi = new Parameter(d.clone());
        }
    }

    private static Tensor InitialWeight(long inFeatures, long outFeatures)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(SandwichLinear));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(SandwichLinear));
        return Initial.KaimingUniform(new[] { outFeatures, outFeatures + inFeatures });
    }

    /// <summary>The scale α [1] of the normalised free matrix.</summary>
    public Parameter alpha
    {
        get => _alpha!;
        set => SetParameter(ref _alpha, value, "alpha");
    }

    /// <summary>d [out]: Ψ = diag(exp(d)).</summary>
    public Parameter psi
    {
        get => _psi!;
        set => SetParameter(ref _psi, value, "psi");
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>How many times the eval-mode cache was filled (for tests).</summary>
    internal int CacheMisses => _cache.CacheMisses;

    /// <summary>1: Q has orthonormal rows by construction (see the remarks).</summary>
    public override double Bound => 1.0;

    /// <summary>Q = [A B] = Cayley(α·X/‖X‖_F), [out, out + in], in the dtype of <paramref name="x"/>.</summary>
    internal static Tensor Q(Tensor x, Tensor alpha)
    {
        using Tensor norm = x.norm();
        using Tensor safe = norm.clamp_min(1e-30);
        using Tensor scale = alpha / safe;
        using Tensor scaled = x * scale;
        return DenseFamilyMath.RectangularCayley(scaled);
    }

    /// <summary>Q of the current parameters, in float64 and without autograd (for tests and measurements).</summary>
    public Tensor Float64Q()
    {
        using (no_grad())
        {
            using Tensor x64 = DenseFamilyMath.Float64(weight);
            using Tensor a64 = DenseFamilyMath.Float64(alpha);
            return Q(x64, a64);
        }
    }

    /// <summary>The factors (√2·A, √2·B, exp(d), exp(−d)) of the current mode: with autograd while training, the cached
    /// float64 values rounded to the parameters' dtype in eval mode.</summary>
    private Tensor[] Factors()
    {
        if (training) return Compute(weight, alpha, psi);
        return _cache.Get(new Tensor[] { weight, alpha, psi }, () => EvalFactors(weight, alpha, psi));
    }

    private Tensor[] EvalFactors(Tensor x, Tensor a, Tensor d)
    {
        using Tensor x64 = DenseFamilyMath.Float64(x);
        using Tensor a64 = DenseFamilyMath.Float64(a);
        using Tensor d64 = DenseFamilyMath.Float64(d);
        Tensor[] f = Compute(x64, a64, d64);
        var rounded = new Tensor[f.Length];
        for (int i = 0; i < f.Length; i++)
        {
            rounded[i] = f[i].to(x.dtype);
            f[i].Dispose();
        }
        return rounded;
    }

    private Tensor[] Compute(Tensor x, Tensor a, Tensor d)
    {
        using Tensor q = Q(x, a);
        long o = OutFeatures;
        using Tensor aBlock = q.narrow(1, 0, o);          // A: [out, out]
        using Tensor bBlock = q.narrow(1, o, InFeatures); // B: [out, in]
        return new[] { aBlock * Sqrt2, bBlock * Sqrt2, d.exp(), d.neg().exp() };
    }

    /// <summary>√2·Aᵀ·Ψ·σ(√2·Ψ⁻¹·B·x + b) on [..., in] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        Tensor[] f = Factors();
        try
        {
            return Apply(input, f[0], f[1], f[2], f[3], bias);
        }
        finally
        {
            foreach (Tensor t in f) t.Dispose();
        }
    }

    /// <summary>Aᵀ·diag(ψ)·σ(diag(ψ⁻¹)·B·x + b) for row inputs x [..., in], with A = <paramref name="a"/> [out, out] and
    /// B = <paramref name="b"/> [out, in] (both already scaled by √2).</summary>
    internal static Tensor Apply(Tensor x, Tensor a, Tensor b, Tensor psi, Tensor psiInverse, Tensor? bias)
    {
        using Tensor bx = nn.functional.linear(x, b);       // (B·x)ᵀ: x·Bᵀ
        using Tensor scaled = bx * psiInverse;
        using Tensor pre = bias is null ? scaled.alias() : scaled + bias;
        using Tensor act = nn.functional.relu(pre);
        using Tensor weighted = act * psi;                   // (Ψ·z)ᵀ
        return weighted.matmul(a);                           // (Aᵀ·Ψz)ᵀ = (Ψz)ᵀ·A
    }

    private double HalfSquaredNorm(Func<Tensor, double> norm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor[] f = EvalFactors(weight, alpha, psi);         // the eval-mode factors, afresh (whatever the mode)
        Tensor a = DenseFamilyMath.Float64(f[0]), b = DenseFamilyMath.Float64(f[1]);
        Tensor e = (DenseFamilyMath.Float64(f[2]) * DenseFamilyMath.Float64(f[3])).unsqueeze(1);
        Tensor block = cat(new[] { a, e * b }, 1);           // [√2A, E·√2B]
        double s = norm(block);
        return s * s / 2;
    }

    /// <summary>½‖[√2A, E·√2B]‖₂² of the eval-mode factors, from float64 SVD with its margin (the proof in the remarks).</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape) => HalfSquaredNorm(Estimation.OperatorNorm.DenseUpper);

    /// <summary>The same formula with power iteration for the norm (an estimate).</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations) =>
        HalfSquaredNorm(w => Estimation.OperatorNorm.DensePowerIteration(w, iterations));

    /// <inheritdoc />
    public string BoundMethod(IReadOnlyList<long> inputShape) =>
        "sandwich IQC proof: ‖[A B]‖₂² from float64 SVD of the eval-mode factors (1 by construction: Cayley rows orthonormal)";

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _cache?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _cache.Dispose();
        base.Dispose(disposing);
    }
}
