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
    /// <summary>A float64 copy of <paramref name="t"/> without autograd (the same tensor's values, exactly).</summary>
    internal static Tensor Float64(Tensor t)
    {
        using Tensor d = t.detach();
        return d.to(ScalarType.Float64);
    }

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
}
