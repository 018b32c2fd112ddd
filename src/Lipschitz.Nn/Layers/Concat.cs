using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// Concatenation of branches along dimension 1 (features or channels): y = [f₁(x), …, fₖ(x)], each fᵢ a nested chain of
/// layers on the same input (an empty chain passes x through). ‖y(a) − y(b)‖² = Σ‖fᵢ(a) − fᵢ(b)‖² ≤ Σ Lᵢ²·‖a − b‖², so
/// the bound is √(Σ Lᵢ²), with Lᵢ the product of branch i's bounds.
/// </summary>
/// <remarks>Branch i is registered as the submodule list "branch{i}", so its parameters appear once, under
/// "branch0.0.weight", … (by position).</remarks>
public sealed class Concat : nn.Module<Tensor, Tensor>, ILipschitzLayer, IVerifiedBound
{
    // Only arrays (registered as the module lists "branch{i}"): a Module-typed field would be registered a second time
    // when a parent's RegisterComponents reflects over this layer.
    private readonly nn.Module<Tensor, Tensor>[][] _branches;

    /// <summary>Creates the concatenation of <paramref name="branches"/> (at least one; taking ownership of their layers, each an <see cref="ILipschitzLayer"/>).</summary>
    public Concat(IEnumerable<IEnumerable<nn.Module<Tensor, Tensor>>> branches) : base(nameof(Concat))
    {
        ArgumentNullException.ThrowIfNull(branches);
        var lists = branches.Select((b, i) => ChainMath.Checked(b, nameof(Concat), $"branches[{i}]")).ToArray();
        if (lists.Length == 0) throw new ArgumentException("Concat: at least one branch is needed", nameof(branches));
        _branches = lists;
        for (int i = 0; i < lists.Length; i++)
        {
            register_module("branch" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.ModuleList(lists[i]));
        }
        Bound = Compose(_branches.Select(ChainMath.DeclaredBound));
    }

    /// <summary>The branches, in order.</summary>
    public IReadOnlyList<IReadOnlyList<nn.Module<Tensor, Tensor>>> Branches => _branches;

    /// <summary>√(Σ Lᵢ²) over the branches' declared bounds.</summary>
    public double Bound { get; }

    /// <summary>√(Σ Lᵢ²) of the given branch bounds (+∞ when one is), as the compile-time rule computes it.</summary>
    public static double Compose(IEnumerable<double> branches)
    {
        double sum = 0;
        foreach (var b in branches)
        {
            if (double.IsPositiveInfinity(b) || double.IsNaN(b)) return double.PositiveInfinity;
            sum += b * b;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>[f₁(x), …, fₖ(x)] along dimension 1.</summary>
    public override Tensor forward(Tensor input)
    {
        var outputs = new List<Tensor>(_branches.Length);
        try
        {
            foreach (var branch in _branches) outputs.Add(ChainMath.Run(branch, input));
            return cat(outputs, 1);
        }
        finally
        {
            foreach (var o in outputs)
            {
                if (!ReferenceEquals(o, input)) o.Dispose();
            }
        }
    }

    /// <summary>√(Σ Lᵢ²) over the branches' verified bounds (verified bounds of weighted layers, exact bounds of the others).</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape) => Compose(_branches.Select(b => ChainMath.VerifiedBound(b, inputShape, out _)).ToList());

    /// <summary>A lower estimate: power iteration on the layer's Jacobian at a random point, as the largest secant ratio met.</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations) => ChainMath.SecantPowerIteration(this, _branches.SelectMany(b => b), inputShape, iterations);

    /// <summary>"√(Σ Lᵢ²)" with the branches' methods.</summary>
    public string BoundMethod(IReadOnlyList<long> inputShape) =>
        "√(Σ Lᵢ²) of the branches' bounds (" + string.Join(" | ", _branches.Select(b => { ChainMath.VerifiedBound(b, inputShape, out var parts); return parts; })) + ")";
}
