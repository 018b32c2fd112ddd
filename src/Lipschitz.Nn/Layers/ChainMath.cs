using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>What the composite layers (<see cref="Residual"/>, <see cref="Concat"/>) share: running a nested chain,
/// composing its bounds, and estimating a composite's Lipschitz constant from below.</summary>
internal static class ChainMath
{
    /// <summary>The chain's layers, checked: each must state its bound (<see cref="ILipschitzLayer"/>).</summary>
    public static nn.Module<Tensor, Tensor>[] Checked(IEnumerable<nn.Module<Tensor, Tensor>> chain, string owner, string argument)
    {
        ArgumentNullException.ThrowIfNull(chain, argument);
        var layers = chain.ToArray();
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is null) throw new ArgumentException($"{owner}: layer {i} of '{argument}' is null", argument);
            if (layers[i] is not ILipschitzLayer) throw new ArgumentException($"{owner}: layer {i} of '{argument}' ({layers[i].GetType().Name}) does not state a Lipschitz bound (ILipschitzLayer)", argument);
        }
        return layers;
    }

    /// <summary>The product of the layers' declared bounds, in order (1 when empty; +∞ as soon as one is), computed exactly as the compile-time rule does.</summary>
    public static double DeclaredBound(IEnumerable<nn.Module<Tensor, Tensor>> chain)
    {
        double product = 1.0;
        foreach (var layer in chain)
        {
            double bound = ((ILipschitzLayer)layer).Bound;
            if (double.IsPositiveInfinity(bound)) return double.PositiveInfinity;
            product *= bound;
        }
        return product;
    }

    /// <summary>Runs the chain on <paramref name="input"/>, disposing each intermediate (never the input): the input itself for an empty chain.</summary>
    public static Tensor Run(IReadOnlyList<nn.Module<Tensor, Tensor>> chain, Tensor input)
    {
        Tensor h = input;
        foreach (var layer in chain)
        {
            Tensor next = layer.call(h);
            if (!ReferenceEquals(h, input) && !ReferenceEquals(next, h)) h.Dispose();
            h = next;
        }
        return h;
    }

    /// <summary>
    /// The product of the layers' verified bounds on inputs of <paramref name="inputShape"/>: a layer with
    /// <see cref="IVerifiedBound"/> contributes its verified bound (at its own input shape, found by running the chain on
    /// zeros), any other its declared bound (exact by construction; +∞ for an unconstrained layer).
    /// </summary>
    public static double VerifiedBound(IReadOnlyList<nn.Module<Tensor, Tensor>> chain, IReadOnlyList<long> inputShape, out string parts)
    {
        var shapes = Shapes(chain, inputShape);
        double product = 1.0;
        var texts = new List<string>();
        for (int i = 0; i < chain.Count; i++)
        {
            double bound = chain[i] is IVerifiedBound verified ? verified.VerifiedBound(shapes[i]) : ((ILipschitzLayer)chain[i]).Bound;
            texts.Add(chain[i] is IVerifiedBound v ? $"{chain[i].GetName()}: {v.BoundMethod(shapes[i])}" : $"{chain[i].GetName()}: declared");
            if (double.IsPositiveInfinity(bound) || double.IsNaN(bound))
            {
                parts = string.Join("; ", texts);
                return double.PositiveInfinity;
            }
            product *= bound;
        }
        parts = texts.Count == 0 ? "identity" : string.Join("; ", texts);
        return product;
    }

    /// <summary>The input shape (no batch dimension) of each layer of the chain, then the chain's output shape.</summary>
    public static List<long[]> Shapes(IReadOnlyList<nn.Module<Tensor, Tensor>> chain, IReadOnlyList<long> inputShape)
    {
        var (device, dtype) = Placement(chain);
        var shapes = new List<long[]> { inputShape.ToArray() };
        using var _ = no_grad();
        Tensor h = zeros(new[] { 1L }.Concat(inputShape).ToArray(), dtype: dtype, device: device);
        Tensor first = h;
        try
        {
            foreach (var layer in chain)
            {
                Tensor next = layer.call(h);
                if (!ReferenceEquals(next, h)) h.Dispose();
                h = next;
                shapes.Add(h.shape.Skip(1).ToArray());
            }
        }
        finally
        {
            h.Dispose();
            if (!ReferenceEquals(first, h)) first.Dispose();
        }
        return shapes;
    }

    /// <summary>The device and dtype of the first parameter of the modules (CPU, float32 when none has parameters).</summary>
    public static (Device Device, ScalarType Dtype) Placement(IEnumerable<nn.Module<Tensor, Tensor>> modules)
    {
        foreach (var m in modules)
        {
            foreach (var p in m.parameters()) return (p.device, p.dtype);
        }
        return (CPU, ScalarType.Float32);
    }

    /// <summary>
    /// A lower estimate of the Lipschitz constant of <paramref name="f"/> on inputs of <paramref name="inputShape"/>:
    /// power iteration on the Jacobian at a random point x (v ← Jᵀ(Jv), Jv by a secant, Jᵀ by autograd), returning the
    /// largest secant ratio ‖f(x + εv) − f(x)‖ / ‖εv‖ met, which no Lipschitz bound can be below (up to rounding).
    /// </summary>
    public static double SecantPowerIteration(nn.Module<Tensor, Tensor> f, IEnumerable<nn.Module<Tensor, Tensor>> modules, IReadOnlyList<long> inputShape, int iterations, long seed = 0)
    {
        var (device, dtype) = Placement(modules);
        var shape = new[] { 1L }.Concat(inputShape).ToArray();
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed, CPU);
        Tensor x = randn(shape, dtype: ScalarType.Float64, generator: generator).to(dtype, device);
        Tensor v = randn(shape, dtype: ScalarType.Float64, generator: generator).to(dtype, device);
        v = v / v.norm();
        const double step = 1e-2;
        double best = 0;
        for (int it = 0; it < Math.Max(1, iterations); it++)
        {
            Tensor jv;
            using (no_grad())
            {
                Tensor fx = f.call(x);
                Tensor fy = f.call(x + v * step);
                jv = (fy - fx) / step;
                best = Math.Max(best, jv.norm().ToDouble());
            }
            using (enable_grad())
            {
                Tensor xg = x.detach().requires_grad_(true);
                Tensor y = f.call(xg);
                if (!y.requires_grad) break;
                Tensor g = torch.autograd.grad(new[] { y }, new[] { xg }, new[] { jv.detach() })[0];
                double norm = g.norm().ToDouble();
                if (!(norm > 0) || !double.IsFinite(norm)) break;
                v = (g / norm).detach();
            }
        }
        return best;
    }
}
