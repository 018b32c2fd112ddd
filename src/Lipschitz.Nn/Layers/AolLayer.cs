using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The common part of the AOL layers: a free parameter P (<c>weight</c>), an optional bias, and the constrained weight
/// computed from P in <c>forward</c> while training and cached in eval mode until P changes.
/// </summary>
public abstract class AolLayer : WeightedLayer, IVerifiedBound
{
    private readonly ConstrainedWeight _constrained;
    private readonly Func<Tensor, Tensor> _constrain;

    /// <summary>Registers <paramref name="initialWeight"/> as P and, when asked, a zero bias of <paramref name="outSize"/>.</summary>
    private protected AolLayer(string name, Func<Tensor, Tensor> constrain, Tensor initialWeight, long outSize, bool bias)
        : base(name, initialWeight, outSize, bias)
    {
        _constrain = constrain;
        _constrained = new ConstrainedWeight(constrain);
    }

    /// <summary>The constrained weight computed afresh from P, without autograd and without the cache (for measurements).</summary>
    private protected Tensor FreshWeight()
    {
        using (no_grad()) return _constrain(weight);
    }

    /// <inheritdoc />
    public abstract double VerifiedBound(System.Collections.Generic.IReadOnlyList<long> inputShape);

    /// <inheritdoc />
    public abstract double PowerIteration(System.Collections.Generic.IReadOnlyList<long> inputShape, int iterations);

    /// <summary>1: the AOL rescaling makes the layer 1-Lipschitz for any P.</summary>
    public override double Bound => 1.0;

    /// <summary>The constrained weight W, [out, in] (and [k, k] for kernels), as a new tensor (with autograd in training mode).</summary>
    public Tensor ConstrainedWeight() => _constrained.Get(weight, training);

    /// <summary>How many times the eval-mode weight cache was filled (for tests).</summary>
    internal int CacheMisses => _constrained.CacheMisses;

    /// <summary>Applies the layer with the constrained weight.</summary>
    public sealed override Tensor forward(Tensor input)
    {
        using Tensor w = _constrained.Get(weight, training);
        return Apply(input, w);
    }

    /// <summary>The layer's operation on <paramref name="input"/> with the constrained weight <paramref name="w"/>.</summary>
    private protected abstract Tensor Apply(Tensor input, Tensor w);

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _constrained?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _constrained.Dispose();
        base.Dispose(disposing);
    }
}
