using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>The absolute value |x|, elementwise. 1-Lipschitz: ||a| − |b|| ≤ |a − b|, with equality when a and b share a sign.</summary>
public sealed class Abs : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the activation.</summary>
    public Abs() : base(nameof(Abs))
    {
    }

    /// <summary>1: the reverse triangle inequality, elementwise.</summary>
    public double Bound => 1.0;

    /// <summary>|x|.</summary>
    public override Tensor forward(Tensor input) => input.abs();
}
