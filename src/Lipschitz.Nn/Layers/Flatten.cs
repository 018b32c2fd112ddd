using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>Flattens every dimension but the batch one: [N, ...] → [N, Π...]. An isometry.</summary>
public sealed class Flatten : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer.</summary>
    public Flatten() : base(nameof(Flatten))
    {
    }

    /// <summary>1: a reshape keeps every value.</summary>
    public double Bound => 1.0;

    /// <summary>[N, ...] → [N, Π...].</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() < 1) throw new ArgumentException("Flatten: expected a batch [N, ...], got a scalar", nameof(input));
        return input.reshape(input.size(0), -1);
    }
}
