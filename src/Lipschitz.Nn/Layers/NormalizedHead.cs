using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A classification head whose per-class-pair Lipschitz constants certificates read: for logits f = g·W + b from a
/// body g, the difference f_i − f_j is ‖w_i − w_j‖·L_g-Lipschitz.
/// </summary>
public interface IClassPairHead
{
    /// <summary>
    /// D [classes, classes], float64, on the CPU: D_ij ≥ ‖w_i − w_j‖₂ for the rows of the weight the layer's eval-mode
    /// forward uses (an upper bound, not an estimate; D_ii = 0). The caller disposes it.
    /// </summary>
    Tensor PairDistances();
}

/// <summary>
/// The last-layer normalisation of Singla, Singla &amp; Feizi (ICLR 2022): a dense head W = diag(1/‖p_i‖)·P whose rows
/// are unit vectors, for a free P (<c>weight</c>, [classes, in]). Its L2 bound is √classes (‖W‖₂ ≤ ‖W‖_F); what it is for
/// is the certificate per class pair: with a body g of bound L before it, the prediction y at x cannot change within
/// min_{j≠y} (f_y(x) − f_j(x)) / (‖w_y − w_j‖·L), and ‖w_y − w_j‖ ≤ 2 whatever the training did.
/// </summary>
/// <remarks>
/// While training, W is P divided by its row norms with autograd (a row of norm below 1e-12 is divided by 1e-12).
/// In eval mode W is computed in float64 and rounded to P's dtype once, and the pair distances are computed from that
/// rounded W, the weight the forward uses, so they are the exact distances up to float64 rounding (covered by a margin).
/// </remarks>
public sealed class NormalizedHead : ConstrainedLinear, IClassPairHead
{
    /// <summary>Row norms below this are divided by it instead (a zero row stays zero).</summary>
    public const double MinRowNorm = 1e-12;

    private readonly DenseEvalCache _pairs = new();

    /// <summary>Creates the head: P Kaiming-uniform as an unconstrained dense layer, bias zero.</summary>
    public NormalizedHead(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(NormalizedHead), InitialP(inFeatures, outFeatures), inFeatures, outFeatures, bias)
    {
    }

    private static Tensor InitialP(long inFeatures, long outFeatures)
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(NormalizedHead));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(NormalizedHead));
        return Initial.KaimingUniform(new[] { outFeatures, inFeatures });
    }

    /// <summary>√out: every row has norm ≤ 1, so ‖W‖₂ ≤ ‖W‖_F ≤ √out (attained when all rows are equal).</summary>
    public override double Bound => Math.Sqrt(OutFeatures);

    /// <summary>P with each row divided by its norm, with autograd, in P's dtype.</summary>
    private protected override Tensor TrainingWeight(Tensor p) => RowNormalized(p);

    /// <summary>P with each row divided by its norm, computed in float64 and rounded to P's dtype.</summary>
    private protected override Tensor EvalWeight(Tensor p)
    {
        using Tensor p64 = DenseFamilyMath.Float64(p);
        using Tensor w64 = RowNormalized(p64);
        return w64.to(p.dtype);
    }

    private static Tensor RowNormalized(Tensor p)
    {
        using Tensor norms = linalg.vector_norm(p, ord: 2, dims: new long[] { 1 }, keepdim: true);
        using Tensor safe = norms.clamp_min(MinRowNorm);
        return p / safe;
    }

    /// <inheritdoc />
    public Tensor PairDistances()
    {
        Tensor[] cached = _pairs.Get(new Tensor[] { weight }, () =>
        {
            using Tensor w = EvalModeWeight();
            return new[] { Distances(w) };
        });
        return cached[0];
    }

    /// <summary>
    /// ‖w_i − w_j‖ for every pair of rows of <paramref name="w"/>, from the differences themselves in float64 (not from
    /// the Gram matrix, whose cancellation would lose the small distances), a block of rows at a time, enlarged by
    /// (1 + (in + 4)·2⁻⁵²) for the float64 rounding of the subtraction, the sum of squares and the root.
    /// </summary>
    internal static Tensor Distances(Tensor w)
    {
        using var scope = NewDisposeScope();
        Tensor w64 = w.detach().to(ScalarType.Float64).cpu();
        long classes = w64.size(0), features = w64.size(1);
        long block = Math.Max(1, Math.Min(classes, (1L << 24) / Math.Max(1, classes * features)));
        var parts = new List<Tensor>();
        for (long start = 0; start < classes; start += block)
        {
            long count = Math.Min(block, classes - start);
            Tensor rows = w64.narrow(0, start, count).unsqueeze(1);       // [b, 1, in]
            Tensor differences = rows - w64.unsqueeze(0);                  // [b, classes, in]
            parts.Add(linalg.vector_norm(differences, ord: 2, dims: new long[] { 2 }));
        }
        double margin = 1 + (features + 4) * Math.ScaleB(1, -52);
        Tensor distances = cat(parts, 0) * margin;
        distances.diagonal().zero_();                                     // a view: D_ii = 0 exactly
        return distances.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string BoundMethod(IReadOnlyList<long> inputShape) =>
        "float64 SVD of the eval-mode weight (rows of unit norm; certificates use the distances between rows)";

    /// <inheritdoc />
    private protected override void OnParametersReplaced()
    {
        base.OnParametersReplaced();
        _pairs?.Invalidate();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _pairs.Dispose();
        base.Dispose(disposing);
    }
}
