using System;
using System.Linq;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Training;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Certification;

/// <summary>The error raised when a network cannot be certified (its weights hold NaN or ∞); no certificate is issued.</summary>
public sealed class CertificationException : Exception
{
    /// <summary>Creates the error.</summary>
    public CertificationException(string message) : base(message)
    {
    }
}

/// <summary>Which Lipschitz bound certificates divide by.</summary>
public enum BoundChoice
{
    /// <summary>The declared bound, or for a network declared <c>lipschitz: computed</c> the one verified from its weights.</summary>
    Auto,

    /// <summary>The bound declared at compile time (holds by construction).</summary>
    Declared,

    /// <summary>The bound verified from the trained weights (float64 SVD per dense layer, the DFT bound per convolution).</summary>
    Computed,

    /// <summary>The smaller of the two (both hold).</summary>
    Tightest,
}

/// <summary>
/// Certifies a network on a labelled set: per sample the certified radius margin/(√2·L) (and /√d for L∞) and whether
/// the prediction is right, gathered into a <see cref="CertificationReport"/>. Runs in eval mode (cached constrained
/// weights, no autograd) on the model's device, one dispose scope per batch.
/// </summary>
public static class Certifier
{
    /// <summary>Certifies <paramref name="model"/> on every sample of <paramref name="loader"/>; <paramref name="data"/> names the set in the report.</summary>
    public static CertificationReport Certify(LipschitzModule model, BatchLoader loader, CertificationOptions certification, string? data = null,
        BoundChoice bound = BoundChoice.Auto)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(certification);
        RequireFiniteWeights(model);
        (double lipschitz, string source) = Resolve(model, bound);
        double certificationBound = model.WithRoundoffSlack(lipschitz);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            var radii = new double[loader.SampleCount];
            var correct = new bool[loader.SampleCount];
            int offset = 0;
            bool flat = model.InputShape.Count == 1;
            Device device = Trainer.DeviceOf(model);
            using (no_grad())
            {
                foreach (Batch batch in loader.Batches(0))
                {
                    using var scope = NewDisposeScope();
                    using Batch b = batch;
                    Tensor images = b.Images.to(device);
                    Tensor input = flat ? images.view(b.Count, -1) : images;
                    Tensor logits = model.call(input);
                    Tensor radius = model.CertifiedRadiusWith(logits, certificationBound, certification.Norm).cpu();
                    radius.data<double>().CopyTo(radii, offset);
                    Tensor hits = logits.argmax(1).cpu().eq(b.Labels);
                    hits.data<bool>().CopyTo(correct, offset);
                    offset += b.Count;
                }
            }
            for (int k = 0; k < radii.Length; k++)
                if (double.IsNaN(radii[k]))
                    throw new CertificationException($"network '{model.GetName()}' gives a NaN logit margin for sample {k} of {data ?? "the data"}; no certificate is issued");
            return CertificationReport.Compute(model.GetName(), certification.Norm, lipschitz, radii, correct, certification.Eps, data: data, boundSource: source,
                rule: model.ClassPairHead is null ? CertificationReport.MarginRule : CertificationReport.ClassPairRule);
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }

    /// <summary>
    /// The Lipschitz bound <paramref name="choice"/> asks for and a sentence saying where it comes from. A computed
    /// bound is verified from the current weights at this moment (see <see cref="Estimation.UpperBound"/>), never an
    /// estimate; a network with a layer that has no verified bound gets +∞ (no certificate). For a network with a
    /// class-pair head (<see cref="LipschitzModule.ClassPairHead"/>) it is the bound of the layers before the head
    /// (<see cref="LipschitzModule.CertificateBound"/>), which the per-pair rule multiplies by the rows' distances.
    /// </summary>
    public static (double Bound, string Source) Resolve(LipschitzModule model, BoundChoice choice)
    {
        ArgumentNullException.ThrowIfNull(model);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string of = model.ClassPairHead is null ? "" : " for the layers before the class-pair head";
        // A layer whose declared bound rests on an estimate (e.g. power iteration while training) makes the declared
        // composition an estimate too: such a network is only ever certified with the bound verified from its weights.
        LayerBound? estimated = model.LayerBounds.FirstOrDefault(l => !l.Exact && double.IsFinite(l.Bound));
        if (choice == BoundChoice.Auto) choice = model.BoundIsComputed || estimated is not null ? BoundChoice.Computed : BoundChoice.Declared;
        if (estimated is not null && choice != BoundChoice.Computed)
        {
            Estimation.UpperBound verified = Estimation.UpperBound.Of(model);
            return (verified.CertificateVerified, string.Create(culture,
                $"verified from the trained weights{of} ({verified.CertificateVerified:G6}), not the declared bound: layer '{estimated.Name}' ({estimated.Kind}) declares a bound that rests on an estimate"));
        }
        double declared = model.CertificateBound;
        if (choice == BoundChoice.Declared)
            return model.BoundIsComputed
                ? (double.PositiveInfinity, "declared 'computed' (no compile-time bound), so nothing is certified with the declared bound")
                : (declared, "declared at compile time" + of);
        Estimation.UpperBound upper = Estimation.UpperBound.Of(model);
        double computedBound = upper.CertificateVerified;
        string computed = string.Create(culture,
            $"verified from the trained weights{of} ({computedBound:G6}: float64 SVD per dense layer, DFT bound per convolution)");
        if (choice == BoundChoice.Computed || model.BoundIsComputed || computedBound < declared)
            return choice == BoundChoice.Tightest && !model.BoundIsComputed
                ? (computedBound, computed + string.Create(culture, $", tighter than the declared {declared:G6}"))
                : (computedBound, computed);
        return (declared, string.Create(culture, $"declared at compile time{of} (tighter than the verified {computedBound:G6})"));
    }

    /// <summary>Throws <see cref="CertificationException"/> naming the first parameter that holds NaN or ∞.</summary>
    public static void RequireFiniteWeights(LipschitzModule model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (name, p) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (p.is_floating_point() && p.numel() > 0 && !p.isfinite().all().item<bool>())
                throw new CertificationException($"network '{model.GetName()}': parameter '{name}' holds NaN or infinite values; no certificate is issued");
        }
    }
}
