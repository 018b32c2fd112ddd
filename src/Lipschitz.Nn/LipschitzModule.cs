using System;
using System.Collections.Generic;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn;

/// <summary>
/// The base of every generated network: a module whose Lipschitz bound L is known, so that a prediction with
/// logit margin M cannot be changed by any input perturbation of L2 norm below M/(√2·L).
/// </summary>
public abstract class LipschitzModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module; <paramref name="name"/> names it in messages.</summary>
    protected LipschitzModule(string name) : base(name)
    {
    }

    /// <summary>The composed Lipschitz bound (L2 → L2) that certificates use.</summary>
    public abstract double Bound { get; }

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
    /// Per sample of [N, C] logits, the radius within which the predicted class cannot change:
    /// margin/(√2·L) in L2, where the margin is the top logit minus the runner-up; in L∞ that divided by √d
    /// (an L∞ ball of radius r lies in the L2 ball of radius √d·r). A tie gives 0. The result is a float64
    /// [N] tensor on the logits' device, computed without autograd.
    /// </summary>
    public Tensor CertifiedRadius(Tensor logits, Norm norm = Norm.L2)
    {
        CheckLogits(logits);
        double bound = CheckedBound();
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            Tensor margin = Margins(logits);
            Tensor radius;
            if (bound == 0)
            {
                // A constant function: nothing changes its prediction, unless it is a tie.
                using Tensor positive = margin.gt(0.0);
                radius = zeros_like(margin).masked_fill(positive, double.PositiveInfinity);
            }
            else
            {
                double denominator = Math.Sqrt(2) * bound;
                if (norm == Norm.LInf) denominator *= Math.Sqrt(InputSize);
                radius = margin / denominator;
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
            Tensor labelsOnDevice = labels.to(predicted.device, ScalarType.Int64);
            Tensor correct = predicted.eq(labelsOnDevice);
            Tensor margin = Margins(logits);
            Tensor untied = margin.gt(0.0);
            Tensor wide = radius.ge(eps);
            Tensor certified = correct.logical_and(untied).logical_and(wide);
            long count = certified.sum().item<long>();
            return (double)count / n;
        }
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
