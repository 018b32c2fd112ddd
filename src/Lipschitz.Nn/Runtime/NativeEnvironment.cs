using System;
using System.Linq;
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
        string isa = CapOneDnn();
        string malloc = "";
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null && Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is null
            && Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is null
            && mallopt(MmapThresholdParam, MmapThreshold) == 1 && mallopt(TrimThresholdParam, TrimThreshold) == 1)
            malloc = "malloc(mmap 32 MiB, trim 256 MiB)";
        return string.Join(", ", new[] { malloc, isa }.Where(s => s.Length > 0));
    }

    /// <summary>
    /// On AMD processors of family 1Ah (Zen 5), caps oneDNN at SSE4.1 (ONEDNN_MAX_CPU_ISA, through libc's setenv before
    /// libtorch loads: the native getenv does not see .NET's environment), unless the user set it or LIPSCHITZ_MKLDNN:
    /// there its AVX and wider float32 convolution kernels were measured wrong (see <see cref="Mkldnn"/>), and SSE4.1 is
    /// the fastest level that was right (about half the AVX-512 speed; turning oneDNN off costs 7× on the example network).
    /// Returns what was set, or "".
    /// </summary>
    internal static string CapOneDnn()
    {
        if (Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is not null || Environment.GetEnvironmentVariable("LIPSCHITZ_MKLDNN") is not null) return "";
        if (!IsAmdFamily(0x1A)) return "";
        if (setenv("ONEDNN_MAX_CPU_ISA", "SSE41", 0) != 0) return "";
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "SSE41");
        return "oneDNN capped at SSE4.1 (AMD family 1Ah)";
    }

    /// <summary>Whether this is an x86-64 processor whose CPUID vendor is AMD and whose family (base + extended) is <paramref name="family"/>.</summary>
    internal static bool IsAmdFamily(int family)
    {
        if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported) return false;
        (int _, int ebx, int ecx, int edx) = System.Runtime.Intrinsics.X86.X86Base.CpuId(0, 0);
        Span<byte> vendor = stackalloc byte[12];
        BitConverter.TryWriteBytes(vendor[..4], ebx);
        BitConverter.TryWriteBytes(vendor[4..8], edx);
        BitConverter.TryWriteBytes(vendor[8..], ecx);
        if (System.Text.Encoding.ASCII.GetString(vendor) != "AuthenticAMD") return false;
        int eax = System.Runtime.Intrinsics.X86.X86Base.CpuId(1, 0).Eax;
        int baseFamily = (eax >> 8) & 0xF, extended = (eax >> 20) & 0xFF;
        return (baseFamily == 0xF ? baseFamily + extended : baseFamily) == family;
    }

    private const int TrimThresholdParam = -1, MmapThresholdParam = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD in malloc.h

    [DllImport("libc")]
    private static extern int mallopt(int param, int value);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);
}
