using System;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>How a layer's Lipschitz bound is obtained.</summary>
public enum BoundKind
{
    /// <summary>Holds by construction (e.g. AOL's rescaling, a permutation).</summary>
    Exact,
    /// <summary>Depends on an iterative approximation (e.g. power iteration); sound only once it has converged.</summary>
    Computed,
    /// <summary>The layer has no bound (an unconstrained linear map).</summary>
    None,
}

/// <summary>A layer kind's Lipschitz bound as a rule of its parameters, with the sentence <c>inspect</c> prints.</summary>
public sealed class BoundRule
{
    private readonly Func<ParamSet, double> _value;

    private BoundRule(BoundKind kind, string sentence, Func<ParamSet, double> value)
    {
        Kind = kind;
        Sentence = sentence;
        _value = value;
    }

    /// <summary>Exact, computed or none.</summary>
    public BoundKind Kind { get; }

    /// <summary>Why the bound holds ("AOL rescaling: ‖W‖₂ ≤ 1").</summary>
    public string Sentence { get; }

    /// <summary>Whether the layer has a bound at all.</summary>
    public bool Bounded => Kind != BoundKind.None;

    /// <summary>The bound for the given parameters (+∞ when there is none).</summary>
    public double Of(ParamSet parameters) => Kind == BoundKind.None ? double.PositiveInfinity : _value(parameters);

    /// <summary>An exact bound of 1.</summary>
    public static BoundRule One(string sentence) => new(BoundKind.Exact, sentence, _ => 1.0);

    /// <summary>An exact bound computed from the parameters.</summary>
    public static BoundRule Exact(string sentence, Func<ParamSet, double> value) => new(BoundKind.Exact, sentence, value);

    /// <summary>A bound that comes from an iterative approximation.</summary>
    public static BoundRule Computed(string sentence, Func<ParamSet, double> value) => new(BoundKind.Computed, sentence, value);

    /// <summary>No bound.</summary>
    public static BoundRule None(string sentence) => new(BoundKind.None, sentence, _ => double.PositiveInfinity);
}
