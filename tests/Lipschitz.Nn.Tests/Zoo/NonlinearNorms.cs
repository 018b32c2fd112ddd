using System.Linq;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>
/// Independent measurements of the Lipschitz constant of nonlinear layers, in float64: the largest singular value of the
/// Jacobian at sampled inputs (for a continuous piecewise-smooth map, the Lipschitz constant is the supremum of these),
/// distance ratios on random pairs, and gradients checked against central finite differences.
/// </summary>
internal static class NonlinearNorms
{
    /// <summary>The slack for a ratio ≤ 1 measured in float64: the nearest pairs are 1e-4·‖x‖ apart, so their difference loses about four of sixteen digits.</summary>
    internal const double PairSlack = 1e-10;

    /// <summary>The Jacobian of <paramref name="f"/> at one input <paramref name="x"/> ([1, ...]) as an [outputs, inputs] matrix, row by row through autograd.</summary>
    internal static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        using Tensor input = x.detach().clone();
        input.requires_grad = true;
        using Tensor output = f(input);
        using Tensor flat = output.reshape(-1);
        long m = flat.size(0);
        var rows = new Tensor[m];
        try
        {
            for (long j = 0; j < m; j++)
            {
                using Tensor oj = flat.select(0, j);
                using Tensor gj = autograd.grad(new[] { oj }, new[] { input }, retain_graph: true, allow_unused: true)[0];
                rows[j] = gj is null ? zeros(input.numel(), dtype: input.dtype) : gj.reshape(-1);
            }
            return stack(rows, 0);
        }
        finally
        {
            foreach (Tensor? r in rows) r?.Dispose();
        }
    }

    /// <summary>σmax of the Jacobian at <paramref name="x"/> ([1, ...]).</summary>
    internal static double JacobianNorm(Func<Tensor, Tensor> f, Tensor x)
    {
        using Tensor j = Jacobian(f, x);
        return OperatorNorms.SigmaMax(j);
    }

    /// <summary>The largest σmax of the Jacobian over <paramref name="samples"/> inputs drawn from N(0, scale²) of <paramref name="shape"/> (no batch).</summary>
    internal static double MaxJacobianNorm(Func<Tensor, Tensor> f, long[] shape, int samples, double scale = 1.0)
    {
        double worst = 0;
        for (int i = 0; i < samples; i++)
        {
            using Tensor x = randn(new[] { 1L }.Concat(shape).ToArray(), ScalarType.Float64) * scale;
            worst = Math.Max(worst, JacobianNorm(f, x));
        }
        return worst;
    }

    /// <summary>The largest ‖f(x) − f(y)‖₂ / ‖x − y‖₂ over random pairs: y = x + δ with ‖δ‖ from 1e-4·‖x‖ to 10·‖x‖.</summary>
    internal static double MaxPairRatio(Func<Tensor, Tensor> f, long[] shape, int pairs, double scale = 1.0)
    {
        using var scope = NewDisposeScope();
        var batch = new[] { (long)pairs }.Concat(shape).ToArray();
        Tensor x = randn(batch, ScalarType.Float64) * scale;
        Tensor magnitudes = pow(10.0, linspace(-4, 1, pairs, dtype: ScalarType.Float64));
        Tensor delta = randn(batch, ScalarType.Float64) * scale * magnitudes.reshape(new[] { (long)pairs }.Concat(shape.Select(_ => 1L)).ToArray());
        Tensor y = x + delta;
        using (no_grad())
        {
            Tensor num = (f(x) - f(y)).reshape(pairs, -1).norm(1);
            Tensor den = delta.reshape(pairs, -1).norm(1);
            return (num / den).max().ToDouble();
        }
    }

    /// <summary>
    /// The largest |autograd − finite difference| / max(1, |autograd|) of d<paramref name="loss"/>/d<paramref name="leaf"/> over
    /// <paramref name="entries"/> entries of the leaf (a tensor or parameter with requires_grad), central differences with step <paramref name="h"/>.
    /// </summary>
    internal static double MaxGradientError(Func<Tensor> loss, Tensor leaf, int entries, double h = 1e-6)
    {
        double[] analytic;
        using (Tensor l = loss())
        {
            using Tensor g = autograd.grad(new[] { l }, new[] { leaf })[0];
            analytic = g.ToArray<double>();
        }
        double worst = 0;
        using Tensor data = leaf.detach();
        using Tensor flat = data.view(-1);
        long n = flat.size(0);
        using (no_grad())
        {
            for (int e = 0; e < entries; e++)
            {
                long i = e * n / entries;
                using Tensor entry = flat[i];
                entry.add_(h);
                double plus;
                using (Tensor lp = loss()) plus = lp.ToDouble();
                entry.sub_(2 * h);
                double minus;
                using (Tensor lm = loss()) minus = lm.ToDouble();
                entry.add_(h);
                double numeric = (plus - minus) / (2 * h);
                worst = Math.Max(worst, Math.Abs(numeric - analytic[i]) / Math.Max(1, Math.Abs(analytic[i])));
            }
        }
        return worst;
    }
}
