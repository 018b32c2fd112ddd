using System;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>A dense layer with an AOL-rescaled weight W = P·diag(Σ_j |PᵀP|_ij)^(-1/2): 1-Lipschitz for any P.</summary>
public sealed class AolLinear : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    private readonly ConstrainedWeight _constrained = new(AolMath.LinearWeight);

    /// <summary>Creates the layer; P starts orthogonal (then W = P, an isometry or a projection), the bias at zero.</summary>
    public AolLinear(long inFeatures, long outFeatures, bool bias = true) : base(nameof(AolLinear))
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(AolLinear));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(AolLinear));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        using (no_grad())
        {
            using Tensor w = empty(new[] { outFeatures, inFeatures });
            nn.init.orthogonal_(w);
            weight = new nn.Parameter(w);
            register_parameter("weight", weight);
            if (bias)
            {
                using Tensor b = zeros(new[] { outFeatures });
                this.bias = new nn.Parameter(b);
                register_parameter("bias", this.bias);
            }
        }
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>The free parameter P, [out, in].</summary>
    public nn.Parameter weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public nn.Parameter? bias { get; }

    /// <summary>1: ‖W‖₂ ≤ 1 by the AOL theorem (Prach &amp; Lampert 2022, Theorem 1).</summary>
    public double Bound => 1.0;

    /// <summary>The constrained weight W, [out, in], as a new tensor (with autograd in training mode).</summary>
    public Tensor ConstrainedWeight() => _constrained.Get(weight, training);

    /// <summary>How many times the eval-mode weight cache was filled (for tests).</summary>
    internal int CacheMisses => _constrained.CacheMisses;

    /// <summary>x·Wᵀ + b on [..., in] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        using Tensor w = _constrained.Get(weight, training);
        return nn.functional.linear(input, w, bias);
    }

    /// <inheritdoc />
    protected override void OnConverted() => _constrained.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _constrained.Dispose();
        base.Dispose(disposing);
    }
}
