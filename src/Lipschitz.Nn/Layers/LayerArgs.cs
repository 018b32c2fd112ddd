using System;

namespace Lipschitz.Nn.Layers;

/// <summary>Argument checks shared by the layer constructors, with messages that say what would be right.</summary>
internal static class LayerArgs
{
    internal static void Positive(long value, string name, string layer)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{layer}: {name} must be at least 1");
    }

    internal static void OddKernel(long kernelSize, string layer)
    {
        if (kernelSize < 1 || kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, $"{layer}: the kernel size must be odd and positive (same padding needs a centre tap), e.g. 1, 3 or 5");
    }
}
