using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

/// <summary>Reading tensor values into arrays for assertions.</summary>
internal static class TensorTestExtensions
{
    /// <summary>The values of <paramref name="t"/> in row-major order (copied to the CPU; the element type must match <typeparamref name="T"/>).</summary>
    internal static T[] ToArray<T>(this Tensor t) where T : unmanaged
    {
        using Tensor c = t.detach().cpu().contiguous();
        return c.data<T>().ToArray();
    }
}
