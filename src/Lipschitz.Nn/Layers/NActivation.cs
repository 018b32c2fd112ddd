using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The N-activation (Prach &amp; Lampert, "1-Lipschitz Neural Networks are more expressive with N-Activations", 2023):
/// per channel (dim 1) a learned pair, sorted into θ₁ ≤ θ₂ in every forward (so any two values are a valid pair), and
/// <code>N(x) = x − 2θ₁ for x &lt; θ₁,   −x for θ₁ ≤ x &lt; θ₂,   x − 2θ₂ for x ≥ θ₂;   that is x − 2·clamp(x, θ₁, θ₂).</code>
/// Continuity by hand: at θ₁ both sides give −θ₁, at θ₂ both give −θ₂. The slopes are +1, −1, +1, so each output moves
/// by exactly as much as its input on each piece and the map is 1-Lipschitz elementwise for every θ. (The form
/// x, 2θ₁ − x, x − 2(θ₂ − θ₁) is the same function plus the constant 2θ₁.) θ starts as in the authors' public code:
/// (−1, 0) on even channels, (0, 0) (the identity) on odd ones; sorting hands each sorted slot's gradient to one entry,
/// so a tied pair separates in training.
/// </summary>
public sealed class NActivation : LearnedActivation
{
    /// <summary>Creates the activation for <paramref name="channels"/> channels, θ = (−1, 0) on even and (0, 0) on odd channels.</summary>
    public NActivation(long channels) : base(nameof(NActivation), channels, InitialTheta(channels))
    {
    }

    private static Tensor InitialTheta(long channels)
    {
        LayerArgs.Positive(channels, nameof(channels), nameof(NActivation));
        var values = new float[channels * 2];
        for (long c = 0; c < channels; c += 2) values[2 * c] = -1f;
        return tensor(values, new[] { channels, 2L });
    }

    /// <summary>x − 2·clamp(x, θ₁, θ₂) per channel of [N, C, ...] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        long[] view = PerChannel(input, nameof(NActivation));
        view[1] = Channels;
        using var scope = NewDisposeScope();
        (Tensor sorted, Tensor _) = theta.sort(1);
        Tensor lo = sorted.select(1, 0).reshape(view);
        Tensor hi = sorted.select(1, 1).reshape(view);
        return (input - input.maximum(lo).minimum(hi) * 2).MoveToOuterDisposeScope();
    }
}
