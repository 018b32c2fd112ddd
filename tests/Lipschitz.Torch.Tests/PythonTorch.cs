using System.Diagnostics;
using System.Linq;
using System.IO;

namespace Lipschitz.Torch.Tests;

/// <summary>Runs /usr/bin/python3 with PyTorch for reference checks.</summary>
internal static class PythonTorch
{
    internal const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> s_missing = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} is absent";
        try
        {
            var (code, _, err) = Run("import torch");
            return code == 0 ? null : $"{Python} cannot import torch: {err.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Python} cannot start: {e.Message}";
        }
    });

    /// <summary>Why the reference is unavailable, or null when it is there.</summary>
    internal static string? Missing => s_missing.Value;

    /// <summary>Runs a script; returns exit code, stdout and stderr.</summary>
    internal static (int code, string stdout, string stderr) Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    /// <summary>Runs a script that must succeed and returns its stdout.</summary>
    internal static string Check(string script, params string[] args)
    {
        var (code, stdout, stderr) = Run(script, args);
        if (code != 0) throw new InvalidOperationException($"python failed ({code}):\n{stderr}");
        return stdout;
    }

    /// <summary>Parses whitespace-separated numbers printed by a script.</summary>
    internal static double[] Numbers(string stdout) =>
        stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>A fact that is skipped, with the reason shown, when /usr/bin/python3 with torch is absent.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when the reference is unavailable.</summary>
    public PythonTorchFactAttribute()
    {
        if (PythonTorch.Missing is string why) Skip = $"PyTorch reference unavailable: {why}";
    }
}
