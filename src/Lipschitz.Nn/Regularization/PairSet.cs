using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Regularization;

/// <summary>
/// Pairs of inputs (u_i, v_i) whose difference quotients ‖f(u) − f(v)‖₂ / ‖u − v‖₂ estimate a network's Lipschitz
/// constant from below, moved by gradient ascent on the quotient (CLIP's Lipschitz set, Bungert et al. 2021). Each
/// pair has its own step size: an ascent step that raises the pair's quotient is kept and the step grows by 1.5,
/// one that lowers it is undone and the step halves, so every pair's quotient never decreases.
/// </summary>
public sealed class PairSet : IDisposable
{
    private Tensor _u, _v, _step;

    private PairSet(Tensor u, Tensor v, Tensor step)
    {
        _u = u.DetachFromDisposeScope();
        _v = v.DetachFromDisposeScope();
        _step = step.DetachFromDisposeScope();
    }

    /// <summary>The first points, [P, ...].</summary>
    public Tensor U => _u;

    /// <summary>The second points, [P, ...].</summary>
    public Tensor V => _v;

    /// <summary>Each pair's ascent step, [P] float64.</summary>
    public Tensor StepSize => _step;

    /// <summary>The number of pairs.</summary>
    public long Count => _u.size(0);

    /// <summary>Pairs (x_i, x_i + r·n_i/‖n_i‖) with Gaussian n_i: each input and a point at distance <paramref name="radius"/> from it.</summary>
    public static PairSet Around(Tensor inputs, double radius, double step, Generator? generator = null)
    {
        if (!(radius > 0)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "the pairs need a positive distance");
        using var scope = NewDisposeScope();
        Tensor u = inputs.detach().clone();
        Tensor noise = randn(u.shape, dtype: u.dtype, device: u.device, generator: generator);
        Tensor v = u + noise / Norms(noise).clamp_min(1e-30).view(Batch(u)) * radius;
        return new PairSet(u, v, full(u.size(0), step, dtype: ScalarType.Float64, device: u.device));
    }

    /// <summary>Pairs of the first and the second half of <paramref name="inputs"/> (an odd last input is left out).</summary>
    public static PairSet Halves(Tensor inputs, double step)
    {
        long half = inputs.size(0) / 2;
        if (half < 1) throw new ArgumentException("two inputs at least are needed to form a pair", nameof(inputs));
        using var scope = NewDisposeScope();
        Tensor u = inputs.narrow(0, 0, half).detach().clone(), v = inputs.narrow(0, half, half).detach().clone();
        return new PairSet(u, v, full(half, step, dtype: ScalarType.Float64, device: u.device));
    }

    /// <summary>Restores a pair set from its tensors (as <see cref="U"/>, <see cref="V"/>, <see cref="StepSize"/> were saved); copies them.</summary>
    public static PairSet FromTensors(Tensor u, Tensor v, Tensor step)
    {
        if (!u.shape.AsSpan().SequenceEqual(v.shape) || step.dim() != 1 || step.size(0) != u.size(0))
            throw new ArgumentException($"a pair set needs U and V of one shape and one step per pair, got [{string.Join(", ", u.shape)}], [{string.Join(", ", v.shape)}], [{string.Join(", ", step.shape)}]");
        using var scope = NewDisposeScope();
        return new PairSet(u.detach().clone(), v.detach().clone(), step.detach().to(ScalarType.Float64).clone());
    }

    /// <summary>The pairs' quotients, [P] float64, without autograd (differences taken in float64).</summary>
    public Tensor Quotients(nn.Module<Tensor, Tensor> f)
    {
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            Tensor d = f.call(_u).to(ScalarType.Float64) - f.call(_v).to(ScalarType.Float64);
            return (Norms(d) / Norms(_u.to(ScalarType.Float64) - _v.to(ScalarType.Float64)).clamp_min(1e-300)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>The pairs' quotients, [P], differentiable with respect to <paramref name="f"/>'s parameters (the pairs are constants).</summary>
    public Tensor QuotientsForTraining(nn.Module<Tensor, Tensor> f)
    {
        using var scope = NewDisposeScope();
        Tensor q = Norms(f.call(_u) - f.call(_v)) / Norms(_u - _v).clamp_min(1e-30);
        return q.MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="steps"/> steps of per-pair normalised gradient ascent on the quotients (see the class summary).</summary>
    public void Ascend(nn.Module<Tensor, Tensor> f, int steps)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "0 or more steps");
        if (steps == 0) return;
        using var outer = NewDisposeScope();
        Tensor ratio = Quotients(f);
        long[] batch = Batch(_u);
        for (int k = 0; k < steps; k++)
        {
            using var scope = NewDisposeScope();
            Tensor gu, gv;
            using (enable_grad())
            {
                Tensor a = _u.detach().requires_grad_(true), b = _v.detach().requires_grad_(true);
                Tensor q = (Norms(f.call(a) - f.call(b)) / Norms(a - b).clamp_min(1e-30)).sum();
                // TorchSharp's autograd.grad aborts the process when the output does not depend on the input.
                if (!q.requires_grad) throw new InvalidOperationException("the network's output does not depend on its input through autograd, so the pairs cannot be moved");
                var grads = autograd.grad(new[] { q }, new[] { a, b });
                (gu, gv) = (grads[0], grads[1]);
            }
            using (no_grad())
            {
                Tensor s = _step.to(_u.dtype).view(batch);
                Tensor u2 = _u + gu / Norms(gu).clamp_min(1e-30).view(batch) * s;
                Tensor v2 = _v + gv / Norms(gv).clamp_min(1e-30).view(batch) * s;
                var trial = new PairSet(u2, v2, _step.alias());
                Tensor r2 = trial.Quotients(f);
                Tensor better = r2.gt(ratio);
                Tensor b = better.view(batch);
                Replace(ref _u, where(b, u2, _u));
                Replace(ref _v, where(b, v2, _v));
                Replace(ref _step, where(better, _step * 1.5, _step * 0.5));
                trial.Dispose();
                ratio = where(better, r2, ratio);
                scope.MoveToOuter(ratio);
            }
        }
    }

    private static void Replace(ref Tensor field, Tensor value)
    {
        Tensor old = field;
        field = value.DetachFromDisposeScope();
        old.Dispose();
    }

    /// <summary>Frees the pairs.</summary>
    public void Dispose()
    {
        _u.Dispose();
        _v.Dispose();
        _step.Dispose();
    }

    private static Tensor Norms(Tensor t) => t.reshape(t.size(0), -1).norm(1);

    private static long[] Batch(Tensor x)
    {
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.size(0);
        return shape;
    }
}
