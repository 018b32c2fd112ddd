using System;
using System.Runtime.InteropServices;

namespace Lipschitz.Nn.Runtime;

/// <summary>
/// Process-wide native settings made at start-up, measured with TorchSharp 0.107 (libtorch 2.10, MKL, its bundled
/// libgomp) on the AOL MLP (benchmarks/README.md). glibc's allocator keeps freed memory in the heap; OpenMP's wait
/// policy is left at libgomp's default (spin briefly, then sleep), which measured 8–12 % faster than PASSIVE (the
/// setting the earlier OpenBLAS-based runtime used) for training and evaluation alike. A user's own settings win.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>glibc's mmap threshold set at start-up: blocks below it come from the heap (glibc's default is dynamic, from 128 KiB).</summary>
    internal const int MmapThreshold = 32 << 20;

    /// <summary>glibc's trim threshold set at start-up: free memory at the heap top is kept up to this size (default 128 KiB).</summary>
    internal const int TrimThreshold = 256 << 20;

    /// <summary>
    /// On Linux, unless the user configured glibc's allocator (MALLOC_* or GLIBC_TUNABLES), keeps freed memory in the
    /// heap: a training step frees its temporaries together at the end of its dispose scope, and glibc would otherwise
    /// return the heap top to the system and fault it in again every step (AOL MLP, same steps: 208,000 → 50,000–79,000
    /// page faults, 3.1 → 1.2–1.5 s system time, about 30 % more samples/s; peak RSS 300 → 300–410 MB). Returns what was
    /// set, e.g. "malloc(mmap 32 MiB, trim 256 MiB)", or "" when nothing was.
    /// </summary>
    internal static string Apply()
    {
        if (!OperatingSystem.IsLinux()) return "";
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null)
            return "";
        return mallopt(MmapThresholdParam, MmapThreshold) == 1 && mallopt(TrimThresholdParam, TrimThreshold) == 1
            ? "malloc(mmap 32 MiB, trim 256 MiB)"
            : "";
    }

    private const int TrimThresholdParam = -1, MmapThresholdParam = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD in malloc.h

    [DllImport("libc")]
    private static extern int mallopt(int param, int value);
}
