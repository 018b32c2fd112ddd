using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Bench;

/// <summary>
/// Training-step throughput of this binding against the same loop in PyTorch (benchmarks/pytorch/train_step_bench.py),
/// run alternately (A B A B) on the same thread count, with medians and ratios; plus the per-op call overhead.
/// </summary>
internal static class Program
{
    private sealed record Options(string[] Models, int Runs, int Warmup, int Steps, int Batch, int Threads, string Python, string Script,
        bool NoPython, int OpCalls);

    private static int Main(string[] args)
    {
        Options o;
        try
        {
            o = Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (o.Threads > 0) set_num_threads(o.Threads);
        int threads = get_num_threads();
        string? python = o.NoPython ? null : PythonProblem(o) is string why ? Warn(why) : o.Python;

        Console.WriteLine($"Training-step throughput, batch {o.Batch}, Adam, random data; {o.Runs} alternating runs of {o.Steps} steps " +
                          $"(after {o.Warmup} warm-up) each; {threads} intra-op thread(s).");
        Console.WriteLine($"Native environment, the same for both: OMP_WAIT_POLICY={Env("OMP_WAIT_POLICY") ?? "(unset)"}, " +
                          $"OPENBLAS_NUM_THREADS={Env("OPENBLAS_NUM_THREADS") ?? "(unset)"}.");
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}; medians, samples/s (higher is better).");
        Console.WriteLine();
        Console.WriteLine($"{"model",-6} {"Lipschitz.Torch",16} {"PyTorch",12} {"ratio",8}   runs (ours | PyTorch)");
        foreach (string model in o.Models)
        {
            var ours = new List<double>();
            var theirs = new List<double>();
            for (int r = 0; r < o.Runs; r++)
            {
                ours.Add(TrainSteps(model, o.Batch, o.Warmup, o.Steps, seed: r));
                if (python is not null) theirs.Add(RunPython(o, python, threads, "--model", model, "--batch", o.Batch.ToString(CultureInfo.InvariantCulture),
                    "--warmup", o.Warmup.ToString(CultureInfo.InvariantCulture), "--steps", o.Steps.ToString(CultureInfo.InvariantCulture),
                    "--seed", r.ToString(CultureInfo.InvariantCulture)).GetProperty("samples_per_s").GetDouble());
            }
            PrintRow(model, ours, theirs, higherIsBetter: true);
        }

        if (o.OpCalls > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Per-op overhead: {o.OpCalls:N0} additions of two 4-element float32 tensors; ns per op (lower is better).");
            var ours = new List<double>();
            var theirs = new List<double>();
            for (int r = 0; r < o.Runs; r++)
            {
                ours.Add(AddOverhead(o.OpCalls));
                if (python is not null)
                    theirs.Add(RunPython(o, python, threads, "--op-add", o.OpCalls.ToString(CultureInfo.InvariantCulture)).GetProperty("ns_per_op").GetDouble());
            }
            PrintRow("add", ours, theirs, higherIsBetter: false);
        }
        Console.WriteLine();
        Console.WriteLine("ratio = ours / PyTorch for throughput, PyTorch / ours for overhead: above 1 means this binding is faster.");
        return 0;
    }

    private const string Usage = """
usage: Lipschitz.Bench [--model mlp|cnn|all] [--runs N] [--steps N] [--warmup N] [--batch N] [--threads N]
                       [--python PATH] [--script PATH] [--no-python] [--op-calls N]
defaults: --model all --runs 5 --steps 20 --warmup 3 --batch 256 --threads (cores, or LIPSCHITZ_NUM_THREADS)
          --python /usr/bin/python3 --script benchmarks/pytorch/train_step_bench.py --op-calls 200000 (0 skips it)
""";

    private static Options Parse(string[] args)
    {
        string[] models = { "mlp", "cnn" };
        int runs = 5, warmup = 3, steps = 20, batch = 256, threads = 0, opCalls = 200_000;
        string pythonPath = "/usr/bin/python3", script = FindScript();
        bool noPython = false;
        for (int k = 0; k < args.Length; k++)
        {
            string Next() => k + 1 < args.Length ? args[++k] : throw new ArgumentException($"{args[k]} needs a value");
            int Int()
            {
                string name = args[k], v = Next();
                return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"{name} {v}: not a whole number");
            }
            switch (args[k])
            {
                case "--model":
                    string m = Next();
                    models = m switch { "all" => new[] { "mlp", "cnn" }, "mlp" or "cnn" => new[] { m }, _ => throw new ArgumentException($"--model {m}: expected mlp, cnn or all") };
                    break;
                case "--runs": runs = Math.Max(1, Int()); break;
                case "--steps": steps = Math.Max(1, Int()); break;
                case "--warmup": warmup = Int(); break;
                case "--batch": batch = Math.Max(1, Int()); break;
                case "--threads": threads = Int(); break;
                case "--op-calls": opCalls = Int(); break;
                case "--python": pythonPath = Next(); break;
                case "--script": script = Next(); break;
                case "--no-python": noPython = true; break;
                case "-h" or "--help": Console.WriteLine(Usage); Environment.Exit(0); break;
                default: throw new ArgumentException($"unknown option {args[k]}");
            }
        }
        return new Options(models, runs, warmup, steps, batch, threads, pythonPath, script, noPython, opCalls);
    }

    // The script lives in benchmarks/pytorch; look upwards from the working directory and from the binary.
    private static string FindScript()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "benchmarks", "pytorch", "train_step_bench.py");
                if (File.Exists(candidate)) return candidate;
                candidate = Path.Combine(dir.FullName, "pytorch", "train_step_bench.py");
                if (File.Exists(candidate)) return candidate;
            }
        return "benchmarks/pytorch/train_step_bench.py";
    }

    private static string? PythonProblem(Options o)
    {
        if (!File.Exists(o.Python)) return $"{o.Python} not found";
        if (!File.Exists(o.Script)) return $"{o.Script} not found";
        return null;
    }

    private static string? Warn(string why)
    {
        Console.WriteLine($"PyTorch side skipped: {why} (pass --python/--script, or --no-python).");
        return null;
    }

    private static Lipschitz.Torch.Modules.Sequential Build(string model) => model switch
    {
        "mlp" => nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)),
        "cnn" => nn.Sequential(nn.Conv2d(1, 16, 3, padding: 1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(16 * 14 * 14, 10)),
        _ => throw new ArgumentException($"unknown model {model}"),
    };

    /// <summary>One run: samples per second over <paramref name="steps"/> timed steps.</summary>
    private static double TrainSteps(string model, int batch, int warmup, int steps, int seed)
    {
        manual_seed(seed);
        using var net = Build(model);
        using var opt = optim.Adam(net.parameters(), lr: 1e-3);
        using var x = model == "mlp" ? randn(batch, 784) : randn(batch, 1, 28, 28);
        using var y = randint(10, new long[] { batch });

        void Step()
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            Tensor loss = nn.functional.cross_entropy(net.call(x), y);
            loss.backward();
            opt.step();
        }

        for (int k = 0; k < warmup; k++) Step();
        var sw = Stopwatch.StartNew();
        for (int k = 0; k < steps; k++) Step();
        return batch * (double)steps / sw.Elapsed.TotalSeconds;
    }

    private static double AddOverhead(int calls)
    {
        using var a = ones(4);
        using var b = ones(4);
        for (int k = 0; k < 1000; k++)
        {
            using Tensor c = a + b;
        }
        var sw = Stopwatch.StartNew();
        for (int k = 0; k < calls; k++)
        {
            using Tensor c = a + b;
        }
        return sw.Elapsed.TotalNanoseconds / calls;
    }

    private static JsonElement RunPython(Options o, string python, int threads, params string[] args)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(o.Script);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--threads");
        psi.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        // The same native environment as this process (the binding sets OMP_WAIT_POLICY=PASSIVE unless the user chose a value).
        if (Env("OMP_WAIT_POLICY") is string policy) psi.Environment["OMP_WAIT_POLICY"] = policy;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {python}");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{python} {o.Script} failed ({p.ExitCode}):\n{stderr.Result}");
        string line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static void PrintRow(string name, List<double> ours, List<double> theirs, bool higherIsBetter)
    {
        double a = Median(ours);
        const string fmt = "N0";
        if (theirs.Count == 0)
        {
            Console.WriteLine($"{name,-6} {a.ToString(fmt, CultureInfo.InvariantCulture),16} {"-",12} {"-",8}   {Join(ours)}");
            return;
        }
        double b = Median(theirs);
        double ratio = higherIsBetter ? a / b : b / a;
        Console.WriteLine($"{name,-6} {a.ToString(fmt, CultureInfo.InvariantCulture),16} {b.ToString(fmt, CultureInfo.InvariantCulture),12} " +
                          $"{ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x",8}   {Join(ours)} | {Join(theirs)}");
    }

    private static string Join(List<double> v) => string.Join(" ", v.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)));

    private static double Median(List<double> v)
    {
        var s = v.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    // The native environment (what libgomp sees), which is not always .NET's copy.
    private static string? Env(string name) => Marshal.PtrToStringUTF8(getenv(name));

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
