using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Lipschitz.Nn.Runtime;

/// <summary>
/// Environment settings made through libc before libtorch loads: .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not reach native <c>getenv</c>, which is where OpenMP reads its settings. A variable the user set is left alone.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>The settings made when the user has not chosen: name → value.</summary>
    internal static readonly IReadOnlyList<(string Name, string Value)> Defaults = new[]
    {
        // Idle OpenMP workers sleep instead of spinning, so they do not compete with the .NET threads for the cores.
        ("OMP_WAIT_POLICY", "PASSIVE"),
    };

    /// <summary>Applies <see cref="Defaults"/> and returns what was set, e.g. "OMP_WAIT_POLICY=PASSIVE".</summary>
    internal static string Apply()
    {
        var made = new List<string>();
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return "";
        foreach (var (name, value) in Defaults)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) continue;
            if (setenv(name, value, 0) == 0)
            {
                Environment.SetEnvironmentVariable(name, value);
                made.Add(name + "=" + value);
            }
        }
        return string.Join(" ", made);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
