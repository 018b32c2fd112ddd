using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Attacks;

/// <summary>
/// Adversarial attacks on any TorchSharp classifier (<c>Module&lt;Tensor, Tensor&gt;</c> giving [N, classes] logits):
/// FGSM, PGD, the targeted iterated signed-gradient attack and an APGD-style audit attack, under an L2 or L∞ budget per
/// sample, optionally confined to a mask and clipped to the valid input range. Batched, on the inputs' device, every
/// step inside a dispose scope; the model is attacked in eval mode with its parameters' gradients off, and both are
/// restored afterwards.
/// </summary>
public static class Attack
{
    /// <summary>Runs the attack with the same budget <paramref name="eps"/> for every sample.</summary>
    public static AttackResult Run(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double eps, AttackOptions options)
    {
        using Tensor budget = full(inputs.size(0), eps, dtype: ScalarType.Float64, device: inputs.device);
        return Run(model, inputs, labels, budget, options);
    }

    /// <summary>
    /// Runs the attack on [N, ...] <paramref name="inputs"/> with [N] <paramref name="labels"/> and a per-sample budget
    /// <paramref name="eps"/> ([N], in <see cref="AttackOptions.Norm"/>; +∞ for none, as the signed attack may use).
    /// </summary>
    public static AttackResult Run(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, Tensor eps, AttackOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long n = inputs.size(0);
        if (labels.dim() != 1 || labels.size(0) != n)
            throw new ArgumentException($"labels must be [N] = [{n}], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        if (eps.dim() != 1 || eps.size(0) != n)
            throw new ArgumentException($"eps must be [N] = [{n}], got [{string.Join(", ", eps.shape)}]", nameof(eps));
        if (options.Target is { } t && (t.dim() != 1 || t.size(0) != n))
            throw new ArgumentException($"the target must be [N] = [{n}], got [{string.Join(", ", t.shape)}]", nameof(options));
        using var guard = new AttackMode(model);
        using var scope = NewDisposeScope();
        var s = new State(model, inputs, labels, eps, options);
        switch (options.Kind)
        {
            case AttackKind.Fgsm: s.Gradient(steps: 1, relativeStep: 1.0, randomStart: false, restarts: 1); break;
            case AttackKind.Pgd: s.Gradient(options.Steps, options.RelativeStep ?? 2.5 / options.Steps, options.RandomStart, options.Restarts); break;
            case AttackKind.Signed: s.Signed(); break;
            case AttackKind.Audit: s.Audit(); break;
            case AttackKind.Noise: s.Noise(options.Restarts); break;
            default: throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown attack");
        }
        AttackResult result = s.Finish();
        return result;
    }

    /// <summary>Puts the model in eval mode with parameter gradients off, and restores both.</summary>
    private sealed class AttackMode : IDisposable
    {
        private readonly nn.Module _model;
        private readonly bool _training;
        private readonly List<(Parameter P, bool RequiresGrad)> _flags;

        internal AttackMode(nn.Module model)
        {
            _model = model;
            _training = model.training;
            _flags = model.parameters().Select(p => (p, p.requires_grad)).ToList();
            model.eval();
            foreach (var (p, _) in _flags) p.requires_grad = false;
        }

        public void Dispose()
        {
            foreach (var (p, flag) in _flags) p.requires_grad = flag;
            _model.train(_training);
        }
    }

    /// <summary>The batch under attack: inputs, labels, budgets, mask, and the best perturbation found so far per sample.</summary>
    private sealed class State
    {
        private readonly nn.Module<Tensor, Tensor> _model;
        private readonly AttackOptions _o;
        private readonly Tensor _x, _y, _eps, _epsView;
        private readonly Tensor? _target, _mask;
        private readonly long _n;
        private readonly long[] _viewShape;
        private readonly Generator _random;
        private Tensor _best, _bestLoss, _found, _steps;

        internal State(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, Tensor eps, AttackOptions o)
        {
            _model = model;
            _o = o;
            _x = inputs.detach();
            _n = _x.size(0);
            Device device = _x.device;
            _y = labels.to(ScalarType.Int64, device);
            _eps = eps.to(_x.dtype, device);
            if (_eps.lt(0).any().ToBoolean() || _eps.isnan().any().ToBoolean()) throw new ArgumentException("every budget must be 0 or more");
            _viewShape = new long[_x.dim()];
            Array.Fill(_viewShape, 1L);
            _viewShape[0] = _n;
            _epsView = _eps.view(_viewShape);
            _target = o.Target?.to(ScalarType.Int64, device);
            if (o.Mask is { } m)
            {
                long[] sample = _x.shape[1..];
                try
                {
                    _mask = m.to(_x.dtype, device).expand(sample).unsqueeze(0);
                }
                catch (Exception e) when (e is ArgumentException or System.Runtime.InteropServices.ExternalException)
                {
                    throw new ArgumentException($"the mask [{string.Join(", ", m.shape)}] does not fit inputs of shape [{string.Join(", ", sample)}]", nameof(o), e);
                }
            }
            _random = new Generator((ulong)o.Seed, device);
            // The best-so-far tensors live across steps: owned here, not by a dispose scope, and freed as they are replaced.
            _best = Keep(zeros_like(_x));
            _bestLoss = Keep(full(_n, double.NegativeInfinity, dtype: ScalarType.Float64, device: device));
            _found = Keep(zeros(_n, dtype: ScalarType.Bool, device: device));
            _steps = Keep(full(_n, -1L, dtype: ScalarType.Int64, device: device));
        }

        /// <summary>Takes <paramref name="t"/> out of its dispose scope: the caller owns it.</summary>
        private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

        /// <summary>Frees the tensors of <paramref name="old"/> that <paramref name="kept"/> does not hold (after keeping the latter).</summary>
        private static void Retire(Tensor[] old, Tensor[] kept)
        {
            var keep = new HashSet<Tensor>(kept, ReferenceEqualityComparer.Instance);
            foreach (Tensor t in kept) Keep(t);
            foreach (Tensor t in old.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>())
                if (!keep.Contains(t)) t.Dispose();
        }

        private bool Targeted => _target is not null;

        /// <summary>Logits, per-sample loss (to be increased), success, and the loss's gradient with respect to δ.</summary>
        private (Tensor Loss, Tensor Success, Tensor Grad) Evaluate(Tensor delta, bool margin)
        {
            Tensor loss, logits, grad;
            // Gradients with respect to the input are needed even when the caller runs under no_grad.
            using (enable_grad())
            {
                Tensor d = delta.detach().requires_grad_(true);
                logits = _model.call(_x + d);
                loss = margin ? Margin(logits) : CrossEntropy(logits);
                Tensor total = loss.sum();
                // TorchSharp's autograd.grad aborts the process (an uncaught C++ exception) when the output does not
                // depend on the input: say so instead.
                if (!total.requires_grad)
                    throw new InvalidOperationException("the model's output does not depend on its input through autograd (a detached or constant model?), so there is no gradient to attack with");
                grad = autograd.grad(new[] { total }, new[] { d })[0];
            }
            using (no_grad()) return (loss.detach().to(ScalarType.Float64), Succeeds(logits.detach()), grad);
        }

        private Tensor CrossEntropy(Tensor logits)
        {
            // Untargeted: raise the loss of the label; targeted: lower the loss of the target (raise its negative).
            Tensor ce = nn.functional.cross_entropy(logits, Targeted ? _target! : _y, reduction: nn.Reduction.None);
            return Targeted ? -ce : ce;
        }

        /// <summary>max_{j≠y} z_j − z_y (untargeted), or z_t − max_{j≠t} z_j (targeted): positive exactly when the attack succeeds.</summary>
        private Tensor Margin(Tensor logits)
        {
            Tensor cls = (Targeted ? _target! : _y).unsqueeze(1);
            Tensor own = logits.gather(1, cls).squeeze(1);
            Tensor others = logits.scatter(1, cls, full_like(own.unsqueeze(1), double.NegativeInfinity)).amax(new long[] { 1 });
            return Targeted ? own - others : others - own;
        }

        private Tensor Succeeds(Tensor logits)
        {
            Tensor predicted = logits.argmax(1);
            return Targeted ? predicted.eq(_target!) : predicted.ne(_y);
        }

        /// <summary>Keeps δ for samples that newly succeed at step <paramref name="step"/>, and for the others the δ of the highest loss.</summary>
        private void Record(Tensor delta, Tensor loss, Tensor success, long step)
        {
            using (no_grad())
            {
                Tensor newly = success.logical_and(_found.logical_not());
                Tensor better = _found.logical_not().logical_and(success.logical_not()).logical_and(loss.gt(_bestLoss));
                Tensor take = newly.logical_or(better);
                Replace(ref _best, where(take.view(_viewShape), delta.detach(), _best));
                Replace(ref _bestLoss, where(take, loss, _bestLoss));
                Replace(ref _steps, where(newly, full_like(_steps, step), _steps));
                Replace(ref _found, _found.logical_or(success));
            }
        }

        private static void Replace(ref Tensor field, Tensor value)
        {
            Tensor old = field;
            field = Keep(value);
            old.Dispose();
        }

        /// <summary>δ confined to the mask, the budget ball and the valid input range.</summary>
        private Tensor Project(Tensor delta)
        {
            using (no_grad())
            {
                Tensor d = _mask is null ? delta : delta * _mask;
                if (_o.Norm == Norm.LInf)
                {
                    d = minimum(maximum(d, -_epsView), _epsView);
                }
                else
                {
                    Tensor norm = d.reshape(_n, -1).norm(1, keepdim: true).view(_viewShape);
                    Tensor factor = (_epsView / norm.clamp_min(1e-30)).clamp_max(1.0);
                    d = d * factor;
                }
                if (_o.Clip is (double lo, double hi)) d = (_x + d).clamp(lo, hi) - _x;
                return d;
            }
        }

        /// <summary>The step direction: sign(g) for L∞, g/‖g‖₂ for L2, both inside the mask.</summary>
        private Tensor Direction(Tensor grad)
        {
            using (no_grad())
            {
                Tensor g = _mask is null ? grad : grad * _mask;
                if (_o.Norm == Norm.LInf) return g.sign();
                Tensor norm = g.reshape(_n, -1).norm(1, keepdim: true).view(_viewShape);
                return g / norm.clamp_min(1e-30);
            }
        }

        /// <summary>A uniformly random point of the (masked) ball: uniform in the L∞ cube; a uniform direction with radius eps·u^(1/d) in L2.</summary>
        private Tensor RandomStart()
        {
            using (no_grad())
            {
                if (_o.Norm == Norm.LInf)
                {
                    Tensor u = rand(_x.shape, dtype: _x.dtype, device: _x.device, generator: _random) * 2 - 1;
                    return Project(u * _epsView);
                }
                Tensor g = randn(_x.shape, dtype: _x.dtype, device: _x.device, generator: _random);
                if (_mask is not null) g = g * _mask;
                Tensor norm = g.reshape(_n, -1).norm(1, keepdim: true).view(_viewShape).clamp_min(1e-30);
                double dim = _mask is null ? _x[0].numel() : Math.Max(1.0, _mask.sum().ToDouble());
                Tensor radius = rand(_viewShape, dtype: _x.dtype, device: _x.device, generator: _random).pow(1.0 / dim) * _epsView;
                return Project(g / norm * radius);
            }
        }

        /// <summary>Random noise at the budget, <paramref name="draws"/> times; a sample counts as broken if any draw changes its prediction.</summary>
        internal void Noise(int draws)
        {
            for (int r = 0; r < draws; r++)
            {
                using var scope = NewDisposeScope();
                using (no_grad())
                {
                    Tensor delta;
                    if (_o.Norm == Norm.LInf)
                    {
                        delta = (rand(_x.shape, dtype: _x.dtype, device: _x.device, generator: _random) * 2 - 1) * _epsView;
                    }
                    else
                    {
                        Tensor g = randn(_x.shape, dtype: _x.dtype, device: _x.device, generator: _random);
                        if (_mask is not null) g = g * _mask;
                        Tensor norm = g.reshape(_n, -1).norm(1, keepdim: true).view(_viewShape).clamp_min(1e-30);
                        delta = g / norm * _epsView;
                    }
                    delta = Project(delta);
                    Tensor logits = _model.call(_x + delta);
                    Tensor loss = CrossEntropy(logits).to(ScalarType.Float64);
                    Record(delta, loss, Succeeds(logits), r + 1);
                }
            }
        }

        /// <summary>FGSM (one step of eps) and PGD (steps of relativeStep·eps).</summary>
        internal void Gradient(int steps, double relativeStep, bool randomStart, int restarts)
        {
            for (int r = 0; r < restarts; r++)
            {
                Tensor delta = Keep(randomStart ? RandomStart() : zeros_like(_x));
                for (int k = 0; k <= steps; k++)
                {
                    using var step = NewDisposeScope();
                    (Tensor loss, Tensor success, Tensor grad) = Evaluate(delta, margin: false);
                    Record(delta, loss, success, k);
                    if (k == steps) break;
                    Tensor next;
                    using (no_grad()) next = Keep(Project(delta + Direction(grad) * (_epsView * relativeStep)));
                    delta.Dispose();
                    delta = next;
                }
                delta.Dispose();
            }
        }

        /// <summary>The targeted signed-gradient attack: each sample steps until it is predicted as its target (or the steps run out).</summary>
        internal void Signed()
        {
            Tensor delta = Keep(zeros_like(_x));
            Tensor active = Keep(ones(_n, dtype: ScalarType.Bool, device: _x.device));
            for (int k = 0; k <= _o.Steps; k++)
            {
                using var step = NewDisposeScope();
                (Tensor loss, Tensor success, Tensor grad) = Evaluate(delta, margin: false);
                Record(delta, loss, success, k);
                Tensor stillActive = active.logical_and(success.logical_not());
                if (k == _o.Steps || !stillActive.any().ToBoolean()) break;
                Tensor next;
                using (no_grad())
                {
                    Tensor move = Direction(grad).sign() * stillActive.to(_x.dtype).view(_viewShape) * _o.SignedStep;
                    next = Project(delta + move);
                }
                Retire(new[] { delta, active }, new[] { next, stillActive });
                delta = next;
                active = stillActive;
            }
            delta.Dispose();
            active.Dispose();
        }

        /// <summary>APGD-style: margin loss, momentum 0.75, step 2·eps halved at checkpoints where progress stalls (then restarting from the best point), restarts.</summary>
        internal void Audit()
        {
            int steps = _o.Steps;
            var checkpoints = Checkpoints(steps);
            for (int r = 0; r < _o.Restarts; r++)
            {
                // The first attempt starts at the input itself; the others at random points of the ball.
                Tensor delta = r == 0 || !_o.RandomStart ? zeros_like(_x) : RandomStart();
                Tensor previous = delta;
                Tensor eta = _epsView * 2.0;
                Tensor runBest = full(_n, double.NegativeInfinity, dtype: ScalarType.Float64, device: _x.device);
                Tensor runBestDelta = delta;
                Tensor lastLoss = runBest;
                Tensor increases = zeros(_n, dtype: ScalarType.Float64, device: _x.device);
                Tensor bestAtCheckpoint = runBest;
                Tensor etaAtCheckpoint = eta;
                Tensor[] State() => new[] { delta, previous, eta, runBest, runBestDelta, lastLoss, increases, bestAtCheckpoint, etaAtCheckpoint };
                Retire(Array.Empty<Tensor>(), State());
                int lastCheckpoint = 0;
                for (int k = 0; k <= steps; k++)
                {
                    using var step = NewDisposeScope();
                    (Tensor loss, Tensor success, Tensor grad) = Evaluate(delta, margin: true);
                    Record(delta, loss, success, k);
                    if (k == steps) break;
                    Tensor[] old = State();
                    using (no_grad())
                    {
                        increases = increases + loss.gt(lastLoss).to(ScalarType.Float64);
                        lastLoss = loss;
                        Tensor improved = loss.gt(runBest);
                        runBest = where(improved, loss, runBest);
                        runBestDelta = where(improved.view(_viewShape), delta, runBestDelta);
                        Tensor z = Project(delta + Direction(grad) * eta);
                        Tensor next = k == 0 ? z : Project(delta + (z - delta) * 0.75 + (delta - previous) * 0.25);
                        previous = delta;
                        delta = next;
                        if (checkpoints.Contains(k + 1))
                        {
                            // Halve where fewer than 75 % of the steps since the last checkpoint raised the loss, or where
                            // neither the step nor the best loss changed since it; continue from the best point there.
                            double interval = k + 1 - lastCheckpoint;
                            Tensor stalled = increases.lt(0.75 * interval)
                                .logical_or(etaAtCheckpoint.view(_n).eq(eta.view(_n)).logical_and(bestAtCheckpoint.eq(runBest)));
                            Tensor s = stalled.view(_viewShape);
                            eta = where(s, eta * 0.5, eta);
                            delta = where(s, runBestDelta, delta);
                            previous = where(s, runBestDelta, previous);
                            increases = zeros_like(increases);
                            bestAtCheckpoint = runBest;
                            etaAtCheckpoint = eta;
                            lastCheckpoint = k + 1;
                        }
                    }
                    Retire(old, State());
                }
                Retire(State(), Array.Empty<Tensor>());
            }
        }

        /// <summary>APGD's checkpoints: p₀ = 0, p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06), as step numbers.</summary>
        private static HashSet<int> Checkpoints(int steps)
        {
            var result = new HashSet<int>();
            double previous = 0, current = 0.22;
            while (current < 1)
            {
                result.Add((int)Math.Ceiling(current * steps));
                double next = current + Math.Max(current - previous - 0.03, 0.06);
                previous = current;
                current = next;
            }
            return result;
        }

        /// <summary>The result on the CPU: the adversarial inputs at the best δ, logits there, success, norms and steps.</summary>
        internal AttackResult Finish()
        {
            using (no_grad())
            {
                Tensor adversarial = _x + _best;
                Tensor logits = _model.call(adversarial);
                Tensor success = Succeeds(logits);
                Tensor flat = _best.reshape(_n, -1).to(ScalarType.Float64);
                Tensor l2 = flat.norm(1);
                Tensor linf = flat.abs().amax(new long[] { 1 });
                Tensor steps = where(success, _steps, full_like(_steps, -1L));
                var result = new AttackResult(Out(adversarial), Out(success), Out(l2), Out(linf), Out(logits), Out(steps));
                foreach (Tensor t in new[] { _best, _bestLoss, _found, _steps }) t.Dispose();
                return result;
            }
        }

        private static Tensor Out(Tensor t) => t.cpu().clone().DetachFromDisposeScope();
    }
}
