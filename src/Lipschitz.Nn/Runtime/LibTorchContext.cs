using System;
using System.Runtime.InteropServices;

namespace Lipschitz.Nn.Runtime;

/// <summary>
/// libtorch's process-wide switches that TorchSharp does not bind (at::Context's setUserEnabled…), reached through their
/// Itanium C++ ABI export names in libtorch_cpu: so only on Linux x64.
/// </summary>
internal static unsafe class LibTorchContext
{
    /// <summary>libtorch_cpu's handle, or null with the reason (not Linux x64, or the library was not found).</summary>
    internal static IntPtr? TorchCpu(out string reason)
    {
        reason = "";
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            reason = "only on Linux x64";
            return null;
        }
        if (NativeLibrary.TryLoad("libtorch_cpu.so", typeof(TorchSharp.torch).Assembly, null, out IntPtr handle)) return handle;
        reason = "libtorch_cpu not found";
        return null;
    }

    /// <summary>
    /// Calls <c>at::globalContext().</c><paramref name="setterExport"/><c>(value)</c> (a <c>void (bool)</c> member, by its
    /// export name); false with the reason when the library or either export is missing.
    /// </summary>
    internal static bool TrySet(string setterExport, bool value, out string reason)
    {
        if (TorchCpu(out reason) is not { } torchCpu) return false;
        if (!NativeLibrary.TryGetExport(torchCpu, "_ZN2at13globalContextEv", out IntPtr globalContext)
            || !NativeLibrary.TryGetExport(torchCpu, setterExport, out IntPtr setter))
        {
            reason = $"this libtorch does not export {setterExport}";
            return false;
        }
        IntPtr context = ((delegate* unmanaged<IntPtr>)globalContext)();
        ((delegate* unmanaged<IntPtr, byte, void>)setter)(context, value ? (byte)1 : (byte)0);
        return true;
    }
}
