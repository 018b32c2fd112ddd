using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A dense layer with an orthogonal weight from the Cayley transform (Trockman &amp; Kolter, ICLR 2021):
/// W = the leading [out, in] block of (I − A)(I + A)⁻¹ with A = P − Pᵀ skew-symmetric for a free square P (<c>weight</c>,
/// n×n with n = max(in, out)). I + A is invertible (its eigenvalues are 1 + iλ) and the result is orthogonal, so W has
/// orthonormal rows or columns: every singular value is 1.
/// </summary>
/// <remarks>
/// In eval mode W is computed in float64 (a linear solve) and rounded to the parameter's dtype once, covered by the
/// certification slack as for AOL; while training, in the parameter's dtype with autograd. The Cayley transform reaches
/// the orthogonal matrices without eigenvalue −1 (a dense subset).
/// </remarks>
public sealed class CayleyLinear : ConstrainedLinear
{
    /// <summary>Creates the layer: P with entries N(0, 1/n), bias zero.</summary>
    public CayleyLinear(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(CayleyLinear), OrthogonalLinear.InitialP(inFeatures, outFeatures, nameof(CayleyLinear)), inFeatures, outFeatures, bias)
    {
    }

    /// <inheritdoc />
    private protected override Tensor TrainingWeight(Tensor p) => DenseFamilyMath.CayleyWeight(p, OutFeatures, InFeatures);

    /// <inheritdoc />
    private protected override Tensor EvalWeight(Tensor p)
    {
        using Tensor p64 = DenseFamilyMath.Float64(p);
        using Tensor w64 = DenseFamilyMath.CayleyWeight(p64, OutFeatures, InFeatures);
        return w64.to(p.dtype);
    }

    /// <inheritdoc />
    public override string BoundMethod(System.Collections.Generic.IReadOnlyList<long> inputShape) =>
        "float64 SVD of the eval-mode weight (Cayley transform of a skew matrix: all singular values 1)";
}
