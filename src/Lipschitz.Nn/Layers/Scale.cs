using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>Multiplies by a constant c; Lipschitz with bound |c|.</summary>
public sealed class Scale : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer multiplying by <paramref name="factor"/> (finite).</summary>
    public Scale(double factor) : base(nameof(Scale))
    {
        if (!double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Scale: the factor must be a finite number");
        Factor = factor;
    }

    /// <summary>The constant c.</summary>
    public double Factor { get; }

    /// <summary>|c|.</summary>
    public double Bound => Math.Abs(Factor);

    /// <summary>c·x.</summary>
    public override Tensor forward(Tensor input) => input * Factor;
}
