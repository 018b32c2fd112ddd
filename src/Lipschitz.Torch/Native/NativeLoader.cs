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
            if (OperatingSystem.IsLinux()) TuneAllocator();
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    private const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;

    /// <summary>
    /// A training step frees its temporaries together at the end of its dispose scope; glibc then returns the freed top
    /// of the heap to the system (trim threshold) and serves large tensors with fresh mmaps, so every step page-faults its
    /// whole working set in again. Measured here on the benchmark MLP: 430,000 → 25,000 page faults over 220 steps and
    /// 1.4× the samples per CPU second with large blocks kept in the heap (mmap threshold 32 MiB) and up to 256 MiB of
    /// free heap retained. Values the user set through MALLOC_* variables or GLIBC_TUNABLES are kept.
    /// </summary>
    private static void TuneAllocator()
    {
        if (getenv("MALLOC_TRIM_THRESHOLD_") != IntPtr.Zero || getenv("MALLOC_MMAP_THRESHOLD_") != IntPtr.Zero ||
            getenv("GLIBC_TUNABLES") != IntPtr.Zero)
            return;
        try
        {
            mallopt(M_MMAP_THRESHOLD, MmapThreshold);
            mallopt(M_TRIM_THRESHOLD, TrimThreshold);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): nothing to tune.
        }
    }

    /// <summary>The mmap threshold set at start-up (glibc's largest dynamic value).</summary>
    internal const int MmapThreshold = 32 << 20;

    /// <summary>The trim threshold set at start-up.</summary>
    internal const int TrimThreshold = 256 << 20;

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
