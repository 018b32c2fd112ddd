using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Attacks;

/// <summary>One attacked sample kept for a picture: the input, the adversarial input and what the network said about each.</summary>
/// <param name="Sample">Its index in the data.</param>
/// <param name="Original">The input, one sample's shape, on the CPU.</param>
/// <param name="Adversarial">The adversarial input, same shape.</param>
/// <param name="Label">The true class.</param>
/// <param name="Clean">The predicted class and its softmax probability at the input.</param>
/// <param name="Attacked">The predicted class and its softmax probability at the adversarial input.</param>
/// <param name="Eps">The budget it was attacked with (+∞ for none).</param>
/// <param name="L2">‖δ‖₂.</param>
/// <param name="Radius">Its certified radius (0 when none).</param>
/// <param name="Success">Whether the attack succeeded on it (another class than the label, or the target).</param>
public sealed record AttackExample(int Sample, Tensor Original, Tensor Adversarial, int Label, (int Class, double Confidence) Clean,
    (int Class, double Confidence) Attacked, double Eps, double L2, double Radius, bool Success);

/// <summary>Runs an attack over a data set, batch by batch, beside the network's certificates.</summary>
public static class AttackEvaluation
{
    /// <summary>
    /// Attacks every sample of <paramref name="loader"/> at each budget of <paramref name="eps"/> (PGD or FGSM, or a
    /// targeted PGD when the options carry a target for every sample), and certifies them: per budget the attacked and
    /// the certified accuracy, and every certified sample the attack broke (a disproved certificate). The first
    /// <paramref name="examples"/> samples at the largest budget are kept for pictures.
    /// </summary>
    public static (AttackReport Report, IReadOnlyList<AttackExample> Examples) Untargeted(LipschitzModule model, BatchLoader loader, IReadOnlyList<double> eps,
        AttackOptions options, BoundChoice bound, int examples, string data, CancellationToken cancel = default)
    {
        if (eps.Count == 0) throw new ArgumentException("at least one budget", nameof(eps));
        var (lipschitz, source) = Certifier.Resolve(model, bound);
        double certificationBound = model.WithRoundoffSlack(lipschitz);
        bool certified = double.IsFinite(lipschitz);
        int n = loader.SampleCount;
        int[] broken = new int[eps.Count], certifiedCount = new int[eps.Count], certifiedBroken = new int[eps.Count];
        double[] l2Sum = new double[eps.Count];
        int clean = 0;
        var violations = new List<Violation>();
        var kept = new List<AttackExample>();
        Device device = Trainer.DeviceOf(model);
        int offset = 0;
        foreach (Batch batch in loader.Batches(0))
        {
            cancel.ThrowIfCancellationRequested();
            using Batch b = batch;
            using var scope = NewDisposeScope();
            Tensor x = Input(model, b.Images.to(device));
            Tensor y = b.Labels.to(device);
            (Tensor correct, Tensor radius, Tensor cleanLogits) = CleanPass(model, x, y, certificationBound, options.Norm);
            clean += (int)correct.sum().ToInt64();
            bool[] isCorrect = correct.cpu().data<bool>().ToArray();
            double[] radii = radius.cpu().data<double>().ToArray();
            for (int e = 0; e < eps.Count; e++)
            {
                using AttackResult r = Attack.Run(model, x, y, eps[e], options with { Seed = options.Seed + offset });
                bool[] success = r.Success.data<bool>().ToArray();
                double[] norms = (options.Norm == Norm.L2 ? r.L2 : r.LInf).data<double>().ToArray();
                double[] l2 = r.L2.data<double>().ToArray();
                long[] predicted = r.Logits.argmax(1).data<long>().ToArray();
                for (int i = 0; i < success.Length; i++)
                {
                    bool isCertified = certified && isCorrect[i] && radii[i] >= eps[e] && radii[i] > 0;
                    if (isCertified) certifiedCount[e]++;
                    if (!isCorrect[i] || !success[i]) continue;
                    broken[e]++;
                    l2Sum[e] += l2[i];
                    if (isCertified && norms[i] < radii[i])
                    {
                        certifiedBroken[e]++;
                        violations.Add(new Violation(offset + i, radii[i], norms[i], b.Labels[i].ToInt32(), (int)predicted[i]));
                    }
                }
                if (e == eps.Count - 1) Keep(kept, examples, x, r, cleanLogits, b, offset, eps[e], radii);
            }
            offset += b.Count;
        }
        var points = eps.Select((v, e) => new AttackPoint(v, (double)(clean - broken[e]) / n, certified ? (double)certifiedCount[e] / n : null,
            broken[e], certifiedBroken[e], broken[e] == 0 ? double.NaN : l2Sum[e] / broken[e])).ToArray();
        var report = new AttackReport
        {
            Network = model.GetName(), Attack = options.Kind, Norm = options.Norm, Data = data, Samples = n, Clean = (double)clean / n, Points = points,
            Violations = violations, BoundSource = certified ? source : null,
        };
        return (report, kept);
    }

    /// <summary>
    /// The targeted signed-gradient attack towards <paramref name="target"/> on every sample not already of that class:
    /// the fraction that reached it, the steps it took and the norms of the perturbations.
    /// </summary>
    public static (AttackReport Report, IReadOnlyList<AttackExample> Examples) Targeted(LipschitzModule model, BatchLoader loader, int target, double eps,
        AttackOptions options, int examples, string data, CancellationToken cancel = default)
    {
        if (target < 0 || target >= model.Classes) throw new ArgumentOutOfRangeException(nameof(target), target, $"the network has classes 0 to {model.Classes - 1}");
        Device device = Trainer.DeviceOf(model);
        int attacked = 0, reached = 0, clean = 0, n = 0;
        double steps = 0, l2 = 0, linf = 0;
        var kept = new List<AttackExample>();
        int offset = 0;
        foreach (Batch batch in loader.Batches(0))
        {
            cancel.ThrowIfCancellationRequested();
            using Batch b = batch;
            using var scope = NewDisposeScope();
            // Samples whose label already is the target are left out: there is nothing to push.
            Tensor keep = b.Labels.ne(target);
            Tensor index = keep.nonzero().squeeze(1);
            int count = (int)index.numel();
            n += b.Count;
            if (count > 0)
            {
                Tensor x = Input(model, b.Images.index_select(0, index).to(device));
                Tensor y = b.Labels.index_select(0, index).to(device);
                (Tensor correct, _, Tensor cleanLogits) = CleanPass(model, x, y, double.PositiveInfinity, options.Norm);
                clean += (int)correct.sum().ToInt64();
                Tensor goal = full(count, (long)target, dtype: ScalarType.Int64, device: device);
                using AttackResult r = Attack.Run(model, x, y, eps, options with { Kind = AttackKind.Signed, Target = goal, Seed = options.Seed + offset });
                bool[] success = r.Success.data<bool>().ToArray();
                long[] s = r.Steps.data<long>().ToArray();
                double[] a = r.L2.data<double>().ToArray(), m = r.LInf.data<double>().ToArray();
                for (int i = 0; i < count; i++)
                {
                    if (!success[i]) continue;
                    reached++;
                    steps += s[i];
                    l2 += a[i];
                    linf += m[i];
                }
                attacked += count;
                using Batch sub = new(x.cpu(), y.cpu(), count);
                Keep(kept, examples, x, r, cleanLogits, sub, offset, eps, new double[count], index.cpu().data<long>().Select(v => (int)v + offset).ToArray());
            }
            offset += b.Count;
        }
        var report = new AttackReport
        {
            Network = model.GetName(), Attack = AttackKind.Signed, Norm = Norm.LInf, Data = data, Samples = attacked, Clean = attacked == 0 ? 0 : (double)clean / attacked,
            TargetSuccess = attacked == 0 ? 0 : (double)reached / attacked, MeanSteps = reached == 0 ? double.NaN : steps / reached,
            MeanNorms = reached == 0 ? (double.NaN, double.NaN) : (l2 / reached, linf / reached),
        };
        return (report, kept);
    }

    /// <summary>
    /// Audits every certificate: each sample classified correctly with radius r &gt; 0 is attacked by the audit attack
    /// with a budget just below r, (1 − <paramref name="shrink"/>)·r; any success disproves a certificate and is reported.
    /// </summary>
    public static (AttackReport Report, IReadOnlyList<AttackExample> Examples) Audit(LipschitzModule model, BatchLoader loader, AttackOptions options,
        BoundChoice bound, int examples, string data, double shrink = 1e-3, CancellationToken cancel = default)
    {
        var (lipschitz, source) = Certifier.Resolve(model, bound);
        if (!double.IsFinite(lipschitz)) throw new InvalidOperationException($"network '{model.GetName()}' has no finite Lipschitz bound ({source}): there is no certificate to audit");
        double certificationBound = model.WithRoundoffSlack(lipschitz);
        Device device = Trainer.DeviceOf(model);
        int n = 0, clean = 0, audited = 0;
        var violations = new List<Violation>();
        var kept = new List<AttackExample>();
        int offset = 0;
        foreach (Batch batch in loader.Batches(0))
        {
            cancel.ThrowIfCancellationRequested();
            using Batch b = batch;
            using var scope = NewDisposeScope();
            Tensor x = Input(model, b.Images.to(device));
            Tensor y = b.Labels.to(device);
            (Tensor correct, Tensor radius, Tensor cleanLogits) = CleanPass(model, x, y, certificationBound, options.Norm);
            n += b.Count;
            clean += (int)correct.sum().ToInt64();
            Tensor certifiedMask = correct.logical_and(radius.gt(0)).logical_and(radius.isfinite());
            Tensor index = certifiedMask.nonzero().squeeze(1);
            int count = (int)index.numel();
            if (count > 0)
            {
                Tensor xs = x.index_select(0, index), ys = y.index_select(0, index), rs = radius.index_select(0, index);
                Tensor budget = rs * (1 - shrink);
                using AttackResult r = Attack.Run(model, xs, ys, budget, options with { Kind = AttackKind.Audit, Seed = options.Seed + offset });
                bool[] success = r.Success.data<bool>().ToArray();
                double[] norms = (options.Norm == Norm.L2 ? r.L2 : r.LInf).data<double>().ToArray(), radii = rs.cpu().data<double>().ToArray();
                long[] predicted = r.Logits.argmax(1).data<long>().ToArray(), samples = index.cpu().data<long>().ToArray(), labels = ys.cpu().data<long>().ToArray();
                for (int i = 0; i < count; i++)
                    if (success[i]) violations.Add(new Violation(offset + (int)samples[i], radii[i], norms[i], (int)labels[i], (int)predicted[i]));
                audited += count;
                using Batch sub = new(xs.cpu(), ys.cpu(), count);
                Tensor subLogits = cleanLogits.index_select(0, index);
                Keep(kept, examples, xs, r, subLogits, sub, offset, double.NaN, radii, samples.Select(v => (int)v + offset).ToArray());
            }
            offset += b.Count;
        }
        var report = new AttackReport
        {
            Network = model.GetName(), Attack = AttackKind.Audit, Norm = options.Norm, Data = data, Samples = n, Clean = n == 0 ? 0 : (double)clean / n,
            Audited = audited, Violations = violations, BoundSource = source,
        };
        return (report, kept);
    }

    private static Tensor Input(LipschitzModule model, Tensor images) => model.InputShape.Count == 1 ? images.view(images.size(0), -1) : images;

    /// <summary>Correct predictions, certified radii and logits at the clean inputs.</summary>
    private static (Tensor Correct, Tensor Radius, Tensor Logits) CleanPass(LipschitzModule model, Tensor x, Tensor y, double certificationBound, Norm norm)
    {
        bool training = model.training;
        model.eval();
        try
        {
            using (no_grad())
            {
                Tensor logits = model.call(x);
                Tensor radius = double.IsFinite(certificationBound)
                    ? model.CertifiedRadiusWith(logits, certificationBound, norm)
                    : zeros(x.size(0), dtype: ScalarType.Float64, device: x.device);
                return (logits.argmax(1).eq(y), radius, logits);
            }
        }
        finally
        {
            model.train(training);
        }
    }

    /// <summary>
    /// Keeps samples for the picture: those the attack changed first (what a person wants to see), then, while there are
    /// fewer than <paramref name="examples"/> of those, the others after them.
    /// </summary>
    private static void Keep(List<AttackExample> kept, int examples, Tensor x, AttackResult r, Tensor cleanLogits, Batch b, int offset, double eps,
        double[] radii, int[]? sampleIndex = null)
    {
        using Tensor cleanProb = nn.functional.softmax(cleanLogits.cpu().to(ScalarType.Float64), 1);
        using Tensor advProb = nn.functional.softmax(r.Logits.to(ScalarType.Float64), 1);
        double[] l2 = r.L2.data<double>().ToArray();
        bool[] success = r.Success.data<bool>().ToArray();
        for (int i = 0; i < b.Count; i++)
        {
            int succeeded = kept.Count(k => k.Success);
            if (succeeded >= examples) return;
            if (!success[i] && kept.Count >= examples) continue;
            if (kept.Count >= examples)
            {
                // Make room: drop the last sample the attack did not break.
                int drop = kept.FindLastIndex(k => !k.Success);
                kept[drop].Original.Dispose();
                kept[drop].Adversarial.Dispose();
                kept.RemoveAt(drop);
            }
            int cleanClass = (int)cleanProb[i].argmax().ToInt64(), advClass = (int)advProb[i].argmax().ToInt64();
            Insert(kept, new AttackExample(sampleIndex?[i] ?? offset + i, x[i].cpu().clone().DetachFromDisposeScope(), r.Adversarial[i].clone().DetachFromDisposeScope(),
                b.Labels[i].ToInt32(), (cleanClass, cleanProb[i][cleanClass].ToDouble()), (advClass, advProb[i][advClass].ToDouble()), eps, l2[i], radii[i], success[i]));
        }
    }

    // Samples the attack broke before the others, each group in data order.
    private static void Insert(List<AttackExample> kept, AttackExample e)
    {
        int at = e.Success ? kept.FindIndex(k => !k.Success) : -1;
        if (at < 0) kept.Add(e);
        else kept.Insert(at, e);
    }
}
