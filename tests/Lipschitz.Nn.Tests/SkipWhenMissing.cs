using System.Diagnostics;
using System.IO;
using Lipschitz.Nn.Data;

namespace Lipschitz.Nn.Tests;

/// <summary>Whether /usr/bin/python3 with torch is there, decided once (the reason when it is not).</summary>
internal static class PythonTorchReference
{
    internal const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> s_missing = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} is absent";
        try
        {
            var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import torch");
            using var p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"{Python} cannot import torch: {err.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Python} cannot start: {e.Message}";
        }
    });

    /// <summary>Why the reference is unavailable, or null when it is there.</summary>
    internal static string? Missing => s_missing.Value;

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> (sys.argv[1:]); returns its standard output, failing the test on a non-zero exit.</summary>
    internal static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Xunit.Assert.True(p.ExitCode == 0, "python failed: " + stderr.Result);
        return stdout;
    }
}

/// <summary>A fact reported as skipped, with the reason, when /usr/bin/python3 with torch is absent (never a silent pass).</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when the reference is unavailable.</summary>
    public PythonTorchFactAttribute()
    {
        if (PythonTorchReference.Missing is string why) Skip = $"PyTorch reference unavailable: {why}";
    }
}

/// <summary>A fact reported as skipped, with the reason, when the Fashion-MNIST folder is not installed (never a silent pass).</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when the data set is absent.</summary>
    public FashionMnistFactAttribute()
    {
        if (!Directory.Exists(ImageDataset.FashionMnistDirectory))
            Skip = $"Fashion-MNIST not installed at {ImageDataset.FashionMnistDirectory} (scripts/setup.sh installs it)";
    }
}

/// <summary>A fact reported as skipped, with the reason, when TorchSharp sees no CUDA device (the tests reference TorchSharp-cpu).</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when CUDA is unavailable.</summary>
    public CudaFactAttribute()
    {
        Lipschitz.Nn.Runtime.TorchRuntime.Initialize();
        if (!TorchSharp.torch.cuda.is_available()) Skip = "CUDA is not available in this process (TorchSharp-cpu backend or no GPU)";
    }
}
