using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A dense layer with an orthogonal weight: W = the leading [out, in] block of exp(P − Pᵀ) for a free square P
/// (<c>weight</c>, n×n with n = max(in, out)). The exponential of a skew-symmetric matrix is orthogonal, so W has
/// orthonormal rows (out ≤ in) or orthonormal columns (out ≥ in): every singular value is 1 and the bound 1 is tight.
/// </summary>
/// <remarks>
/// In eval mode W is computed in float64 (<c>torch.linalg.matrix_exp</c>, orthogonal to about 1e-15) and rounded to the
/// parameter's dtype once; that rounding (a few float32 roundoffs) is what the certification slack (1 + 64u) per layer
/// covers, as for AOL. While training, W is computed in the parameter's dtype with autograd.
/// </remarks>
public sealed class OrthogonalLinear : ConstrainedLinear
{
    /// <summary>Creates the layer: P with entries N(0, 1/n) (so W is a generic rotation, not the identity), bias zero.</summary>
    public OrthogonalLinear(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(OrthogonalLinear), InitialP(inFeatures, outFeatures, nameof(OrthogonalLinear)), inFeatures, outFeatures, bias)
    {
    }

    /// <summary>A square n×n parameter, n = max(in, out), with entries N(0, 1/n).</summary>
    internal static Tensor InitialP(long inFeatures, long outFeatures, string layer)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), layer);
        LayerArgs.Positive(outFeatures, nameof(outFeatures), layer);
        long n = Math.Max(inFeatures, outFeatures);
        using (no_grad())
        {
            Tensor p = empty(n, n);
            nn.init.normal_(p, 0, 1 / Math.Sqrt(n));
            return p;
        }
    }

    /// <inheritdoc />
    private protected override Tensor TrainingWeight(Tensor p) => DenseFamilyMath.ExponentialWeight(p, OutFeatures, InFeatures);

    /// <inheritdoc />
    private protected override Tensor EvalWeight(Tensor p)
    {
        using Tensor p64 = DenseFamilyMath.Float64(p);
        using Tensor w64 = DenseFamilyMath.ExponentialWeight(p64, OutFeatures, InFeatures);
        return w64.to(p.dtype);
    }

    /// <inheritdoc />
    public override string BoundMethod(System.Collections.Generic.IReadOnlyList<long> inputShape) =>
        "float64 SVD of the eval-mode weight (exp of a skew matrix: all singular values 1)";
}
