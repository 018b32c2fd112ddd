using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Runtime;

/// <summary>Device names as the command line takes them: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
public static class Devices
{
    /// <summary>
    /// The device named by <paramref name="name"/>; an <see cref="ArgumentException"/> says what is wrong: a malformed
    /// name, or CUDA asked for where this process has no CUDA backend or device.
    /// </summary>
    public static Device Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n != "cuda" && !n.StartsWith("cuda:", StringComparison.Ordinal))
            throw new ArgumentException($"unknown device '{name}': use cpu, cuda or cuda:N");
        int index = 0;
        if (n.Length > 5 && !int.TryParse(n.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            throw new ArgumentException($"unknown device '{name}': the CUDA device index must be a number, e.g. cuda:0");
        TorchRuntime.Initialize();
        if (!cuda.is_available())
            throw new ArgumentException($"device '{name}': CUDA is not available in this process (the application uses a CPU-only libtorch, e.g. TorchSharp-cpu, or no GPU is visible); reference TorchSharp-cuda-linux or TorchSharp-cuda-windows and run where a GPU is present");
        int count = cuda.device_count();
        if (index >= count) throw new ArgumentException($"device '{name}': there {(count == 1 ? "is 1 CUDA device" : $"are {count} CUDA devices")} (cuda:0{(count > 1 ? $" to cuda:{count - 1}" : "")})");
        return new Device(DeviceType.CUDA, index);
    }
}
