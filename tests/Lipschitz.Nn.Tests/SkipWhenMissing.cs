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
