using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Lipschitz.Nn.Runtime;

/// <summary>
/// Prepares libtorch for this process: glibc's allocator is set up (see NativeEnvironment), libtorch is loaded with a
/// clear error when that fails, the thread count is taken from LIPSCHITZ_NUM_THREADS when set, and NNPACK is silenced
/// where it cannot run. Idempotent; the command line calls it first thing, and <see cref="LipschitzModule"/> calls it
/// before its first use.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _initialized;

    /// <summary>How NNPACK was handled: libtorch warns on every convolution where NNPACK cannot start, so it is then turned off.</summary>
    public static string NnpackStatus { get; private set; } = "not checked";

    /// <summary>Whether libtorch's oneDNN convolutions are used (see Mkldnn): off by default.</summary>
    public static string MkldnnStatus { get; internal set; } = "not set";

    /// <summary>Native settings this process made at start-up, for reports (e.g. "malloc(mmap 32 MiB, trim 256 MiB)").</summary>
    public static string EnvironmentSummary { get; private set; } = "";

    /// <summary>Sets up and loads libtorch once; throws <see cref="TorchUnavailableException"/> saying what is missing when it cannot load.</summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (_initialized) return;
            EnvironmentSummary = NativeEnvironment.Apply();
            Load();
            ApplyThreads();
            NnpackStatus = Nnpack.Quiet();
            MkldnnStatus = Mkldnn.Configure();
            _initialized = true;
        }
    }

    private static void Load()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or InvalidOperationException)
        {
            throw new TorchUnavailableException(Diagnose(Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "."), e);
        }
    }

    // TorchSharp's own message is a long trace; find the loader's reason for the library that failed.
    internal static string Diagnose(string dir)
    {
        string[] candidates =
        {
            Path.Combine(dir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            Path.Combine(dir, "libLibTorchSharp.so"),
        };
        foreach (string candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(candidate));
            }
            catch (DllNotFoundException e)
            {
                string hint = e.Message.Contains("GLIBCXX_", StringComparison.Ordinal)
                    ? " This libstdc++ is older than the one TorchSharp was built with; the Lipschitz.Dsl build marks that requirement optional in the output copy, so rebuild the application with the Lipschitz.Dsl package (or its buildTransitive targets) referenced, or install libstdc++ from GCC 13 or later."
                    : "";
                return $"libtorch could not be loaded: {e.Message}.{hint}";
            }
        }
        return "libtorch could not be loaded: the native TorchSharp libraries were not found next to the application. " +
               "Reference a backend package (TorchSharp-cpu, TorchSharp-cuda-linux or TorchSharp-cuda-windows) in the application project.";
    }

    private static void ApplyThreads()
    {
        string? value = Environment.GetEnvironmentVariable("LIPSCHITZ_NUM_THREADS");
        if (string.IsNullOrEmpty(value)) return;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int threads) || threads < 1)
            throw new ArgumentException($"LIPSCHITZ_NUM_THREADS must be a positive whole number, got '{value}'");
        torch.set_num_threads(threads);
    }
}

/// <summary>libtorch cannot be loaded in this process; the message says why and how to fix it.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the error.</summary>
    public TorchUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
