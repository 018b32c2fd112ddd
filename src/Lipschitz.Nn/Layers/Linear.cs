using System;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>An unconstrained dense layer x·Wᵀ + b; it has no Lipschitz bound (+∞).</summary>
public sealed class Linear : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer with PyTorch's default initialisation (Kaiming-uniform weight, uniform ±1/√in bias).</summary>
    public Linear(long inFeatures, long outFeatures, bool bias = true) : base(nameof(Linear))
    {
        LayerArgs.Positive(inFeatures, nameof(inFeatures), nameof(Linear));
        LayerArgs.Positive(outFeatures, nameof(outFeatures), nameof(Linear));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        using (no_grad())
        {
            using Tensor w = empty(new[] { outFeatures, inFeatures });
            nn.init.kaiming_uniform_(w, Math.Sqrt(5));
            weight = new nn.Parameter(w);
            register_parameter("weight", weight);
            if (bias)
            {
                double limit = 1 / Math.Sqrt(inFeatures);
                using Tensor b = empty(new[] { outFeatures });
                nn.init.uniform_(b, -limit, limit);
                this.bias = new nn.Parameter(b);
                register_parameter("bias", this.bias);
            }
        }
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>The weight, [out, in].</summary>
    public nn.Parameter weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public nn.Parameter? bias { get; }

    /// <summary>+∞: the weight is free, so no bound holds by construction.</summary>
    public double Bound => double.PositiveInfinity;

    /// <summary>x·Wᵀ + b on [..., in] inputs.</summary>
    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
}
