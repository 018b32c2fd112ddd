using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The common part of the dense layers x·Wᵀ + b whose weight W is a function of a free parameter P (<c>weight</c>):
/// the orthogonal, Cayley and spectrally normalised layers. While training, W is computed in the parameter's dtype with
/// autograd; in eval mode it is computed in float64, rounded to the parameter's dtype once, and cached until P changes,
/// so that the weight certificates rest on is exact up to that one rounding.
/// </summary>
public abstract class ConstrainedLinear : WeightedLayer, IVerifiedBound
{
    private readonly DenseEvalCache _cache = new();

    /// <summary>Registers <paramref name="initialWeight"/> as P and, when asked, a zero bias of <paramref name="outFeatures"/>.</summary>
    private protected ConstrainedLinear(string name, Tensor initialWeight, long inFeatures, long outFeatures, bool bias)
        : base(name, initialWeight, outFeatures, bias)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>1: the eval-mode weight has spectral norm 1 (at most 1 for spectral normalisation) by construction.</summary>
    public override double Bound => 1.0;

    /// <summary>W from P with autograd, in P's dtype (the training-mode weight).</summary>
    private protected abstract Tensor TrainingWeight(Tensor p);

    /// <summary>W from P without autograd, computed in float64 and returned in P's dtype (the eval-mode weight).</summary>
    private protected abstract Tensor EvalWeight(Tensor p);

    /// <summary>Called at every training-mode forward before the weight is computed (spectral normalisation's power step).</summary>
    private protected virtual void BeforeTrainingForward()
    {
    }

    /// <summary>The weight W [out, in] of the current mode as a new tensor: computed with autograd while training
    /// (without advancing any power iteration), the cached eval-mode weight otherwise.</summary>
    public Tensor ConstrainedWeight()
    {
        if (training) return TrainingWeight(weight);
        return _cache.Get(new Tensor[] { weight }, () => new[] { EvalWeight(weight) })[0];
    }

    /// <summary>The eval-mode weight computed afresh (no cache, no autograd), whatever the mode.</summary>
    public Tensor EvalModeWeight()
    {
        using (no_grad()) return EvalWeight(weight);
    }

    /// <summary>How many times the eval-mode cache was filled (for tests).</summary>
    internal int CacheMisses => _cache.CacheMisses;

    /// <summary>x·Wᵀ + b with the weight of the current mode.</summary>
    public sealed override Tensor forward(Tensor input)
    {
        if (training) BeforeTrainingForward();
        using Tensor w = ConstrainedWeight();
        return nn.functional.linear(input, w, bias);
    }

    /// <summary>‖W‖₂ of the eval-mode weight, from its float64 SVD with a margin for the SVD's rounding.</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape)
    {
        using Tensor w = EvalModeWeight();
        return Estimation.OperatorNorm.DenseUpper(w);
    }

    /// <inheritdoc />
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        using Tensor w = EvalModeWeight();
        return Estimation.OperatorNorm.DensePowerIteration(w, iterations);
    }

    /// <inheritdoc />
    public virtual string BoundMethod(IReadOnlyList<long> inputShape) => "float64 SVD of the eval-mode weight";

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _cache?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _cache.Dispose();
        base.Dispose(disposing);
    }
}
