using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Kinds of device; the values are libtorch's (c10::DeviceType).</summary>
    public enum DeviceType
    {
        /// <summary>The host CPU.</summary>
        CPU = 0,
        /// <summary>An NVIDIA GPU through CUDA.</summary>
        CUDA = 1,
    }

    /// <summary>A device a tensor lives on: a type and an optional index.</summary>
    public sealed record Device(DeviceType type, int index = -1)
    {
        /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
        public static Device Parse(string text)
        {
            string t = text.Trim().ToLowerInvariant();
            if (t == "cpu") return new Device(DeviceType.CPU);
            if (t == "cuda") return new Device(DeviceType.CUDA);
            if (t.StartsWith("cuda:", StringComparison.Ordinal) &&
                int.TryParse(t.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i))
                return new Device(DeviceType.CUDA, i);
            throw new ArgumentException($"'{text}' is not a device: expected cpu, cuda or cuda:N", nameof(text));
        }

        /// <summary>The PyTorch spelling: cpu, cuda, cuda:0.</summary>
        public override string ToString() =>
            (type == DeviceType.CPU ? "cpu" : "cuda") + (index >= 0 ? ":" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
    }

    /// <summary>The host CPU.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The default CUDA device.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>CUDA support of the linked libtorch.</summary>
    public static class cuda
    {
        /// <summary>True when the linked libtorch was built with CUDA and a GPU is visible.</summary>
        public static bool is_available() => Native.NativeMethods.lt_cuda_is_available() != 0;

        /// <summary>Number of visible CUDA devices.</summary>
        public static int device_count() => Native.NativeMethods.lt_cuda_device_count();
    }
}
