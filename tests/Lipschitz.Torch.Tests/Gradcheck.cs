using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

/// <summary>Compares autograd gradients with central finite differences in float64.</summary>
internal static class Gradcheck
{
    /// <summary>
    /// Checks d/dinputs of sum(f(inputs) · w) for a fixed random weighting w; throws with the first mismatch.
    /// Inputs must be contiguous float64 CPU tensors; they get requires_grad here.
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-4, int seed = 7)
    {
        using var scope = NewDisposeScope();
        foreach (var x in inputs)
        {
            Assert.Equal(ScalarType.Float64, x.dtype);
            x.requires_grad = true;
        }
        Tensor weights;
        using (var probe = f(inputs))
        {
            var rng = new Random(seed);
            var w = new double[probe.numel()];
            for (int k = 0; k < w.Length; k++) w[k] = rng.NextDouble() * 2 - 1;
            weights = tensor(w, probe.shape);
        }
        Tensor Objective(Tensor[] xs)
        {
            using Tensor y = f(xs);
            using Tensor yw = y.to(ScalarType.Float64) * weights;
            return yw.sum();
        }
        Tensor?[] analytic;
        using (Tensor obj = Objective(inputs))
            analytic = autograd.grad(new[] { obj }, inputs, allow_unused: true);

        for (int i = 0; i < inputs.Length; i++)
        {
            Tensor x = inputs[i];
            double[] values = x.ToArray<double>();
            double[] expected = analytic[i]?.ToArray<double>() ?? new double[values.Length];
            for (int j = 0; j < values.Length; j++)
            {
                double saved = values[j];
                double plus, minus;
                using (no_grad())
                {
                    values[j] = saved + eps;
                    x.CopyFrom<double>(values);
                    using (Tensor o = Objective(inputs)) plus = o.item<double>();
                    values[j] = saved - eps;
                    x.CopyFrom<double>(values);
                    using (Tensor o = Objective(inputs)) minus = o.item<double>();
                    values[j] = saved;
                    x.CopyFrom<double>(values);
                }
                double numeric = (plus - minus) / (2 * eps);
                double tol = atol + rtol * Math.Abs(numeric);
                if (Math.Abs(numeric - expected[j]) > tol)
                    Assert.Fail($"input {i} element {j}: autograd {expected[j]:R}, finite difference {numeric:R}");
            }
        }
    }

    /// <summary>A float64 tensor of uniform values in [lo, hi) from a seeded .NET generator.</summary>
    public static Tensor Uniform(long[] shape, double lo = -1, double hi = 1, int seed = 1)
    {
        var rng = new Random(seed);
        long n = 1;
        foreach (long d in shape) n *= d;
        var v = new double[n];
        for (int k = 0; k < v.Length; k++) v[k] = lo + (hi - lo) * rng.NextDouble();
        return tensor(v, shape);
    }
}
