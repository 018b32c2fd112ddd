using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Training;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

/// <summary>Issue 10: a checkpoint folder never loses files that are not the run's, and every manifest field is untrusted.</summary>
public sealed class CheckpointSafetyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipnet-ckpt-safety-" + Guid.NewGuid().ToString("N"));

    public CheckpointSafetyTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EpochMetrics Metrics(int epoch) => new(epoch, 0.5 / epoch, 0.7, 1000, 2000, 12.5, 0.8, new[] { new CertifiedAccuracy(0.1, 0.6) });

    private static EpochMetrics[] History(int epochs) => Enumerable.Range(1, epochs).Select(Metrics).ToArray();

    // Case 1: Save deleted every epoch-*.pt in the folder at the first checkpoint.
    [Fact]
    public void Save_LeavesFilesThatAreNotTheRunsOwn()
    {
        File.WriteAllText(Path.Combine(_dir, "epoch-best.pt"), "someone's best weights");
        File.WriteAllText(Path.Combine(_dir, "epoch-0009.pt"), "another network's epoch 9");
        File.WriteAllText(Path.Combine(_dir, "epoch-0003.optim.pt"), "another network's optimizer");
        using var a = new TinyNet(side: 4, hidden: 6);
        Checkpoint.Save(_dir, a, 1, History(1));
        Checkpoint.Save(_dir, a, 2, History(2));
        string[] names = Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "checkpoint.json", "epoch-0002.pt", "epoch-0003.optim.pt", "epoch-0009.pt", "epoch-best.pt" }, names);
        Assert.Equal("someone's best weights", File.ReadAllText(Path.Combine(_dir, "epoch-best.pt")));
    }

    [Fact]
    public void Save_IntoAnotherNetworksRunFolder_IsRefused_AndTouchesNothing()
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        using var other = new TinyNet(side: 4, hidden: 6, name: "OtherNet");
        Checkpoint.Save(_dir, a, 1, History(1));
        byte[] before = File.ReadAllBytes(Path.Combine(_dir, Checkpoint.InfoFileName));
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Save(_dir, other, 1, History(1)));
        Assert.Contains("another network", e.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_dir, Checkpoint.InfoFileName)));
        Assert.True(File.Exists(Path.Combine(_dir, "epoch-0001.pt")));
    }

    [Fact]
    public void Manifest_RecordsTheSha256OfItsFiles_AndATamperedStateFileIsRefused()
    {
        manual_seed(4);
        using var a = new TinyNet(side: 4, hidden: 6);
        using var b = new TinyNet(side: 4, hidden: 6);
        CheckpointInfo info = Checkpoint.Save(_dir, a, 1, History(1));
        Assert.Equal(Checkpoint.Sha256(info.StatePath), Checkpoint.ReadInfo(_dir).StateSha256);
        // Another valid state file of the same network in its place: loads by itself, but is not the checkpoint's.
        string elsewhere = Path.Combine(_dir, "b.pt");
        Lipschitz.Nn.Serialization.ModuleState.Save(b, elsewhere);
        File.Copy(elsewhere, info.StatePath, overwrite: true);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadWeights(Checkpoint.ReadInfo(_dir), a));
        Assert.Contains("changed after the checkpoint was written", e.Message);
        Assert.Contains(info.StatePath, e.Message);
    }

    [Fact]
    public void NonFiniteMetrics_AreWrittenAsNull_AndReadBackAsNaN()
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        var diverged = new EpochMetrics(1, double.NaN, 0.1, double.PositiveInfinity, 2000, 1, 0.1, Array.Empty<CertifiedAccuracy>());
        Checkpoint.Save(_dir, a, 1, new[] { diverged });
        JsonNode json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, Checkpoint.InfoFileName)))!;
        Assert.Null(json["history"]![0]!["loss"]);
        Assert.Equal(JsonValueKind.Null, json["history"]![0]!["trainSamplesPerSecond"]!?.GetValueKind() ?? JsonValueKind.Null);
        Assert.Equal(2, json["format"]!.GetValue<int>());
        EpochMetrics back = Checkpoint.ReadInfo(_dir).History[0];
        Assert.True(double.IsNaN(back.Loss));
        Assert.True(double.IsNaN(back.TrainSamplesPerSecond));
    }

    [Fact]
    public void Format1Manifest_IsStillRead_WithMinusOneAsNotFinite_AndItsFileReplacedOnTheNextSave()
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        Checkpoint.Save(_dir, a, 1, History(1));
        // What lipnet wrote before format 2: no hashes, no pending, -1 for a non-finite loss.
        JsonObject json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, Checkpoint.InfoFileName)))!.AsObject();
        json["format"] = 1;
        json.Remove("stateSha256");
        json.Remove("optimizerSha256");
        json.Remove("pending");
        json["history"]![0]!["loss"] = -1;
        File.WriteAllText(Path.Combine(_dir, Checkpoint.InfoFileName), json.ToJsonString());
        CheckpointInfo old = Checkpoint.ReadInfo(_dir);
        Assert.True(double.IsNaN(old.History[0].Loss));
        Assert.Null(old.StateSha256);
        using var b = new TinyNet(side: 4, hidden: 6);
        Checkpoint.LoadWeights(old, b);
        Checkpoint.Save(_dir, a, 2, History(2));
        Assert.Equal(new[] { "checkpoint.json", "epoch-0002.pt" }, Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string, string> BadFields => new()
    {
        // Case 3: each of these was trusted.
        { "epoch", "-1", "field 'epoch' is -1, outside 0 … 100000" },
        { "epoch", "2147483647", "field 'epoch' is 2147483647, outside 0 … 100000" },
        { "epoch", "1e40", "not valid checkpoint JSON" },
        { "stateFile", "null", "field 'stateFile' is null" },
        { "stateFile", "\"../../etc/passwd\"", "field 'stateFile' is '../../etc/passwd', but epoch 1's state file is epoch-0001.pt" },
        { "stateFile", "42", "not valid checkpoint JSON" },
        { "network", "null", "field 'network' is null" },
        { "network", "\"\"", "field 'network' is empty" },
        { "descriptionHash", "\"a\\u0000b\"", "field 'descriptionHash' holds a control character" },
        { "stateSha256", "\"abc\"", "field 'stateSha256' is 'abc', not 64 hex digits" },
        { "layers", "null", "field 'layers' is null" },
        { "layers", "[null]", "field 'layers[0]' is null" },
        { "history", "[]", "field 'history' holds 0 epochs but 'epoch' is 1" },
        { "history", "null", "field 'history' is null" },
        { "pending", "[\"/etc/passwd\"]", "field 'pending' names '/etc/passwd'" },
        { "format", "7", "checkpoint format 7 is not supported" },
        { "optimizerFile", "\"x.pt\"", "field 'optimizerFile' is 'x.pt'" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void ReadInfo_ValidatesEveryField_NamingItAndTheFile(string field, string json, string expected)
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        Checkpoint.Save(_dir, a, 1, History(1));
        string path = Path.Combine(_dir, Checkpoint.InfoFileName);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest[field] = JsonNode.Parse(json);
        File.WriteAllText(path, manifest.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(_dir));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("accuracy", "1.5", "history[0].certified[0].accuracy' is 1.5, not a fraction")]
    [InlineData("eps", "-2", "history[0].certified[0].eps' is -2")]
    public void ReadInfo_ValidatesTheHistory(string field, string value, string expected)
    {
        using var a = new TinyNet(side: 4, hidden: 6);
        Checkpoint.Save(_dir, a, 1, History(1));
        string path = Path.Combine(_dir, Checkpoint.InfoFileName);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest["history"]![0]!["certified"]![0]![field] = JsonNode.Parse(value);
        File.WriteAllText(path, manifest.ToJsonString());
        Assert.Contains(expected, Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(_dir)).Message);
    }

    [Fact]
    public void Fuzz_MutatedManifests_ReadOrFailCleanly()
    {
        // Thousands of damaged manifests: each one is read (and then names a file the folder really has) or refused
        // with a CheckpointException naming the file; never another exception, never a hang.
        using var a = new TinyNet(side: 4, hidden: 6);
        Checkpoint.Save(_dir, a, 3, History(3));
        string path = Path.Combine(_dir, Checkpoint.InfoFileName);
        string original = File.ReadAllText(path);
        JsonObject template = JsonNode.Parse(original)!.AsObject();
        var random = new Random(99);
        string[] values = { "null", "-1", "0", "1", "3", "2147483648", "-9223372036854775809", "1e309", "\"NaN\"", "\"\"", "\"epoch-0003.pt\"", "[]", "{}",
            "[null]", "[[[[[[[[]]]]]]]]", "true", "\"../checkpoint.json\"", "0.5", "\"\\u0000\"", new string('[', 40) + new string(']', 40) };
        int read = 0, refused = 0;
        for (int k = 0; k < 3000; k++)
        {
            string text;
            switch (k % 4)
            {
                case 0: // flip bytes
                    char[] chars = original.ToCharArray();
                    for (int f = 0; f < 1 + random.Next(3); f++) chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                    text = new string(chars);
                    break;
                case 1: // truncate
                    text = original[..random.Next(original.Length)];
                    break;
                default: // replace one field, top level or inside the history, with a hostile value
                    JsonObject copy = JsonNode.Parse(template.ToJsonString())!.AsObject();
                    JsonObject target = random.Next(3) == 0 ? copy["history"]![random.Next(3)]!.AsObject() : copy;
                    string[] keys = target.Select(p => p.Key).ToArray();
                    string key = random.Next(8) == 0 ? "unknown" : keys[random.Next(keys.Length)];
                    if (random.Next(10) == 0) target.Remove(key);
                    else target[key] = JsonNode.Parse(values[random.Next(values.Length)]);
                    text = copy.ToJsonString();
                    break;
            }
            File.WriteAllText(path, text);
            try
            {
                CheckpointInfo info = Checkpoint.ReadInfo(_dir);
                Assert.True(File.Exists(info.StatePath), info.StatePath);
                Assert.Equal(info.Epoch, info.History.Count);
                read++;
            }
            catch (CheckpointException e)
            {
                Assert.StartsWith(path, e.Message);
                refused++;
            }
        }
        Assert.True(refused > 2000, $"{refused} refused, {read} read");
    }

    [Fact]
    public void StaleTempFiles_OfTheRunsFiles_AreRemoved_OthersStay()
    {
        const int deadPid = int.MaxValue - 7; // no such process
        string guid = Guid.NewGuid().ToString("N");
        string[] stale = { $"epoch-0002.pt.tmp-{deadPid}-{guid}", $"checkpoint.json.tmp-{deadPid}-{guid}" };
        string[] kept =
        {
            $"notes.txt.tmp-{deadPid}-{guid}",                                // not a file a run writes
            $"epoch-0002.pt.tmp-{Environment.ProcessId}-{guid}",             // its writer is alive
            "epoch-0002.pt.tmp-123-not-a-guid",                               // not AtomicFile's name
            "epoch-0002.pt.tmp",
        };
        foreach (string f in stale.Concat(kept)) File.WriteAllText(Path.Combine(_dir, f), "x");
        IReadOnlyList<string> removed = AtomicFile.RemoveStaleTempFiles(_dir, RunFolder.IsRunFile);
        Assert.Equal(stale.Order(StringComparer.Ordinal), removed.Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
        Assert.Equal(kept.Order(StringComparer.Ordinal), Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AtomicWrite_ThatFails_LeavesTheOldContentAndNoTempFile()
    {
        string path = Path.Combine(_dir, "report.json");
        File.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new IOException("No space left on device (simulated)");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { "report.json" }, Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)!));
    }
}
