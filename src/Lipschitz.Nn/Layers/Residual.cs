using System;
using System.Collections.Generic;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A residual block y = x + c·f(x), or the convex block y = (1 − c)·x + c·f(x) with c in (0, 1], where f is a nested
/// chain of layers that keeps the input's shape. ‖y(a) − y(b)‖ ≤ (1 + |c|·L_f)·‖a − b‖ (convex: ((1 − c) + c·L_f)·‖a − b‖,
/// 1 when L_f ≤ 1) by the triangle inequality, with L_f the product of the body's bounds.
/// </summary>
/// <remarks>The body is registered as the submodule list "body", so its parameters appear once, under
/// "body.0.weight", "body.1.…" (by position), and <c>to()</c>, <c>parameters()</c> and <c>state_dict()</c> reach them.</remarks>
public sealed class Residual : nn.Module<Tensor, Tensor>, ILipschitzLayer, IVerifiedBound
{
    // Only an array: a Module-typed field would be registered a second time (under its field name) when a parent's
    // RegisterComponents reflects over this layer, e.g. once the block sits in a ModuleList.
    private readonly nn.Module<Tensor, Tensor>[] _layers;

    /// <summary>Creates the block around <paramref name="body"/> (taking ownership of its layers, each an <see cref="ILipschitzLayer"/>).</summary>
    /// <param name="body">The nested chain f; it must keep the input's shape.</param>
    /// <param name="scale">The factor c on f(x) (finite; in (0, 1] when <paramref name="convex"/>).</param>
    /// <param name="convex">Whether the block is (1 − c)·x + c·f(x) instead of x + c·f(x).</param>
    public Residual(IEnumerable<nn.Module<Tensor, Tensor>> body, double scale = 1.0, bool convex = false) : base(nameof(Residual))
    {
        var layers = ChainMath.Checked(body, nameof(Residual), nameof(body));
        if (!double.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Residual: the scale must be a finite number");
        if (convex && !(scale > 0 && scale <= 1)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Residual: a convex block needs 0 < scale ≤ 1");
        Scale = scale;
        Convex = convex;
        _layers = layers;
        register_module("body", nn.ModuleList(layers));
        Bound = Compose(ChainMath.DeclaredBound(_layers));
    }

    /// <summary>The nested chain f.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Body => _layers;

    /// <summary>The factor c.</summary>
    public double Scale { get; }

    /// <summary>Whether the block is the convex combination (1 − c)·x + c·f(x).</summary>
    public bool Convex { get; }

    /// <summary>1 + |c|·L_f, or (1 − c) + c·L_f when convex, with L_f the product of the body's declared bounds.</summary>
    public double Bound { get; }

    /// <summary>The block's bound for a body bound <paramref name="body"/> (+∞ when it is), as the compile-time rule computes it.</summary>
    public double Compose(double body) =>
        double.IsPositiveInfinity(body) ? double.PositiveInfinity : Convex ? (1 - Scale) + Scale * body : 1 + Math.Abs(Scale) * body;

    /// <summary>x + c·f(x), or (1 − c)·x + c·f(x).</summary>
    public override Tensor forward(Tensor input)
    {
        Tensor h = ChainMath.Run(_layers, input);
        try
        {
            if (!h.shape.AsSpan().SequenceEqual(input.shape))
                throw new ArgumentException($"Residual: the body turns [{string.Join(", ", input.shape)}] into [{string.Join(", ", h.shape)}]; it must keep the shape", nameof(input));
            if (Convex)
            {
                using Tensor skip = input * (1 - Scale);
                using Tensor branch = h * Scale;
                return skip + branch;
            }
            if (Scale == 1.0) return input + h;
            using Tensor scaled = h * Scale;
            return input + scaled;
        }
        finally
        {
            if (!ReferenceEquals(h, input)) h.Dispose();
        }
    }

    /// <summary>The rule applied to the body's verified bounds (verified bounds of weighted layers, exact bounds of the others).</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape) => Compose(ChainMath.VerifiedBound(_layers, inputShape, out _));

    /// <summary>A lower estimate: power iteration on the block's Jacobian at a random point, as the largest secant ratio met.</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations) => ChainMath.SecantPowerIteration(this, _layers, inputShape, iterations);

    /// <summary>"residual 1 + |c|·(…)" with the body's methods.</summary>
    public string BoundMethod(IReadOnlyList<long> inputShape)
    {
        ChainMath.VerifiedBound(_layers, inputShape, out var parts);
        var c = Scale.ToString("R", CultureInfo.InvariantCulture);
        return (Convex ? $"(1 − {c}) + {c}·Π" : $"1 + |{c}|·Π") + $" of the body's bounds ({parts})";
    }
}
