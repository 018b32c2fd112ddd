using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>The rectifier max(x, 0), elementwise. 1-Lipschitz, though it loses gradient norm (MaxMin does not).</summary>
public sealed class Relu : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the activation.</summary>
    public Relu() : base(nameof(Relu))
    {
    }

    /// <summary>1: |max(a, 0) − max(b, 0)| ≤ |a − b| elementwise.</summary>
    public double Bound => 1.0;

    /// <summary>max(x, 0).</summary>
    public override Tensor forward(Tensor input) => nn.functional.relu(input);
}
