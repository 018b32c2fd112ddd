using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The Householder activation of order 1 (Singla, Singla &amp; Feizi, "Improved deterministic l2 robustness on CIFAR-10
/// and CIFAR-100", ICLR 2022): channel j of the first half and channel j of the second half (dim 1, paired as by
/// <see cref="MaxMin"/>) form z = (a, b), and with the learned unit vector v = (cos θⱼ, sin θⱼ)
/// <code>HH(z) = z if vᵀz &gt; 0, else (I − 2vvᵀ)z,   computed as   z − 2·min(vᵀz, 0)·v.</code>
/// Both pieces are isometries and agree on the hyperplane vᵀz = 0 (there (I − 2vvᵀ)z = z), so the map is continuous
/// and, splitting any segment where it crosses the hyperplane, 1-Lipschitz for every θ; its Jacobian is orthogonal
/// wherever it exists (gradient norm preserving). θ starts at −π/4, v = (1, −1)/√2: the reflection swaps a and b
/// where a &lt; b, so the layer starts as MaxMin.
/// </summary>
public sealed class Householder : LearnedActivation
{
    /// <summary>Creates the activation for <paramref name="channels"/> channels (even), θ = −π/4 for every pair.</summary>
    public Householder(long channels) : base(nameof(Householder), channels, InitialTheta(channels))
    {
    }

    private static Tensor InitialTheta(long channels)
    {
        if (channels < 2 || channels % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Householder: the channel count must be even and positive (channels are paired)");
        return full(new[] { channels / 2 }, -Math.PI / 4);
    }

    /// <summary>HH on every channel pair of [N, C, ...] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        long[] view = PerChannel(input, nameof(Householder));
        long half = Channels / 2;
        view[1] = half;
        using var scope = NewDisposeScope();
        Tensor a = input.narrow(1, 0, half);
        Tensor b = input.narrow(1, half, half);
        Tensor t = theta.reshape(view);
        Tensor c = t.cos();
        Tensor s = t.sin();
        // 2·min(vᵀz, 0): zero where vᵀz > 0 (z kept), else the reflection's step along v.
        Tensor step = (c * a + s * b).clamp_max(0) * 2;
        return cat(new[] { a - step * c, b - step * s }, 1).MoveToOuterDisposeScope();
    }
}
