using System;
using System.Runtime.InteropServices;

namespace Lipschitz.Torch.Native;

/// <summary>Prepares the native environment before libtorch is loaded and sets the thread count after.</summary>
internal static class NativeLoader
{
    /// <summary>The environment variable that overrides the intra-op thread count at start-up.</summary>
    internal const string ThreadsVariable = "LIPSCHITZ_NUM_THREADS";

    private static bool s_environmentReady;
    private static readonly object s_lock = new();

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    /// <summary>
    /// libtorch's OpenMP threads spin while idle and fight OpenBLAS's threads for the cores unless
    /// OMP_WAIT_POLICY=PASSIVE is in the native environment when libgomp starts; .NET's
    /// Environment.SetEnvironmentVariable does not reach native getenv, so libc's setenv is used.
    /// A value the user already set is kept.
    /// </summary>
    internal static void EnsurePreloadEnvironment()
    {
        lock (s_lock)
        {
            if (s_environmentReady) return;
            s_environmentReady = true;
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
            if (getenv("OMP_WAIT_POLICY") == IntPtr.Zero) setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        }
    }

    /// <summary>The thread count to start with: the variable if set to a positive number, else the core count.</summary>
    internal static int DefaultThreadCount()
    {
        string? value = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0)
                return n;
            throw new TorchException($"{ThreadsVariable}='{value}' is not a positive whole number.");
        }
        return Environment.ProcessorCount;
    }
}
