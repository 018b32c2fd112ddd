using System;
using System.Runtime.InteropServices;

namespace Lipschitz.Nn.Runtime;

/// <summary>
/// libtorch asks NNPACK whether it is available on every float32 convolution with a batch of 16 or more, and where
/// NNPACK cannot start ("Unsupported hardware") it prints a warning each time. This asks once with c10's log level
/// raised, and if NNPACK is unavailable turns its use off (as <c>torch.backends.nnpack.set_flags(False)</c> does in
/// Python), so convolutions take libtorch's other kernels silently. Where NNPACK works nothing changes.
/// </summary>
internal static unsafe class Nnpack
{
    /// <summary>Returns what was done, for <see cref="TorchRuntime.NnpackStatus"/>.</summary>
    internal static string Quiet()
    {
        if (LibTorchContext.TorchCpu(out string reason) is not { } torchCpu) return $"not checked ({reason})";
        if (!NativeLibrary.TryLoad("libc10.so", typeof(TorchSharp.torch).Assembly, null, out IntPtr c10))
            return "not checked (libc10 not found)";
        // Itanium C++ ABI name of at::_ops::_nnpack_available::call(), and c10's log-level flag.
        if (!NativeLibrary.TryGetExport(torchCpu, "_ZN2at4_ops17_nnpack_available4callEv", out IntPtr available)
            || !NativeLibrary.TryGetExport(c10, "FLAGS_caffe2_log_level", out IntPtr logLevel))
            return "not checked (this libtorch does not export the NNPACK switches)";
        int saved = Marshal.ReadInt32(logLevel);
        bool ok;
        try
        {
            Marshal.WriteInt32(logLevel, 3); // FATAL only, while NNPACK is asked
            ok = ((delegate* unmanaged<byte>)available)() != 0;
        }
        finally
        {
            Marshal.WriteInt32(logLevel, saved);
        }
        if (ok) return "available";
        return LibTorchContext.TrySet("_ZN2at7Context20setUserEnabledNNPACKEb", false, out string why)
            ? "unavailable on this CPU: turned off"
            : $"unavailable on this CPU, left on ({why})";
    }
}
