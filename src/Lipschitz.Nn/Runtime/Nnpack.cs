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
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return "not checked (only on Linux x64)";
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(TorchSharp.torch).Assembly, null, out IntPtr torchCpu)
            || !NativeLibrary.TryLoad("libc10.so", typeof(TorchSharp.torch).Assembly, null, out IntPtr c10))
            return "not checked (libtorch_cpu or libc10 not found)";
        // Itanium C++ ABI names of at::_ops::_nnpack_available::call(), at::globalContext() and
        // at::Context::setUserEnabledNNPACK(bool), and c10's log-level flag.
        if (!NativeLibrary.TryGetExport(torchCpu, "_ZN2at4_ops17_nnpack_available4callEv", out IntPtr available)
            || !NativeLibrary.TryGetExport(torchCpu, "_ZN2at13globalContextEv", out IntPtr globalContext)
            || !NativeLibrary.TryGetExport(torchCpu, "_ZN2at7Context20setUserEnabledNNPACKEb", out IntPtr setEnabled)
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
        IntPtr context = ((delegate* unmanaged<IntPtr>)globalContext)();
        ((delegate* unmanaged<IntPtr, byte, void>)setEnabled)(context, 0);
        return "unavailable on this CPU: turned off";
    }
}
