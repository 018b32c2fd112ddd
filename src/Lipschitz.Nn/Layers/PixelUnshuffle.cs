using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>Moves r×r spatial blocks into channels: [N, C, H, W] → [N, C·r², H/r, W/r]. A permutation, so an isometry.</summary>
public sealed class PixelUnshuffle : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    /// <summary>Creates the layer with block size <paramref name="factor"/>.</summary>
    public PixelUnshuffle(long factor) : base(nameof(PixelUnshuffle))
    {
        LayerArgs.Positive(factor, nameof(factor), nameof(PixelUnshuffle));
        Factor = factor;
    }

    /// <summary>The block size r.</summary>
    public long Factor { get; }

    /// <summary>1: the values are only rearranged.</summary>
    public double Bound => 1.0;

    /// <summary>[N, C, H, W] → [N, C·r², H/r, W/r]; H and W must be multiples of r.</summary>
    public override Tensor forward(Tensor input)
    {
        long[] s = input.shape;
        if (s.Length != 4) throw new ArgumentException($"PixelUnshuffle: expected [N, C, H, W], got shape [{string.Join(", ", s)}]", nameof(input));
        if (s[2] % Factor != 0 || s[3] % Factor != 0)
            throw new ArgumentException($"PixelUnshuffle: height {s[2]} and width {s[3]} must be multiples of the factor {Factor}", nameof(input));
        return nn.functional.pixel_unshuffle(input, Factor);
    }
}
