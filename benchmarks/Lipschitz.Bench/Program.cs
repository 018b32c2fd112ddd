using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Bench;

/// <summary>
/// Training-step and evaluation throughput of Lipschitz.Nn's AOL networks on TorchSharp against the same networks and
/// loop in PyTorch (benchmarks/pytorch/train_step_bench.py), run alternately (A B, B A, ...) on the same thread count,
/// with medians and ratios, peak resident memory of both processes, and the per-op call overhead.
/// </summary>
internal static class Program
{
    private sealed record Options(string[] Models, int Rounds, int Warmup, int? Steps, int Batch, int Threads, string Python, string Script,
        bool NoPython, int OpCalls, int EvalBatch);

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
        TorchRuntime.Initialize();
        if (o.Threads > 0) set_num_threads(o.Threads);
        int threads = get_num_threads();
        // PyTorch (Debian's) runs its matrix products in OpenBLAS's own thread pool, not in the OpenMP threads that
        // set_num_threads sizes. Neither setting is best for everything here: one BLAS thread halves its large GEMMs,
        // as many as the cores oversubscribe them beside the OpenMP threads and slow the small-op MLP down threefold.
        // So PyTorch runs twice, in both settings, and ours is compared with the faster one (unless the user set
        // OPENBLAS_NUM_THREADS: then that one).
        var blasSettings = Env("OPENBLAS_NUM_THREADS") is string userBlas
            ? new[] { userBlas }
            : threads > 1 ? new[] { "1", threads.ToString(CultureInfo.InvariantCulture) } : new[] { "1" };
        var peers = new List<PythonPeer>();
        if (!o.NoPython && PythonProblem(o) is string why) Warn(why);
        else if (!o.NoPython) peers.AddRange(blasSettings.Select(b => new PythonPeer(o, threads, b)));
        using var closePeers = new DisposeAll(peers);
        PythonPeer? peer = peers.FirstOrDefault();

        Console.WriteLine($"AOL networks: training steps (batch {o.Batch}, Adam, cross-entropy, random data) and eval forwards (batch {o.EvalBatch}, " +
                          $"cached constrained weights, no autograd); {threads} intra-op thread(s) on both sides.");
        Console.WriteLine($"{o.Rounds} rounds; each times one block of steps here and one in PyTorch (a persistent process), the order " +
                          "alternating (A B, B A, ...), after warm-up.");
        Console.WriteLine($"Native environment, the same for both: OMP_WAIT_POLICY={Env("OMP_WAIT_POLICY") ?? "(unset)"}, " +
                          $"OPENBLAS_NUM_THREADS for PyTorch {string.Join(" and ", blasSettings)}, MALLOC_MMAP_THRESHOLD_={Env("MALLOC_MMAP_THRESHOLD_") ?? "(unset)"}, " +
                          $"MALLOC_TRIM_THRESHOLD_={Env("MALLOC_TRIM_THRESHOLD_") ?? "(unset)"} (Lipschitz.Nn: {TorchRuntime.EnvironmentSummary}); ours: TorchSharp {typeof(torch).Assembly.GetName().Version} " +
                          $"(libtorch {__version__}, NNPACK {TorchRuntime.NnpackStatus}); PyTorch {peer?.Version ?? "not run"}.");
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}; medians over rounds, samples/s (higher is better);");
        Console.WriteLine("the 'cpu' rows divide by the CPU seconds of all the process's threads instead of wall seconds (less sensitive to other load).");
        Console.WriteLine();
        Console.WriteLine($"{"model",-10} {"steps",5} {"Lipschitz.Nn",16} {"PyTorch",12} {"ratio",8}   per-round ratios (PyTorch's BLAS threads in brackets)");
        foreach (string model in o.Models)
        {
            int steps = o.Steps ?? (model == "mlp" ? 20 : 2);
            int evalSteps = model == "mlp" ? 20 : 4;
            using var ours = new Trainer(model, o.Batch, o.EvalBatch, seed: 0);
            foreach (PythonPeer p in peers) p.Send($"setup {model} {o.Batch} 0 {o.EvalBatch}");
            for (int k = 0; k < o.Warmup; k++)
            {
                _ = ours.Timed(steps);
                _ = ours.TimedEval(evalSteps);
                foreach (PythonPeer p in peers)
                {
                    p.Send($"train {steps}");
                    p.Send($"eval {evalSteps}");
                }
            }
            var train = peers.Select(_ => new Series()).ToList();
            var eval = peers.Select(_ => new Series()).ToList();
            var oursTrain = new Series();
            var oursEval = new Series();
            for (int r = 0; r < o.Rounds; r++)
            {
                // Rotate who goes first: ours, then each PyTorch setting in turn.
                int sides = peers.Count + 1;
                for (int j = 0; j < sides; j++)
                {
                    int side = (j + r) % sides;
                    if (side == 0)
                    {
                        oursTrain.AddOurs(ours.Timed(steps));
                        oursEval.AddOurs(ours.TimedEval(evalSteps));
                    }
                    else
                    {
                        train[side - 1].AddTheirs(peers[side - 1].Send($"train {steps}"));
                        eval[side - 1].AddTheirs(peers[side - 1].Send($"eval {evalSteps}"));
                    }
                }
            }
            PrintPhase($"{model} train", steps, oursTrain, train, blasSettings);
            PrintPhase($"{model} eval", evalSteps, oursEval, eval, blasSettings);
        }

        if (o.OpCalls > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Per-op overhead: blocks of {o.OpCalls:N0} additions of two 4-element float32 tensors; ns per op (lower is better).");
            var a = new List<double>();
            var b = new List<double>();
            AddOverhead(o.OpCalls);
            peer?.Send($"add {o.OpCalls}");
            for (int r = 0; r < o.Rounds; r++)
            {
                bool oursFirst = r % 2 == 0;
                if (oursFirst) a.Add(AddOverhead(o.OpCalls));
                if (peer is not null) b.Add(peer.Send($"add {o.OpCalls}").GetProperty("ns_per_op").GetDouble());
                if (!oursFirst) a.Add(AddOverhead(o.OpCalls));
            }
            PrintRow($"{"add",-10} {"",5}", a, b, higherIsBetter: false);
        }
        Console.WriteLine();
        double oursPeak = PeakRssMiB();
        string theirsPeak = peers.Count == 0 ? "-" : string.Join(" / ", peers.Select(p => p.Send("rss").GetProperty("peak_rss_mib").GetDouble().ToString("0", CultureInfo.InvariantCulture)));
        Console.WriteLine($"Peak resident memory over the whole run (all models): Lipschitz.Nn {oursPeak.ToString("0", CultureInfo.InvariantCulture)} MiB, PyTorch {theirsPeak} MiB (BLAS threads {string.Join(" / ", blasSettings)}).");
        Console.WriteLine("ratio = ours / PyTorch for throughput, PyTorch / ours for overhead: above 1 means Lipschitz.Nn is faster; * marks PyTorch's faster BLAS setting.");
        return 0;
    }

    private const string Usage = """
usage: Lipschitz.Bench [--model mlp|cnn|all] [--rounds N] [--steps N] [--warmup N] [--batch N] [--eval-batch N]
                       [--threads N] [--python PATH] [--script PATH] [--no-python] [--op-calls N]
models:   mlp  AOL 784→512→512→10 with MaxMin;  cnn  examples/FashionMnist/AolConvNet.lipnet.yaml (generated)
defaults: --model all --rounds 15 --steps 20 (mlp) / 2 (cnn) per block --warmup 2 blocks --batch 256 --eval-batch 1000
          --threads (cores, or LIPSCHITZ_NUM_THREADS) --python /usr/bin/python3
          --script benchmarks/pytorch/train_step_bench.py --op-calls 100000 (0 skips it)
""";

    private static Options Parse(string[] args)
    {
        string[] models = { "mlp", "cnn" };
        int rounds = 15, warmup = 2, batch = 256, threads = 0, opCalls = 100_000, evalBatch = 1000;
        int? steps = null;
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
                case "--rounds": rounds = Math.Max(1, Int()); break;
                case "--steps": steps = Math.Max(1, Int()); break;
                case "--warmup": warmup = Int(); break;
                case "--batch": batch = Math.Max(1, Int()); break;
                case "--eval-batch": evalBatch = Math.Max(1, Int()); break;
                case "--threads": threads = Int(); break;
                case "--op-calls": opCalls = Int(); break;
                case "--python": pythonPath = Next(); break;
                case "--script": script = Next(); break;
                case "--no-python": noPython = true; break;
                case "-h" or "--help": Console.WriteLine(Usage); Environment.Exit(0); break;
                default: throw new ArgumentException($"unknown option {args[k]}");
            }
        }
        return new Options(models, rounds, warmup, steps, batch, threads, pythonPath, script, noPython, opCalls, evalBatch);
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

    private static PythonPeer? Warn(string why)
    {
        Console.WriteLine($"PyTorch side skipped: {why} (pass --python/--script, or --no-python).");
        return null;
    }

    private static nn.Module<Tensor, Tensor> Build(string model) => model switch
    {
        "mlp" => nn.Sequential(("flatten", new Flatten()), ("fc0", new AolLinear(784, 512)), ("maxmin1", new MaxMin()),
            ("fc2", new AolLinear(512, 512)), ("maxmin3", new MaxMin()), ("head", new AolLinear(512, 10))),
        "cnn" => new Examples.FashionMnist.AolConvNet(),
        _ => throw new ArgumentException($"unknown model {model}"),
    };

    /// <summary>Per-round figures of both sides, wall-clock and CPU-time based.</summary>
    private sealed class Series
    {
        public List<double> Ours { get; } = new();
        public List<double> OursCpu { get; } = new();
        public List<double> Theirs { get; } = new();
        public List<double> TheirsCpu { get; } = new();

        public void AddOurs((double Wall, double Cpu) t)
        {
            Ours.Add(t.Wall);
            OursCpu.Add(t.Cpu);
        }

        public void AddTheirs(JsonElement reply)
        {
            Theirs.Add(reply.GetProperty("samples_per_s").GetDouble());
            TheirsCpu.Add(reply.GetProperty("samples_per_cpu_s").GetDouble());
        }
    }

    /// <summary>A model, Adam, one random training batch and one eval batch; timed blocks of steps.</summary>
    private sealed class Trainer : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> _net;
        private readonly optim.Optimizer _opt;
        private readonly Tensor _x, _y, _evalX;
        private readonly int _batch, _evalBatch;

        public Trainer(string model, int batch, int evalBatch, int seed)
        {
            manual_seed(seed);
            _batch = batch;
            _evalBatch = evalBatch;
            _net = Build(model);
            _opt = optim.Adam(_net.parameters(), lr: 1e-3);
            _x = rand(batch, 1, 28, 28).DetachFromDisposeScope();
            _y = randint(10, new long[] { batch }).DetachFromDisposeScope();
            _evalX = rand(evalBatch, 1, 28, 28).DetachFromDisposeScope();
        }

        private void Step()
        {
            using var scope = NewDisposeScope();
            _opt.zero_grad();
            Tensor loss = nn.functional.cross_entropy(_net.call(_x), _y);
            loss.backward();
            _opt.step();
        }

        private void EvalStep()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            _ = _net.call(_evalX);
        }

        /// <summary>Training samples per second over <paramref name="steps"/> steps (wall, CPU).</summary>
        public (double wall, double cpu) Timed(int steps)
        {
            _net.train();
            return Measure(steps, _batch, Step);
        }

        /// <summary>Eval images per second over <paramref name="steps"/> forwards (wall, CPU).</summary>
        public (double wall, double cpu) TimedEval(int steps)
        {
            _net.eval();
            try
            {
                return Measure(steps, _evalBatch, EvalStep);
            }
            finally
            {
                _net.train();
            }
        }

        private static (double wall, double cpu) Measure(int steps, int batch, Action step)
        {
            using var self = Process.GetCurrentProcess();
            TimeSpan cpu0 = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (int k = 0; k < steps; k++) step();
            double wall = sw.Elapsed.TotalSeconds;
            self.Refresh();
            double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
            return (batch * (double)steps / wall, batch * (double)steps / cpu);
        }

        public void Dispose()
        {
            _opt.Dispose();
            _net.Dispose();
            _x.Dispose();
            _y.Dispose();
            _evalX.Dispose();
        }
    }

    /// <summary>VmHWM of this process from /proc (peak resident set), in MiB.</summary>
    private static double PeakRssMiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
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

    /// <summary>benchmarks/pytorch/train_step_bench.py --serve: one persistent process answering one JSON line per command.</summary>
    private sealed class PythonPeer : IDisposable
    {
        private readonly Process _process;
        private readonly string _what;

        public PythonPeer(Options o, int threads, string blasThreads)
        {
            _what = $"{o.Python} {o.Script}";
            var psi = new ProcessStartInfo(o.Python) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add(o.Script);
            psi.ArgumentList.Add("--serve");
            psi.ArgumentList.Add("--threads");
            psi.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
            // The same native environment as this process (a user's OMP_WAIT_POLICY is inherited anyway; said for clarity).
            if (Env("OMP_WAIT_POLICY") is string policy) psi.Environment["OMP_WAIT_POLICY"] = policy;
            psi.Environment["OPENBLAS_NUM_THREADS"] = blasThreads;
            // Lipschitz.Nn keeps freed memory in glibc's heap (mallopt at start-up, see NativeEnvironment) unless the user set
            // glibc's variables; PyTorch gets the same allocator settings through those variables.
            if (Env("MALLOC_TRIM_THRESHOLD_") is null && Env("MALLOC_MMAP_THRESHOLD_") is null && Env("GLIBC_TUNABLES") is null)
            {
                psi.Environment["MALLOC_MMAP_THRESHOLD_"] = (32 << 20).ToString(CultureInfo.InvariantCulture);
                psi.Environment["MALLOC_TRIM_THRESHOLD_"] = (256 << 20).ToString(CultureInfo.InvariantCulture);
            }
            _process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {_what}");
            JsonElement hello = Read();
            Version = hello.GetProperty("torch").GetString();
        }

        public string? Version { get; }

        public JsonElement Send(string command)
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
            JsonElement reply = Read();
            if (reply.TryGetProperty("error", out JsonElement error)) throw new InvalidOperationException($"{_what}: {error}");
            return reply;
        }

        private JsonElement Read()
        {
            string? line = _process.StandardOutput.ReadLine();
            if (line is null) throw new InvalidOperationException($"{_what} exited (code {(_process.WaitForExit(5000) ? _process.ExitCode : -1)}); see its error output above");
            return JsonDocument.Parse(line).RootElement.Clone();
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000)) _process.Kill();
            }
            finally
            {
                _process.Dispose();
            }
        }
    }

    /// <summary>Prints ours against each PyTorch setting (wall and CPU rows), and the ratio against the faster setting.</summary>
    private static void PrintPhase(string name, int steps, Series ours, List<Series> theirs, string[] blas)
    {
        if (theirs.Count == 0)
        {
            PrintRow($"{name,-10} {steps,5}", ours.Ours, new List<double>(), higherIsBetter: true);
            return;
        }
        int best = Enumerable.Range(0, theirs.Count).OrderByDescending(i => Median(theirs[i].Theirs)).First();
        for (int i = 0; i < theirs.Count; i++)
        {
            string mark = theirs.Count > 1 && i == best ? " *" : "";
            PrintRow($"{name,-10} {steps,5}", ours.Ours, theirs[i].Theirs, higherIsBetter: true, $" [BLAS {blas[i]}]{mark}");
            PrintRow($"{"  cpu",-10} {"",5}", ours.OursCpu, theirs[i].TheirsCpu, higherIsBetter: true, $" [BLAS {blas[i]}]");
        }
    }

    /// <summary>Disposes a list of peers.</summary>
    private sealed class DisposeAll : IDisposable
    {
        private readonly List<PythonPeer> _peers;

        public DisposeAll(List<PythonPeer> peers) => _peers = peers;

        public void Dispose()
        {
            foreach (PythonPeer p in _peers) p.Dispose();
        }
    }

    private static void PrintRow(string name, List<double> ours, List<double> theirs, bool higherIsBetter, string note = "")
    {
        double a = Median(ours);
        const string fmt = "N0";
        if (theirs.Count == 0)
        {
            Console.WriteLine($"{name} {a.ToString(fmt, CultureInfo.InvariantCulture),16} {"-",12} {"-",8}");
            return;
        }
        double b = Median(theirs);
        double ratio = higherIsBetter ? a / b : b / a;
        // Each round's own ratio: the two blocks ran back to back, so drift of the machine cancels within a round.
        var perRound = ours.Zip(theirs, (x, y) => higherIsBetter ? x / y : y / x).ToList();
        Console.WriteLine($"{name} {a.ToString(fmt, CultureInfo.InvariantCulture),16} {b.ToString(fmt, CultureInfo.InvariantCulture),12} " +
                          $"{ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x",8}   median {Median(perRound).ToString("0.00", CultureInfo.InvariantCulture)}x: " +
                          string.Join(" ", perRound.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture))) + note);
    }

    private static double Median(List<double> v)
    {
        var s = v.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

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
