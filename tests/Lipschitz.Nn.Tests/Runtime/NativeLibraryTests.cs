using System.Diagnostics;
using System.IO;
using System.Linq;
using Lipschitz.Nn.Runtime;

namespace Lipschitz.Nn.Tests.Runtime;

/// <summary>The build's fix that lets TorchSharp 0.107's libLibTorchSharp.so load with Debian 12's libstdc++, checked with readelf.</summary>
public sealed class NativeLibraryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string PackageCopy()
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(cache, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    private static string OutputCopy() => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>The flags readelf -V prints for the GLIBCXX_3.4.32 requirement of <paramref name="library"/>.</summary>
    private static string Flags(string library)
    {
        var psi = new ProcessStartInfo("readelf", new[] { "-V", library }) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string line = output.Split('\n').Single(l => l.Contains("Name: GLIBCXX_3.4.32", StringComparison.Ordinal));
        return line[(line.IndexOf("Flags:", StringComparison.Ordinal) + 6)..].Trim().Split(' ')[0];
    }

    [Fact]
    public void TheOutputCopyIsPatched_ThePackageCacheIsNot_AndOnlyTheFlagDiffers()
    {
        Assert.True(File.Exists(PackageCopy()), PackageCopy());
        Assert.Equal("WEAK", Flags(OutputCopy()));
        Assert.Equal("none", Flags(PackageCopy()));
        byte[] a = File.ReadAllBytes(PackageCopy()), b = File.ReadAllBytes(OutputCopy());
        Assert.Equal(a.Length, b.Length);
        int differing = a.Zip(b).Count(p => p.First != p.Second);
        Assert.Equal(1, differing); // the low byte of one vna_flags field: 0 → 2
    }

    [Fact]
    public void Apply_ThroughAHardLink_ReplacesTheLink_AndLeavesItsTargetAlone()
    {
        string original = Path.Combine(_dir, "original.so"), link = Path.Combine(_dir, "link.so");
        File.Copy(PackageCopy(), original);
        using (var ln = Process.Start("ln", new[] { original, link })) ln!.WaitForExit();
        Assert.Equal("weakened GLIBCXX_3.4.32", ElfVersionPatch.Apply(link));
        Assert.Equal("WEAK", Flags(link));
        Assert.Equal("none", Flags(original));
        Assert.True(File.ReadAllBytes(original).SequenceEqual(File.ReadAllBytes(PackageCopy())));
        // Idempotent: a second build finds nothing to do.
        Assert.Equal("no version requirement to weaken", ElfVersionPatch.Apply(link));
    }

    [Fact]
    public void Patch_RefusesWhatIsNotA64BitElfFile()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatch.Patch(new byte[100]));
        byte[] truncated = File.ReadAllBytes(PackageCopy()).Take(4096).ToArray();
        Assert.Throws<InvalidDataException>(() => ElfVersionPatch.Patch(truncated));
    }

    /// <summary>Skipped, saying so, where the system's libstdc++ has GLIBCXX_3.4.32 (there the unpatched library loads).</summary>
    public sealed class OldLibstdcxxFactAttribute : FactAttribute
    {
        public OldLibstdcxxFactAttribute()
        {
            const string libstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
            if (!File.Exists(libstdcxx)) Skip = $"{libstdcxx} not found";
            else if (File.ReadAllText(libstdcxx, System.Text.Encoding.Latin1).Contains("GLIBCXX_3.4.32", StringComparison.Ordinal))
                Skip = "this libstdc++ provides GLIBCXX_3.4.32, so the unpatched library loads and there is nothing to diagnose";
        }
    }

    [OldLibstdcxxFact]
    public void AnUnpatchedLibrary_IsDiagnosedWithTheMissingVersionAndTheFix()
    {
        string native = Path.Combine(_dir, "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(native);
        File.Copy(PackageCopy(), Path.Combine(native, "libLibTorchSharp.so"));
        string message = TorchRuntime.Diagnose(_dir);
        Assert.Contains("GLIBCXX_3.4.32", message);
        Assert.Contains("marks that requirement optional in the output copy", message);
        Assert.Contains("the native TorchSharp libraries were not found", TorchRuntime.Diagnose(Path.Combine(_dir, "empty")));
    }
}
