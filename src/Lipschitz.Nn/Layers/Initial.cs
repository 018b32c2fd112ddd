using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>PyTorch's default initialisation of unconstrained layers.</summary>
internal static class Initial
{
    /// <summary>A new tensor of <paramref name="shape"/>, Kaiming-uniform with a = √5 (bound 1/√fan-in).</summary>
    internal static Tensor KaimingUniform(long[] shape)
    {
        using (no_grad())
        {
            Tensor w = empty(shape);
            nn.init.kaiming_uniform_(w, Math.Sqrt(5));
            return w;
        }
    }

    /// <summary>Fills <paramref name="bias"/> uniformly in ±1/√<paramref name="fanIn"/>.</summary>
    internal static void UniformBias(Parameter bias, long fanIn)
    {
        double limit = 1 / Math.Sqrt(fanIn);
        using (no_grad()) nn.init.uniform_(bias, -limit, limit);
    }
}
