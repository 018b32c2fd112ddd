using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn;

/// <summary>
/// The base of every generated network: a module whose Lipschitz bound L is known, so that a prediction with
/// logit margin M cannot be changed by any input perturbation of L2 norm below M/(√2·L).
/// </summary>
public abstract class LipschitzModule : nn.Module<Tensor, Tensor>
{
    // libtorch is prepared (threads, OpenMP settings, a clear error when it cannot load) before the first network exists.
    static LipschitzModule() => TorchRuntime.Initialize();

    /// <summary>Creates the module; <paramref name="name"/> names it in messages.</summary>
    protected LipschitzModule(string name) : base(name)
    {
    }

    /// <summary>The composed Lipschitz bound (L2 → L2) that certificates use.</summary>
    public abstract double Bound { get; }

    /// <summary>
    /// True when the description says <c>lipschitz: computed</c>: the network may have unconstrained layers, carries no
    /// compile-time certificate (<see cref="Bound"/> is +∞, so every certified radius is 0), and its bound is to be
    /// computed from the trained weights.
    /// </summary>
    public virtual bool BoundIsComputed => false;

    /// <summary>The input shape without the batch dimension, e.g. [1, 28, 28] or [784].</summary>
    public abstract IReadOnlyList<long> InputShape { get; }

    /// <summary>The number of classes (logits per sample).</summary>
    public abstract int Classes { get; }

    /// <summary>Each layer's output shape and bound, in order; the bound is their product.</summary>
    public abstract IReadOnlyList<LayerBound> LayerBounds { get; }

    /// <summary>Hex SHA-256 of the canonical description this module was generated from.</summary>
    public abstract string DescriptionHash { get; }

    /// <summary>The training options of the description, or null when it has none.</summary>
    public virtual Options.TrainingOptions? Training => null;

    /// <summary>The certification options of the description (default: L2 at 0.1, 0.25, 0.5, 1.0).</summary>
    public virtual Options.CertificationOptions Certification => Options.CertificationOptions.Default;

    /// <summary>d, the number of input values per sample (the product of <see cref="InputShape"/>).</summary>
    public long InputSize
    {
        get
        {
            long d = 1;
            foreach (long s in InputShape) d = checked(d * s);
            return d;
        }
    }

    /// <summary>
    /// Relative slack per layer, in units of the parameters' unit roundoff u, by which <see cref="CertificationBound"/>
    /// exceeds <see cref="Bound"/>. AOL's rescaling computed in float32 can leave ‖W‖₂ slightly above 1 (measured up
    /// to 2.8e-7 ≈ 4.6·u on tight kernels, against float64 SVD / FFT norms), so a certificate from the exact bound
    /// could overstate the radius by that much; 64·u per layer covers it with a wide margin.
    /// </summary>
    public const double RoundoffSlackPerLayer = 64;

    /// <summary>
    /// The row-normalised head whose per-class-pair rule certificates use (the network's last layer), or null when they
    /// use the margin rule margin/(√2·L). Generated networks that end in <c>normalized_head</c> return that layer.
    /// </summary>
    public virtual Layers.IClassPairHead? ClassPairHead => null;

    /// <summary>
    /// The Lipschitz bound certificates divide by, before the roundoff slack: <see cref="Bound"/> for the margin rule;
    /// with a <see cref="ClassPairHead"/>, the product of the bounds of the layers before it (the head's own factor is
    /// the distance between two of its rows, per class pair); +∞ when <see cref="BoundIsComputed"/>.
    /// </summary>
    public double CertificateBound
    {
        get
        {
            double bound = CheckedBound();
            if (ClassPairHead is null || BoundIsComputed || double.IsPositiveInfinity(bound)) return bound;
            IReadOnlyList<LayerBound> rows = LayerBounds;
            double body = 1;
            for (int i = 0; i < rows.Count - 1; i++) body *= rows[i].Bound;
            return body;
        }
    }

    /// <summary>
    /// The bound that certificates divide by: <see cref="CertificateBound"/>·(1 + 64·u)^n, where u is the unit roundoff
    /// of the least precise floating-point parameter (float32: 2⁻²⁴, float64: 2⁻⁵³) and n the number of entries of
    /// <see cref="LayerBounds"/> or, when more, of its layers nested ones included (at least 1); <see cref="CertificateBound"/> itself when the module has no parameters.
    /// It covers the rounding of the constrained weights, not a verified bound on every float operation of forward.
    /// </summary>
    public double CertificationBound => WithRoundoffSlack(CertificateBound);

    /// <summary>
    /// <paramref name="bound"/>·(1 + 64·u)^n as <see cref="CertificationBound"/> applies it to <see cref="Bound"/>: the
    /// slack for another bound of this network, e.g. one verified from its trained weights.
    /// </summary>
    public double WithRoundoffSlack(double bound)
    {
        if (!(bound >= 0)) throw new ArgumentOutOfRangeException(nameof(bound), bound, $"{GetName()}: a Lipschitz bound is non-negative");
        if (bound == 0 || double.IsPositiveInfinity(bound)) return bound;
        double u = 0;
        foreach (Parameter p in parameters()) u = Math.Max(u, UnitRoundoff(p.dtype));
        if (u == 0) return bound;
        // Every layer counts, nested ones included: the layers of a residual's body or a concat's branches round their
        // weights too, and a composite's rule is monotone in their bounds, so (1 + 64u) per nested layer covers them.
        int layers = Math.Max(1, Math.Max(LayerBounds.Count, modules().OfType<Layers.ILipschitzLayer>().Count()));
        return bound * Math.Pow(1 + RoundoffSlackPerLayer * u, layers);
    }

    /// <summary>The unit roundoff of a floating-point element type (0 for other types).</summary>
    private static double UnitRoundoff(ScalarType type) => type switch
    {
        ScalarType.Float64 => Math.ScaleB(1, -53),
        ScalarType.Float32 => Math.ScaleB(1, -24),
        ScalarType.Float16 => Math.ScaleB(1, -11),
        ScalarType.BFloat16 => Math.ScaleB(1, -8),
        _ => 0,
    };

    /// <summary>
    /// Per sample of [N, C] logits, the radius within which the predicted class cannot change:
    /// margin/(√2·L) in L2, where the margin is the top logit minus the runner-up and L is
    /// <see cref="CertificationBound"/> (<see cref="Bound"/> with a roundoff slack); with a <see cref="ClassPairHead"/>,
    /// min over classes j ≠ y of (f_y − f_j)/(‖w_y − w_j‖·L) with L the bound of the layers before the head. In L∞ that
    /// is divided by √d (an L∞ ball of radius r lies in the L2 ball of radius √d·r). A tie, or a NaN or infinite margin,
    /// gives 0. The result is a float64 [N] tensor on the logits' device, computed without autograd.
    /// </summary>
    public Tensor CertifiedRadius(Tensor logits, Norm norm = Norm.L2) => CertifiedRadiusWith(logits, CertificationBound, norm);

    /// <summary>
    /// As <see cref="CertifiedRadius(Tensor, Norm)"/>, but dividing by <paramref name="certificationBound"/> (already including
    /// its roundoff slack, see <see cref="WithRoundoffSlack"/>; with a <see cref="ClassPairHead"/>, the bound of the layers
    /// before it): for a bound verified from the trained weights, which a network declared <c>lipschitz: computed</c>
    /// needs and a constrained one may use when it is tighter.
    /// </summary>
    public Tensor CertifiedRadiusWith(Tensor logits, double certificationBound, Norm norm = Norm.L2)
    {
        CheckLogits(logits);
        if (!(certificationBound >= 0)) throw new ArgumentOutOfRangeException(nameof(certificationBound), certificationBound, "a Lipschitz bound is non-negative");
        double bound = certificationBound;
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            Tensor margin = Margins(logits);
            Tensor certifiable = Certifiable(margin);
            Tensor radius;
            if (bound == 0)
            {
                // A constant function: nothing changes its prediction, unless it is a tie.
                radius = zeros_like(margin).masked_fill(certifiable, double.PositiveInfinity);
            }
            else
            {
                double denominator = norm == Norm.LInf ? bound * Math.Sqrt(InputSize) : bound;
                Tensor scaled = ClassPairHead is { } head ? PairRadius(logits, head) / denominator : margin / (Math.Sqrt(2) * denominator);
                // Ties, NaN (diverged weights) and infinite logits (overflow) certify nothing.
                radius = where(certifiable, scaled, 0.0);
            }
            return radius.MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// The fraction of samples that are predicted correctly with a certified radius of at least
    /// <paramref name="eps"/> (a tie for the top logit is never certified, whatever eps).
    /// </summary>
    public double CertifiedAccuracy(Tensor logits, Tensor labels, double eps, Norm norm = Norm.L2)
    {
        CheckLogits(logits);
        if (!(eps >= 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "the radius must be finite and non-negative");
        long n = logits.size(0);
        if (labels.dim() != 1 || labels.size(0) != n)
            throw new ArgumentException($"labels must be [N] = [{n}] to match the logits, got shape [{string.Join(", ", labels.shape)}]", nameof(labels));
        if (n == 0) throw new ArgumentException("certified accuracy of an empty batch is undefined", nameof(logits));
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            Tensor radius = CertifiedRadius(logits, norm);
            Tensor predicted = logits.argmax(1);
            Tensor labelsOnDevice = labels.to(ScalarType.Int64, predicted.device);
            Tensor correct = predicted.eq(labelsOnDevice);
            Tensor margin = Margins(logits);
            Tensor untied = Certifiable(margin);
            Tensor wide = radius.ge(eps);
            Tensor certified = correct.logical_and(untied).logical_and(wide);
            long count = certified.sum().item<long>();
            return (double)count / n;
        }
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the network, the expected [N, ...<see cref="InputShape"/>] and
    /// the actual shape unless <paramref name="input"/> is a batch of inputs of <see cref="InputShape"/>; generated
    /// forwards call it first, so a wrong-shape tensor fails with that message instead of deep inside a layer.
    /// </summary>
    protected void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<long> expected = InputShape;
        long[] actual = input.shape;
        bool fits = actual.Length == expected.Count + 1;
        for (int k = 0; fits && k < expected.Count; k++) fits = actual[k + 1] == expected[k];
        if (!fits)
            throw new ArgumentException(
                $"{GetName()}: expected an input batch of shape [N, {string.Join(", ", expected)}], got [{string.Join(", ", actual)}]", nameof(input));
    }

    /// <summary>Whether a margin can carry a certificate: positive (no tie) and finite (no NaN or overflowed logits).</summary>
    private static Tensor Certifiable(Tensor margin)
    {
        using Tensor positive = margin.gt(0.0);
        using Tensor finite = margin.isfinite();
        return positive.logical_and(finite);
    }

    /// <summary>
    /// min over j ≠ y of (f_y − f_j)/D_yj per sample, y the top logit and D the head's pair distances: the L2 radius for a
    /// body of bound 1. A pair with D_yj = 0 (two equal rows: f_y − f_j is constant) never flips and is left out.
    /// </summary>
    private static Tensor PairRadius(Tensor logits, Layers.IClassPairHead head)
    {
        Tensor wide = logits.to(ScalarType.Float64);
        using Tensor all = head.PairDistances();
        if (all.dim() != 2 || all.size(0) != wide.size(1) || all.size(1) != wide.size(1))
            throw new InvalidOperationException($"the class-pair head gives distances of shape [{string.Join(", ", all.shape)}] for {wide.size(1)} classes");
        using Tensor distances = all.to(wide.device);
        Tensor top = wide.argmax(1, keepdim: true);                           // [N, 1]
        Tensor gaps = wide.gather(1, top) - wide;                              // f_y − f_j, [N, C]
        Tensor rows = distances.index_select(0, top.squeeze(1));               // D_yj, [N, C]
        Tensor ratios = gaps / rows;                                           // j = y and D_yj = 0: 0/0 or gap/0
        Tensor leftOut = rows.eq(0.0);                                         // j = y, and equal rows
        return ratios.masked_fill(leftOut, double.PositiveInfinity).amin(1);
    }

    /// <summary>Top logit minus runner-up, per sample, in float64 (exact for float32 logits).</summary>
    private static Tensor Margins(Tensor logits)
    {
        using Tensor wide = logits.to(ScalarType.Float64);
        (Tensor values, Tensor indexes) = wide.topk(2, 1);
        using (values)
        using (indexes)
        {
            using Tensor first = values.select(1, 0);
            using Tensor second = values.select(1, 1);
            return first - second;
        }
    }

    private void CheckLogits(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.dim() != 2 || logits.size(1) < 2)
            throw new ArgumentException($"{GetName()}: logits must be [N, classes] with at least two classes, got shape [{string.Join(", ", logits.shape)}]", nameof(logits));
        if (logits.size(1) != Classes)
            throw new ArgumentException($"{GetName()}: logits have {logits.size(1)} columns but the network has {Classes} classes", nameof(logits));
    }

    private double CheckedBound()
    {
        double bound = Bound;
        if (!(bound >= 0))
            throw new InvalidOperationException($"{GetName()}: the Lipschitz bound must be non-negative, got {bound}");
        return bound;
    }
}
