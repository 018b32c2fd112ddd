using System.IO;
using System.Linq;
using Lipschitz.Nn.Training;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipnet-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static EpochMetrics Metrics(int epoch) => new(epoch, 0.5 / epoch, 0.7, 1000, 2000, 12.5, 0.8, new[] { new CertifiedAccuracy(0.1, 0.6), new CertifiedAccuracy(0.5, 0.3) });

    private static float[] Flat(LipschitzModule m) =>
        m.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.ToArray<float>()).ToArray();

    [Fact]
    public void SaveThenLoad_RestoresEveryWeight_AndTheMetadata()
    {
        manual_seed(1);
        using var a = new TinyNet(side: 4, hidden: 6);
        manual_seed(2);
        using var b = new TinyNet(side: 4, hidden: 6);
        Assert.NotEqual(Flat(a), Flat(b));

        CheckpointInfo saved = Checkpoint.Save(_dir, a, 3, new[] { Metrics(1), Metrics(2), Metrics(3) });
        CheckpointInfo read = Checkpoint.ReadInfo(_dir);
        Assert.Equal("TinyNet", read.Network);
        Assert.Equal(a.DescriptionHash, read.DescriptionHash);
        Assert.Equal(3, read.Epoch);
        Assert.Equal(3, read.History.Count);
        Assert.Equal(Metrics(3).Loss, read.Metrics!.Loss);
        Assert.Equal(new[] { 0.1, 0.5 }, read.Metrics.Certified.Select(c => c.Eps));
        Assert.Equal(saved.StatePath, read.StatePath);

        Checkpoint.LoadWeights(read, b);
        Assert.Equal(Flat(a), Flat(b));
    }

    [PythonTorchFact]
    public void StateFile_IsAPickledDictOfTensors_ThatPyTorchLoads()
    {
        manual_seed(3);
        using var a = new TinyNet(side: 4, hidden: 6);
        CheckpointInfo saved = Checkpoint.Save(_dir, a, 1, new[] { Metrics(1) });
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3",
            new[] { "-c", "import sys, torch; d = torch.load(sys.argv[1]); print(sorted((k, tuple(v.shape)) for k, v in d.items())); print(float(d['head.weight'].double().sum()))", saved.StatePath })
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        Assert.Contains("('aol_linear1.weight', (6, 16))", stdout);
        Assert.Contains("('head.bias', (10,))", stdout);
        double expected = a.state_dict()["head.weight"].ToArray<float>().Sum(v => (double)v);
        Assert.Equal(expected, double.Parse(stdout.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture), 1e-4);
    }

    [Fact]
    public void Save_KeepsOnlyTheLatestEpochFiles_AndTheJsonNamesThem()
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        Checkpoint.Save(_dir, a, 1, new[] { Metrics(1) });
        Checkpoint.Save(_dir, a, 2, new[] { Metrics(1), Metrics(2) });
        Assert.Equal(new[] { "checkpoint.json", "epoch-0002.pt" }, Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal));
        Assert.Equal("epoch-0002.pt", Checkpoint.ReadInfo(_dir).StateFile);
    }

    [Fact]
    public void Verify_RefusesAnotherNetwork_NamingIt()
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        using var other = new TinyNet(side: 4, hidden: 6, name: "OtherNet");
        CheckpointInfo info = Checkpoint.Save(_dir, a, 1, new[] { Metrics(1) });
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadWeights(info, other));
        Assert.Contains("'TinyNet'", e.Message);
        Assert.Contains("'OtherNet'", e.Message);
        Assert.Contains("checkpoint.json", e.Message);
    }

    [Fact]
    public void Verify_RefusesAnotherDescriptionOfTheSameName_NamingTheLayer()
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        using var wider = new TinyNet(side: 4, hidden: 8);
        CheckpointInfo info = Checkpoint.Save(_dir, a, 1, new[] { Metrics(1) });
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadWeights(info, wider));
        Assert.Contains("layer 2", e.Message);
        Assert.Contains("aol_linear1", e.Message);
        Assert.Contains("[6]", e.Message);
        Assert.Contains("[8]", e.Message);
    }

    [Fact]
    public void ReadInfo_CorruptJson_NamesTheFile()
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, Checkpoint.InfoFileName);
        File.WriteAllText(path, "{ \"format\": 1, \"network\": ");
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(_dir));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadInfo_EmptyFolder_SaysNoEpochCompleted()
    {
        Directory.CreateDirectory(_dir);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(_dir));
        Assert.Contains("no checkpoint.json", e.Message);
    }

    [Fact]
    public void LoadStateFile_WithWrongShapes_NamesTheFile()
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        using var b = new TinyNet(side: 5, hidden: 6);
        CheckpointInfo info = Checkpoint.Save(_dir, a, 1, new[] { Metrics(1) });
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadStateFile(info.StatePath, b));
        Assert.Contains(info.StatePath, e.Message);
        Assert.Contains("aol_linear1.weight", e.Message);
    }
}
