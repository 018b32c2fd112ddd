using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.OpBench;

/// <summary>
/// Per-operator overhead of the binding on tiny tensors (where the kernel costs almost nothing), side by side
/// with the same calls in PyTorch (benchmarks/pytorch/op_overhead.py) when /usr/bin/python3 has torch.
/// Usage: dotnet run -c Release --project benchmarks/Lipschitz.OpBench [-- --threads N --no-python]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        int threads = 1;
        bool python = true;
        for (int k = 0; k < args.Length; k++)
        {
            if (args[k] == "--threads" && k + 1 < args.Length) threads = int.Parse(args[++k], CultureInfo.InvariantCulture);
            else if (args[k] == "--no-python") python = false;
            else { Console.Error.WriteLine($"unknown argument '{args[k]}'"); return 2; }
        }
        set_num_threads(threads);
        using var a = ones(4);
        using var b = ones(4);
        using var m = ones(8, 8);
        using var big = ones(16, 4);
        using var p = zeros(4);
        using var idx = tensor(new long[] { 0, 2 });
        var cases = new (string Name, Action Body)[]
        {
            ("empty", () => empty(4).Dispose()),
            ("add", () => (a + b).Dispose()),
            ("add_", () => p.add_(b)),
            ("mul_scalar", () => (a * 2.0).Dispose()),
            ("relu", () => a.relu().Dispose()),
            ("addcmul_", () => p.addcmul_(a, b, 0.0)),
            ("sum", () => a.sum().Dispose()),
            ("matmul_8x8", () => m.matmul(m).Dispose()),
            ("view", () => m.view(64).Dispose()),
            ("index_select", () => a.index_select(0, idx).Dispose()),
            ("max_dim (2 outputs)", () => { var (v, i) = m.max(1); v.Dispose(); i.Dispose(); }),
            ("chunk (4 outputs)", () => { foreach (var t in big.chunk(4)) t.Dispose(); }),
            ("cat (2 inputs)", () => cat(new[] { a, b }).Dispose()),
        };
        // PyTorch runs before and after ours and each side keeps its best time, so a burst of load from
        // other processes on a shared machine does not favour either side.
        Dictionary<string, double>? theirs = python ? RunPython(threads) : null;
        var ours = new Dictionary<string, double>();
        foreach (var (name, body) in cases) ours[name] = Measure(body);
        Dictionary<string, double>? again = theirs is null ? null : RunPython(threads);
        if (theirs is not null && again is not null)
            foreach (var (name, t) in again) theirs[name] = Math.Min(t, theirs.TryGetValue(name, out double t0) ? t0 : t);
        foreach (var (name, body) in cases) ours[name] = Math.Min(ours[name], Measure(body));
        Console.WriteLine($"per-op time, tiny tensors, {threads} intra-op thread(s); thread CPU time, best of 15 runs of 10,000 calls (robust to other processes on the machine)");
        Console.WriteLine($"{"op",-22}{"ours (µs)",12}{"PyTorch (µs)",14}{"ratio",8}");
        foreach (var (name, _) in cases)
        {
            string py = theirs is not null && theirs.TryGetValue(name, out double t) ? t.ToString("F3", CultureInfo.InvariantCulture) : "-";
            string ratio = theirs is not null && theirs.TryGetValue(name, out double t2) ? (ours[name] / t2).ToString("F2", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"{name,-22}{ours[name].ToString("F3", CultureInfo.InvariantCulture),12}{py,14}{ratio,8}");
        }
        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ClockThreadCpuTime = 3;

    /// <summary>CPU time of the calling thread in microseconds: time other processes take from the cores does not count.</summary>
    private static double ThreadMicroseconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out TimeSpec t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds * 1e6 + t.Nanoseconds / 1e3;
    }

    private static double Measure(Action body)
    {
        const int n = 10_000;
        for (int k = 0; k < 2_000; k++) body();
        var runs = new double[15];
        for (int r = 0; r < runs.Length; r++)
        {
            double start = ThreadMicroseconds();
            for (int k = 0; k < n; k++) body();
            runs[r] = (ThreadMicroseconds() - start) / n;
        }
        Array.Sort(runs);
        return runs[0];
    }

    private static Dictionary<string, double>? RunPython(int threads)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "op_overhead.py");
        if (!File.Exists("/usr/bin/python3") || !File.Exists(script)) return null;
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" {threads}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var proc = Process.Start(psi)!;
        string output = proc.StandardOutput.ReadToEnd();
        string error = proc.StandardError.ReadToEnd();
        proc.WaitForExit();
        if (proc.ExitCode != 0)
        {
            Console.Error.WriteLine($"PyTorch comparison skipped: {error.Trim()}");
            return null;
        }
        var result = new Dictionary<string, double>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int tab = line.LastIndexOf('\t');
            result[line[..tab]] = double.Parse(line[(tab + 1)..], CultureInfo.InvariantCulture);
        }
        return result;
    }
}
