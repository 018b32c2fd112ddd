using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Estimation;

/// <summary>A lower bound of a network's Lipschitz constant found on data, with where it was found.</summary>
/// <param name="Value">The largest ratio found: every value is attained, so the constant is at least this.</param>
/// <param name="Sample">The index (in the batch given) of the sample the best value started from.</param>
/// <param name="Method">How it was found.</param>
public sealed record LowerBound(double Value, long Sample, string Method)
{
    /// <summary>
    /// CLIP's pair search (Bungert et al. 2021): pairs (u, v) start at each input and a nearby point (u + noise of norm
    /// <paramref name="radius"/>) and climb ‖f(u) − f(v)‖₂ / ‖u − v‖₂ by normalised gradient ascent on both points, with
    /// a step size per pair that grows by 1.5 after an improving step and halves (the step undone) after a worsening one.
    /// </summary>
    public static LowerBound PairSearch(nn.Module<Tensor, Tensor> f, Tensor inputs, int steps = 50, double radius = 0.1, double step = 0.05, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "0 or more steps");
        using var mode = new EvalMode(f);
        using var scope = NewDisposeScope();
        var g = new Generator((ulong)seed, inputs.device);
        using var pairs = Regularization.PairSet.Around(inputs.detach().to(TypeOf(f)), radius, step, g);
        pairs.Ascend(f, steps);
        (Tensor best, Tensor index) = pairs.Quotients(f).max(0);
        return new LowerBound(best.ToDouble(), index.ToInt64(), $"pair search ({steps} ascent steps from each of {inputs.size(0)} inputs)");
    }

    /// <summary>
    /// The largest Jacobian spectral norm at <paramref name="inputs"/>: power iteration on JᵀJ per sample through
    /// autograd (Jᵀw by one backward pass, Jv by a second one through it), reporting ‖Jv‖ for the final unit v.
    /// </summary>
    public static LowerBound Jacobian(nn.Module<Tensor, Tensor> f, Tensor inputs, int iterations = 30, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(f);
        using var mode = new EvalMode(f);
        using var scope = NewDisposeScope();
        var g = new Generator((ulong)seed, inputs.device);
        ScalarType type = TypeOf(f);
        Tensor x = inputs.detach().to(type);
        Tensor v = randn(x.shape, dtype: type, device: x.device, generator: g);
        Tensor value = zeros(x.size(0), dtype: ScalarType.Float64, device: x.device);
        for (int i = 0; i <= iterations; i++)
        {
            using var stepScope = NewDisposeScope();
            v = v / Norms(v).clamp_min(1e-30).view(Batch(x));
            Tensor jv = JacobianVector(f, x, v);
            value = Norms(jv.to(ScalarType.Float64));
            if (i < iterations) v = VectorJacobian(f, x, jv);
            stepScope.MoveToOuter(v, value);
        }
        (Tensor best, Tensor index) = value.max(0);
        return new LowerBound(best.ToDouble(), index.ToInt64(), $"Jacobian power iteration ({iterations} steps at each of {x.size(0)} inputs)");
    }

    private static long[] Batch(Tensor x)
    {
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.size(0);
        return shape;
    }

    private static Tensor Norms(Tensor t) => t.reshape(t.size(0), -1).norm(1);

    /// <summary>Jᵀw per sample: the gradient of Σ f(x)·w.</summary>
    private static Tensor VectorJacobian(nn.Module<Tensor, Tensor> f, Tensor x, Tensor w)
    {
        using (enable_grad())
        {
            Tensor a = x.detach().requires_grad_(true);
            Tensor s = (f.call(a) * w.detach()).sum();
            Guard(s);
            return autograd.grad(new[] { s }, new[] { a })[0];
        }
    }

    /// <summary>Jv per sample: with g(w) = Jᵀw (built with create_graph), Jv is the gradient of g(w)·v with respect to w.</summary>
    private static Tensor JacobianVector(nn.Module<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        using (enable_grad())
        {
            Tensor a = x.detach().requires_grad_(true);
            Tensor y = f.call(a);
            Tensor w = zeros_like(y).requires_grad_(true);
            Tensor s = (y * w).sum();
            Guard(s);
            Tensor jtw = autograd.grad(new[] { s }, new[] { a }, create_graph: true)[0];
            Tensor t = (jtw * v).sum();
            Guard(t);
            return autograd.grad(new[] { t }, new[] { w })[0];
        }
    }

    // TorchSharp's autograd.grad aborts the process on an output that does not depend on the input; refuse first.
    private static void Guard(Tensor t)
    {
        if (!t.requires_grad) throw new InvalidOperationException("the network's output does not depend on its input through autograd, so no gradient can be taken");
    }

    /// <summary>Eval mode for the measurement, restored afterwards.</summary>
    private sealed class EvalMode : IDisposable
    {
        private readonly nn.Module _m;
        private readonly bool _training;

        internal EvalMode(nn.Module m)
        {
            _m = m;
            _training = m.training;
            m.eval();
        }

        public void Dispose() => _m.train(_training);
    }

    /// <summary>The element type of the module's parameters (float32 for a module without any): inputs are cast to it.</summary>
    private static ScalarType TypeOf(nn.Module m)
    {
        foreach (var p in m.parameters()) return p.dtype;
        return ScalarType.Float32;
    }
}
