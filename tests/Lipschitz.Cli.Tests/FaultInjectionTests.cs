using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Training;

namespace Lipschitz.Cli.Tests;

/// <summary>A [Fact] that is skipped, visibly and with the reason, where this process may not mount a tmpfs (not root, no CAP_SYS_ADMIN).</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_missing = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs mounts need Linux";
        string probe = Directory.CreateTempSubdirectory("lipnet-tmpfs-probe-").FullName;
        try
        {
            if (FaultInjectionTests.Sh($"mount -t tmpfs -o size=64k tmpfs '{probe}'", out string err) != 0) return "cannot mount a tmpfs here: " + err.Trim();
            FaultInjectionTests.Sh($"umount '{probe}'", out _);
            return null;
        }
        finally
        {
            Directory.Delete(probe);
        }
    });

    /// <summary>Skips when a tmpfs cannot be mounted.</summary>
    public TmpfsFactAttribute()
    {
        if (s_missing.Value is { } reason) Skip = reason;
    }
}

/// <summary>Issue 10's fault injection: a full file system, and processes killed at random moments of training.</summary>
public sealed class FaultInjectionTests : CliFixture
{
    private string? _mount;

    public override void Dispose()
    {
        if (_mount is not null) Sh($"umount '{_mount}'", out _);
        base.Dispose();
    }

    internal static int Sh(string command, out string error)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }

    [TmpfsFact]
    public void DiskFullWhileCheckpointing_FailsCleanly_NamingThePath_AndThePreviousCheckpointResumes()
    {
        string yaml = Yaml(epochs: 3);
        string data = Data();
        _mount = Path.Combine(Dir, "small");
        Directory.CreateDirectory(_mount);
        // Epoch 1's files (state ≈ 51 kB, optimizer state ≈ 101 kB, manifest) fit; epoch 2's, written beside them, do not.
        Assert.Equal(0, Sh($"mount -t tmpfs -o size=240k tmpfs '{_mount}'", out _));
        string run = Path.Combine(_mount, "run");

        (int code, string o, string e) = Lipnet("train", yaml, "--out", run, "--data", data);
        Assert.True(code == 3, $"exit {code}: {e}{o}");
        Assert.Contains("cannot write the checkpoint of epoch 2", e);
        Assert.Contains("No space left on device", e);
        Assert.Contains("the previous checkpoint (epoch 1, " + Path.Combine(run, "epoch-0001.pt") + ") is kept and loadable", e);
        Assert.DoesNotContain("   at ", e); // no stack trace
        Assert.Equal(1, Checkpoint.ReadInfo(run).Epoch);
        Assert.DoesNotContain(Files(run), f => AtomicFile.TryParseTempName(f, out _, out _)); // the failed write left no temp file

        // The kept checkpoint certifies, and once there is room the run resumes from it.
        Assert.Equal(0, Lipnet("certify", yaml, "--checkpoint", run, "--data", data).Code);
        Assert.Equal(0, Sh($"mount -o remount,size=4m '{_mount}'", out _));
        (code, o, e) = Lipnet("train", yaml, "--out", run, "--data", data, "--resume");
        Assert.True(code == 0, e + o);
        Assert.Contains("resuming from", o);
        Assert.Equal(3, Checkpoint.ReadInfo(run).Epoch);
    }

    [TmpfsFact]
    public void ReadOnlyOutputFolder_IsAnIoError_BeforeAnyWork()
    {
        _mount = Path.Combine(Dir, "ro");
        Directory.CreateDirectory(_mount);
        Assert.Equal(0, Sh($"mount -t tmpfs -o size=64k,ro tmpfs '{_mount}'", out _));
        (int code, string o, string e) = Lipnet("train", Yaml(), "--out", Path.Combine(_mount, "run"), "--data", Data());
        Assert.Equal(3, code);
        Assert.Contains("cannot write in " + _mount, e);
        Assert.Equal("", o);
        (code, o, e) = Lipnet("generate", Yaml(), "-o", Path.Combine(_mount, "x.g.cs"));
        Assert.Equal(3, code);
        Assert.Equal("", o);
    }

    private void KillAtRandom(int seed, string yaml, string data)
    {
        string run = Path.Combine(Dir, "run" + seed);
        var random = new Random(seed);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "exec", LipnetExecutable, "train", yaml, "--out", run, "--data", data, "--epochs", "2000" }) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        psi.Environment["LIPSCHITZ_NUM_THREADS"] = "1";
        using var child = Process.Start(psi)!;
        child.ErrorDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        // The summary line of an epoch is printed just before its checkpoint is written: a kill a few milliseconds after a
        // random one lands anywhere in that write (state file, optimizer file, manifest, removal of the old files).
        int afterEpoch = 1 + random.Next(3);
        string? line;
        while ((line = child.StandardOutput.ReadLine()) is not null && !line.StartsWith($"epoch {afterEpoch}/2000 done", StringComparison.Ordinal))
        {
        }
        Assert.True(line is not null, $"seed {seed}: the child ended before epoch {afterEpoch}");
        var drain = new Thread(() => child.StandardOutput.ReadToEnd()) { IsBackground = true };
        drain.Start();
        Thread.Sleep(random.Next(120));
        child.Kill(entireProcessTree: true);
        child.WaitForExit();
    }

    private static string LipnetExecutable => Path.Combine(AppContext.BaseDirectory, "lipnet.dll");

    [Fact]
    public async System.Threading.Tasks.Task KilledAtRandomMoments_AlwaysLeavesTheLastCompleteCheckpointLoadableAndResumable()
    {
        // A child `lipnet train` on tiny data spends most of its time writing checkpoints; SIGKILL it at a random
        // moment after training starts, then check the folder and resume in this process.
        string yaml = Yaml(epochs: 1);
        string data = Data(train: 64, test: 32);
        var report = new System.Text.StringBuilder();
        // One child at a time (run together on two cores they only slow each other down); each is killed at its own
        // moment, decided by its seed.
        foreach (int seed in new[] { 1, 2, 3, 4 })
        {
            var clock = Stopwatch.StartNew();
            await System.Threading.Tasks.Task.Run(() => KillAtRandom(seed, yaml, data));
            report.Append($"[child {clock.Elapsed.TotalSeconds:0.0} s] ");
            string run = Path.Combine(Dir, "run" + seed);
            // What the kill left: a manifest naming a complete, verified epoch (or none yet), files of the run, and at
            // most temporary files of the interrupted write.
            string[] files = Files(run);
            int epoch = 0;
            if (File.Exists(Path.Combine(run, Checkpoint.InfoFileName)))
            {
                try
                {
                    CheckpointInfo info = Checkpoint.ReadInfo(run);
                    epoch = info.Epoch;
                    Assert.Equal(info.StateSha256, Checkpoint.Sha256(info.StatePath));
                    Assert.Equal(info.OptimizerSha256, Checkpoint.Sha256(info.OptimizerPath!));
                }
                catch (CheckpointException e) when (e.Message.Contains("no epoch has completed yet", StringComparison.Ordinal))
                {
                }
            }
            foreach (string f in files)
                Assert.True(RunFolder.IsRunFile(f) || (AtomicFile.TryParseTempName(f, out string target, out _) && RunFolder.IsRunFile(target)), $"seed {seed}: unexpected {f}");
            int temps = files.Count(f => AtomicFile.TryParseTempName(f, out _, out _));
            report.Append($"seed {seed}: killed after epoch {epoch}, {temps} temp file(s) [{clock.Elapsed.TotalSeconds:0.0} s]; ");

            if (epoch > 0)
                Assert.True(Lipnet("certify", yaml, "--checkpoint", run, "--data", data).Code == 0, $"seed {seed}: the kept checkpoint does not certify");
            (int code, string o, string err) = Lipnet("train", yaml, "--out", run, "--data", data, "--epochs", (epoch + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                File.Exists(Path.Combine(run, Checkpoint.InfoFileName)) ? "--resume" : "--force");
            Assert.True(code == 0, $"seed {seed}: resume failed: {err}{o}");
            if (epoch > 0) Assert.Contains($"resuming from {Path.Combine(run, Checkpoint.InfoFileName)}: epoch {epoch} of {epoch + 1} done", o);
            Assert.Equal(epoch + 1, Checkpoint.ReadInfo(run).Epoch);
            Assert.DoesNotContain(Files(run), f => AtomicFile.TryParseTempName(f, out _, out _));
        }
        Console.WriteLine(report);
    }
}
