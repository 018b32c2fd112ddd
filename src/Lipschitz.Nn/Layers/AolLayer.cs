using System;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The common part of the AOL layers: a free parameter P, an optional bias, and the constrained weight computed from P
/// in <c>forward</c> while training and cached in eval mode until P changes.
/// </summary>
public abstract class AolLayer : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    private readonly ConstrainedWeight _constrained;

    /// <summary>Registers <paramref name="initialWeight"/> as P (taking ownership: it is disposed once wrapped) and, when asked, a zero bias of <paramref name="outSize"/>.</summary>
    private protected AolLayer(string name, Func<Tensor, Tensor> constrain, Tensor initialWeight, long outSize, bool bias) : base(name)
    {
        _constrained = new ConstrainedWeight(constrain);
        using (no_grad())
        {
            using (initialWeight)
            {
                weight = new nn.Parameter(initialWeight);
            }
            register_parameter("weight", weight);
            if (bias)
            {
                using Tensor b = zeros(new[] { outSize });
                this.bias = new nn.Parameter(b);
                register_parameter("bias", this.bias);
            }
        }
    }

    /// <summary>The free parameter P.</summary>
    public nn.Parameter weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public nn.Parameter? bias { get; }

    /// <summary>1: the AOL rescaling makes the layer 1-Lipschitz for any P.</summary>
    public double Bound => 1.0;

    /// <summary>The constrained weight W, shaped like P, as a new tensor (with autograd in training mode).</summary>
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
    protected override void OnConverted() => _constrained.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _constrained.Dispose();
        base.Dispose(disposing);
    }
}
