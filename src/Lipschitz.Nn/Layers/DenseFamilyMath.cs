using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The matrix functions of the dense layer families (orthogonal, Cayley, SLL, CPL, Sandwich, spectral normalisation) as
/// pure functions of their free parameters, shared by training (autograd, the parameters' dtype) and eval mode (float64,
/// then rounded to the parameters' dtype).
/// </summary>
internal static class DenseFamilyMath
{
    /// <summary>The unit roundoff u of a floating-point dtype (half the distance from 1 to the next number).</summary>
    internal static double UnitRoundoff(ScalarType type) => type switch
    {
        ScalarType.Float64 => Math.Pow(2, -53),
        ScalarType.Float32 => Math.Pow(2, -24),
        ScalarType.Float16 => Math.Pow(2, -11),
        ScalarType.BFloat16 => Math.Pow(2, -8),
        _ => throw new ArgumentException($"{type} is not a floating-point type", nameof(type)),
    };

    /// <summary>A float64 copy of <paramref name="t"/> without autograd (the same tensor's values, exactly).</summary>
    internal static Tensor Float64(Tensor t)
    {
        using Tensor d = t.detach();
        return d.to(ScalarType.Float64);
    }

    /// <summary>The hidden width of a residual layer (SLL, CPL): <paramref name="inner"/>, or the features when it is 0.</summary>
    internal static long InnerWidth(long features, long inner) => inner == 0 ? features : inner;

    /// <summary>The skew-symmetric part P − Pᵀ of a square matrix (a free parameter: every skew matrix is reached).</summary>
    internal static Tensor Skew(Tensor p)
    {
        using Tensor pt = p.t();
        return p - pt;
    }

    /// <summary>The leading <paramref name="rows"/>×<paramref name="columns"/> block of a square matrix, as a new tensor.
    /// Of an orthogonal n×n matrix with n = max(rows, columns) these are whole rows (columns ≤ rows: orthonormal columns)
    /// or whole columns (rows ≤ columns: orthonormal rows): all singular values are 1.</summary>
    internal static Tensor Leading(Tensor square, long rows, long columns)
    {
        using Tensor r = square.narrow(0, 0, rows);
        using Tensor block = r.narrow(1, 0, columns);
        return block.contiguous();
    }

    /// <summary>exp(P − Pᵀ) (orthogonal: the exponential of a skew-symmetric matrix), truncated to [out, in].</summary>
    internal static Tensor ExponentialWeight(Tensor p, long outFeatures, long inFeatures)
    {
        using Tensor a = Skew(p);
        using Tensor q = linalg.matrix_exp(a);
        return Leading(q, outFeatures, inFeatures);
    }

    /// <summary>The Cayley transform (I − A)(I + A)⁻¹ of A = P − Pᵀ (orthogonal: I + A is invertible since A is skew),
    /// truncated to [out, in]. (I − A) and (I + A)⁻¹ commute, so it is solved as (I + A) W = I − A.</summary>
    internal static Tensor CayleyWeight(Tensor p, long outFeatures, long inFeatures)
    {
        using Tensor a = Skew(p);
        using Tensor eye = torch.eye(p.size(0), dtype: p.dtype, device: p.device);
        using Tensor plus = eye + a;
        using Tensor minus = eye - a;
        using Tensor q = linalg.solve(plus, minus);
        return Leading(q, outFeatures, inFeatures);
    }

    /// <summary>
    /// The Cayley transform of a rectangular matrix X [r, c] (Trockman &amp; Kolter 2021, as used by Wang &amp; Manchester):
    /// for r ≥ c, with U = X[:c], V = X[c:] and A = U − Uᵀ + VᵀV, it is [(I + A)⁻¹(I − A); −2V(I + A)⁻¹], an [r, c]
    /// matrix with orthonormal columns (I + A has symmetric part I + VᵀV ≻ 0, so it is invertible); for r &lt; c, the
    /// transform of Xᵀ transposed (orthonormal rows).
    /// </summary>
    /// <remarks>
    /// Orthonormality: with Z = (I + A)⁻¹ and (I − A)Z = Z(I − A) (polynomials in A commute), QᵀQ = Zᵀ[(I − A)ᵀ(I − A) +
    /// 4VᵀV]Z and 4VᵀV = 2(A + Aᵀ), so the bracket is (I + A)ᵀ(I + A) and QᵀQ = I.
    /// </remarks>
    internal static Tensor RectangularCayley(Tensor x)
    {
        long r = x.size(0), c = x.size(1);
        if (r < c)
        {
            using Tensor xt = x.t();
            using Tensor qt = RectangularCayley(xt);
            return qt.t().contiguous();
        }
        using Tensor u = x.narrow(0, 0, c);
        using Tensor v = x.narrow(0, c, r - c);
        using Tensor ut = u.t();
        using Tensor vt = v.t();
        using Tensor vtv = vt.matmul(v);
        using Tensor skew = u - ut;
        using Tensor a = skew + vtv;
        using Tensor eye = torch.eye(c, dtype: x.dtype, device: x.device);
        using Tensor plus = eye + a;
        using Tensor minus = eye - a;
        using Tensor top = linalg.solve(plus, minus);                 // (I + A)⁻¹(I − A)
        using Tensor plusT = plus.t();
        using Tensor zvT = linalg.solve(plusT, vt);                    // (V(I + A)⁻¹)ᵀ = (I + A)⁻ᵀVᵀ
        using Tensor vz = zvT.t();
        using Tensor bottom = vz * -2.0;
        return cat(new[] { top, bottom }, 0);
    }

    /// <summary>
    /// One step of power iteration on WᵀW from the unit vectors <paramref name="u"/> ([rows]) and <paramref name="v"/>
    /// ([columns]), in place and without autograd: v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖ (as spectral normalisation does).
    /// </summary>
    internal static void PowerStep(Tensor w, Tensor u, Tensor v)
    {
        using (no_grad())
        {
            using Tensor wd = w.detach();
            using Tensor wt = wd.t();
            using Tensor wtu = wt.matmul(u);
            using Tensor nv = nn.functional.normalize(wtu, p: 2, dim: 0, eps: 1e-12);
            v.copy_(nv);
            using Tensor wv = wd.matmul(v);
            using Tensor nu = nn.functional.normalize(wv, p: 2, dim: 0, eps: 1e-12);
            u.copy_(nu);
        }
    }

    /// <summary>The power-iteration estimate σ̂ = uᵀWv of ‖W‖₂ (a 0-d tensor) with autograd through W, u and v held
    /// constant. For unit u and v, σ̂ ≤ ‖W‖₂: an underestimate until the iteration has converged.</summary>
    /// <remarks>The graph keeps copies of u and v: the next training forward advances the buffers in place, and a loss
    /// built from two forwards (a pair of inputs) must still be differentiable.</remarks>
    internal static Tensor PowerEstimate(Tensor w, Tensor u, Tensor v)
    {
        using Tensor uc = u.clone();
        using Tensor vc = v.clone();
        using Tensor wv = w.matmul(vc);
        return uc.dot(wv);
    }

    /// <summary>
    /// The factor (1 + 2u·√r) by which dividing a matrix of rank ≤ r and norm ≤ 1 keeps its norm ≤ 1 after its entries
    /// are rounded (in float64, then to <paramref name="type"/>): each entry moves by a relative 2u at most, so the error
    /// E has ‖E‖₂ ≤ ‖E‖_F ≤ 2u·‖W‖_F ≤ 2u·√r·‖W‖₂ (normal numbers; subnormal entries add at most 2⁻¹⁵⁰ each in float32).
    /// </summary>
    internal static double RoundingHeadroom(ScalarType type, long rank) => 1 + 2 * UnitRoundoff(type) * Math.Sqrt(rank);

    /// <summary>A random unit vector of <paramref name="size"/> (from the global generator).</summary>
    internal static Tensor RandomUnit(long size)
    {
        using (no_grad())
        {
            using Tensor r = randn(size);
            return nn.functional.normalize(r, p: 2, dim: 0, eps: 1e-12);
        }
    }

    /// <summary>
    /// SLL's t (Araujo et al. 2023) for the stored weight [inner, features] (Wᵀ in the paper's notation, so WᵀW of the
    /// paper is weight·weightᵀ, [inner, inner]) and log-scales <paramref name="logQ"/> (q = exp(logQ) &gt; 0):
    /// t_i = Σ_j |WᵀW|_ij · q_j / q_i, with q_j/q_i = exp(logQ_j − logQ_i).
    /// </summary>
    internal static Tensor SllT(Tensor weight, Tensor logQ)
    {
        using Tensor wt = weight.t();
        using Tensor gram = weight.matmul(wt);              // [inner, inner]
        using Tensor abs = gram.abs();
        using Tensor qi = logQ.unsqueeze(1);                // [inner, 1]
        using Tensor qj = logQ.unsqueeze(0);                // [1, inner]
        using Tensor diff = qj - qi;                        // logQ_j − logQ_i
        using Tensor ratio = diff.exp();
        using Tensor weighted = abs * ratio;
        return weighted.sum(1);
    }
}
