using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using Lipschitz.Dsl;
using Lipschitz.Nn.Serialization;
using Lipschitz.Nn.Training;
using static TorchSharp.torch;

namespace Lipschitz.Cli.Tests;

/// <summary>Issue 10 through the command line: each numbered case of the issue, reproduced, and the rule that fixes it.</summary>
public sealed class NothingLostTests : CliFixture
{
    private string TrainOnce(string outDir, int epochs = 1)
    {
        string yaml = Yaml(epochs: epochs);
        (int code, string o, string e) = Lipnet("train", yaml, "--out", outDir, "--data", Data());
        Assert.True(code == 0, e + o);
        return yaml;
    }

    // 1. Training into a folder without checkpoint.json deleted every epoch-*.pt in it at the first checkpoint.
    [Fact]
    public void Case1_Train_IntoAFolderWithOtherFiles_NeverDeletesThem()
    {
        string outDir = Path.Combine(Dir, "shared");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "epoch-best.pt"), "an unrelated best model");
        File.WriteAllText(Path.Combine(outDir, "epoch-0007.pt"), "another network's epoch 7");
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "notes");
        (int code, string o, string e) = Lipnet("train", Yaml(epochs: 2), "--out", outDir, "--data", Data());
        Assert.True(code == 0, e + o);
        Assert.Equal("an unrelated best model", File.ReadAllText(Path.Combine(outDir, "epoch-best.pt")));
        Assert.Equal("another network's epoch 7", File.ReadAllText(Path.Combine(outDir, "epoch-0007.pt")));
        Assert.Equal(new[] { "checkpoint.json", "epoch-0002.optim.pt", "epoch-0002.pt", "epoch-0007.pt", "epoch-best.pt", "notes.txt", "report.json", "report.png", "report.svg" },
            Files(outDir));
    }

    [Fact]
    public void Case1_Train_ThatWouldReplaceAnotherNetworksFile_IsRefusedNamingIt_UnlessForced()
    {
        string outDir = Path.Combine(Dir, "shared");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "epoch-0001.pt"), "another network's epoch 1");
        File.WriteAllText(Path.Combine(outDir, "epoch-best.pt"), "an unrelated best model");
        string yaml = Yaml(epochs: 2);
        (int code, string o, string e) = Lipnet("train", yaml, "--out", outDir, "--data", Data());
        Assert.Equal(2, code);
        Assert.Contains("epoch-0001.pt, not written by this run", e);
        Assert.Contains("--force", e);
        Assert.Equal(new[] { "epoch-0001.pt", "epoch-best.pt" }, Files(outDir));
        Assert.DoesNotContain("epoch 1/2", o);

        (code, o, e) = Lipnet("train", yaml, "--out", outDir, "--data", Data(), "--force");
        Assert.True(code == 0, e + o);
        Assert.Contains("replacing (--force): epoch-0001.pt", o);
        Assert.Equal("an unrelated best model", File.ReadAllText(Path.Combine(outDir, "epoch-best.pt")));
    }

    /// <summary>Rewrites a tensor file with its first data record replaced (stored, valid CRC): only the size check can catch it.</summary>
    private static void ReplaceFirstRecord(string path, byte[] bytes)
    {
        var entries = new List<(string Name, byte[] Data)>();
        using (ZipArchive zip = ZipFile.OpenRead(path))
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                using Stream s = entry.Open();
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                entries.Add((entry.FullName, entry.FullName.EndsWith("/data/0", StringComparison.Ordinal) ? bytes : ms.ToArray()));
            }
        File.Delete(path);
        using ZipArchive output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            using Stream s = output.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(data);
        }
    }

    // 2. A record shorter than its pickle declares crashed the process (SIGSEGV) or read past the buffer.
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Case2_Certify_AStateDictWithAShortRecord_IsACleanErrorNamingTheFile(int bytes)
    {
        string run = Path.Combine(Dir, "run");
        string yaml = TrainOnce(run);
        string lone = Path.Combine(Dir, "lone");
        Directory.CreateDirectory(lone);
        string weights = Path.Combine(lone, "weights.pt");
        File.Copy(Path.Combine(run, "epoch-0001.pt"), weights);
        ReplaceFirstRecord(weights, new byte[bytes]);
        (int code, string o, string e) = Lipnet("certify", yaml, "--checkpoint", weights, "--data", Data());
        Assert.Equal(1, code);
        Assert.Contains($"{weights}: '", e);
        Assert.Contains($"holds {bytes} bytes but the pickle declares", e);
        Assert.DoesNotContain("certified accuracy", o);

        // The same damage to the run's own file is caught first by the SHA-256 its manifest records.
        ReplaceFirstRecord(Path.Combine(run, "epoch-0001.pt"), new byte[bytes]);
        (code, _, e) = Lipnet("certify", yaml, "--checkpoint", run, "--data", Data());
        Assert.Equal(1, code);
        Assert.Contains("epoch-0001.pt: the file changed after the checkpoint was written", e);
    }

    // 3. checkpoint.json fields were trusted: -1 retrained from 0, 2^31−1 overflowed into epoch--2147483478.pt, null crashed.
    [Theory]
    [InlineData("epoch", "-1", "field 'epoch' is -1")]
    [InlineData("epoch", "2147483647", "field 'epoch' is 2147483647")]
    [InlineData("stateFile", "null", "field 'stateFile' is null")]
    public void Case3_Resume_FromAManifestWithAHostileField_IsRefusedNamingIt_AndWritesNothing(string field, string value, string expected)
    {
        string run = Path.Combine(Dir, "run");
        string yaml = TrainOnce(run);
        string manifest = Path.Combine(run, Checkpoint.InfoFileName);
        JsonObject json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json[field] = JsonNode.Parse(value);
        File.WriteAllText(manifest, json.ToJsonString());
        string[] before = Files(run);
        (int code, string o, string e) = Lipnet("train", yaml, "--out", run, "--data", Data(), "--epochs", "3", "--resume");
        Assert.Equal(1, code);
        Assert.Contains(manifest + ": " + expected, e);
        Assert.DoesNotContain("epoch 1/3", o);
        Assert.Equal(before, Files(run));
        Assert.Equal(json.ToJsonString(), File.ReadAllText(manifest));
    }

    // 4. Output paths failed only after the work (an epoch, or the certification), with a stack trace.
    [Fact]
    public void Case4_OutNamingAFile_OrInsideProc_IsAUsageError_InMilliseconds()
    {
        string file = Path.Combine(Dir, "afile");
        File.WriteAllText(file, "keep me");
        string yaml = Yaml();
        var clock = Stopwatch.StartNew();
        (int code, string o, string e) = Lipnet("train", yaml, "--out", file, "--data", Data());
        Assert.Equal(2, code);
        Assert.Contains($"{file}: is a file, not a folder", e);
        Assert.True(clock.Elapsed.TotalSeconds < 5, $"{clock.Elapsed.TotalSeconds} s");
        Assert.Equal("", o);
        Assert.Equal("keep me", File.ReadAllText(file));

        (code, o, e) = Lipnet("train", yaml, "--out", "/proc/x", "--data", Data());
        Assert.Equal(2, code);
        Assert.Contains("/proc/x: is inside /proc", e);
        Assert.Equal("", o);

        (code, _, e) = Lipnet("train", yaml, "--out", Path.Combine(file, "run"), "--data", Data());
        Assert.Equal(2, code);
        Assert.Contains($"{file} is a file, not a folder", e);
    }

    [Fact]
    public void Case4_CertifyOutputs_ThatCannotBeFiles_AreRefusedBeforeCertifying()
    {
        string run = Path.Combine(Dir, "run");
        string yaml = TrainOnce(run);
        string folder = Path.Combine(Dir, "reports") + "/";
        Directory.CreateDirectory(folder);
        string afile = Path.Combine(Dir, "afile");
        File.WriteAllText(afile, "x");
        foreach (string[] args in new[]
                 {
                     new[] { "--json", folder }, new[] { "--json", Path.Combine(Dir, "reports") }, new[] { "--svg", Path.Combine(afile, "x.svg") },
                     new[] { "--png", "/proc/self/x.png" }, new[] { "--json", Path.Combine(run, "checkpoint.json") }, new[] { "--svg", Path.Combine(run, "epoch-0001.pt") },
                 })
        {
            (int code, string o, string e) = Lipnet(new[] { "certify", yaml, "--checkpoint", run, "--data", Data() }.Concat(args).ToArray());
            Assert.True(code == 2, $"{string.Join(" ", args)}: {code} {e}");
            Assert.Equal("", o); // nothing was certified
            Assert.StartsWith("error: " + args[1], e);
        }
    }

    // 5. An empty data set trained, checkpointed and reported success.
    [Theory]
    [InlineData(0, 10, false, "holds no images")]
    [InlineData(40, 1, false, "all 40 images have label 0; training needs at least two classes")]
    [InlineData(40, 10, true, "all 40 images are identical")]
    public void Case5_DegenerateTrainingData_IsRefusedBeforeTraining(int images, int classes, bool identical, string expected)
    {
        string data = Data("degenerate", train: images, test: 20, classes: classes, identical: identical);
        string run = Path.Combine(Dir, "run");
        (int code, string o, string e) = Lipnet("train", Yaml(), "--out", run, "--data", data);
        Assert.Equal(1, code);
        Assert.Contains("train-images-idx3-ubyte: error: " + expected, e);
        Assert.DoesNotContain("epoch 1/1", o);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Case5_EmptyTestSet_IsRefused_ForCertifyToo()
    {
        string run = Path.Combine(Dir, "run");
        string yaml = TrainOnce(run);
        (int code, _, string e) = Lipnet("certify", yaml, "--checkpoint", run, "--data", Data("empty-test", train: 20, test: 0));
        Assert.Equal(1, code);
        Assert.Contains("t10k-images-idx3-ubyte: error: holds no images", e);
    }

    // 6. Temporary files of interrupted writes stayed forever.
    [Fact]
    public void Case6_Resume_RemovesTheTempFilesOfItsInterruptedWrites_AndNoOthers()
    {
        string run = Path.Combine(Dir, "run");
        string yaml = TrainOnce(run);
        string guid = Guid.NewGuid().ToString("N");
        const int deadPid = int.MaxValue - 11;
        string stale = Path.Combine(run, $"epoch-0002.pt.tmp-{deadPid}-{guid}");
        File.WriteAllBytes(stale, new byte[5 << 20]);
        string foreign = Path.Combine(run, $"data.bin.tmp-{deadPid}-{guid}");
        File.WriteAllText(foreign, "not lipnet's");
        (int code, string o, string e) = Lipnet("train", yaml, "--out", run, "--data", Data(), "--epochs", "2", "--resume");
        Assert.True(code == 0, e + o);
        Assert.Contains("removed 1 temporary file(s) left by an interrupted write: " + Path.GetFileName(stale), o);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(foreign));
    }

    // 7. NaN/∞ weights loaded silently and were certified (clean accuracy 10.7 %).
    [Fact]
    public void Case7_NonFiniteWeights_AreRefused_NotCertified()
    {
        string run = Path.Combine(Dir, "run");
        string yaml = TrainOnce(run);
        string state = Path.Combine(run, "epoch-0001.pt");
        List<KeyValuePair<string, Tensor>> tensors = TensorFile.Load(state);
        try
        {
            using (no_grad()) tensors.First(t => t.Key.EndsWith("weight", StringComparison.Ordinal)).Value[0, 0] = float.NaN;
            TensorFile.Save(state, tensors);
        }
        finally
        {
            foreach (var (_, t) in tensors) t.Dispose();
        }
        // The manifest is made to vouch for the file, so that the value check itself is what refuses it.
        string manifest = Path.Combine(run, Checkpoint.InfoFileName);
        JsonObject json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["stateSha256"] = Checkpoint.Sha256(state);
        File.WriteAllText(manifest, json.ToJsonString());
        (int code, string o, string e) = Lipnet("certify", yaml, "--checkpoint", run, "--data", Data());
        Assert.Equal(1, code);
        Assert.Contains("holds NaN or infinite values", e);
        Assert.Contains(state, e);
        Assert.DoesNotContain("certified accuracy", o);
    }

    // 8. --eps 0 and duplicate radii were accepted on the command line but refused in YAML.
    [Theory]
    [InlineData("0")]
    [InlineData("0.1,0.1")]
    [InlineData("-1")]
    [InlineData("2e6")]
    public void Case8_Eps_TheCommandLineRefusesWhatYamlRefuses_WithTheSameMessage(string eps)
    {
        string yamlText = TinyMlp.Replace("eps: [0.05, 0.1]", $"eps: [{eps}]");
        CompileResult yaml = DslCompiler.Compile(yamlText.Replace("EPOCHS", "1"), "x.lipnet.yaml");
        Dsl.Diagnostics.DslDiagnostic d = Assert.Single(yaml.Diagnostics, x => x.Id == "LIP0402");
        (int code, _, string e) = Lipnet(new[] { "certify", Yaml(), "--checkpoint", Dir, "--eps" }.Concat(eps.Split(',')).ToArray());
        Assert.Equal(2, code);
        Assert.Contains("LIP0402: " + d.Message, e);
    }

    [Fact]
    public void Case8_Eps_ValuesYamlAccepts_AreAccepted()
    {
        string run = Path.Combine(Dir, "run");
        string yaml = TrainOnce(run);
        (int code, string o, string e) = Lipnet("certify", yaml, "--checkpoint", run, "--data", Data(), "--eps", "0.01,0.02", "1e6");
        Assert.True(code == 0, e + o);
        Assert.Contains("1000000", o);
    }

    [Fact]
    public void Case8_Generate_NeverOverwritesTheDescription_OrAnotherFile_WithoutForce()
    {
        string yaml = Yaml();
        string original = File.ReadAllText(yaml);
        (int code, _, string e) = Lipnet("generate", yaml, "-o", yaml);
        Assert.Equal(2, code);
        Assert.Contains("an input of this command; it is never overwritten", e);
        // Not even with --force, nor through a symbolic link.
        string link = Path.Combine(Dir, "link.lipnet.yaml");
        File.CreateSymbolicLink(link, yaml);
        Assert.Equal(2, Lipnet("generate", yaml, "-o", link, "--force").Code);
        Assert.Equal(original, File.ReadAllText(yaml));

        string other = Yaml("other.lipnet.yaml");
        (code, _, e) = Lipnet("generate", yaml, "-o", other);
        Assert.Equal(2, code);
        Assert.Contains("exists and was not written by lipnet", e);
        Assert.Equal(original, File.ReadAllText(other));

        // An earlier generated file is lipnet's own: replaced without --force.
        string cs = Path.Combine(Dir, "Tiny.g.cs");
        Assert.Equal(0, Lipnet("generate", yaml, "-o", cs).Code);
        Assert.Equal(0, Lipnet("generate", yaml, "-o", cs).Code);
    }

    [Fact]
    public void Case8_CertifyJson_NeverOverwritesTheDescription()
    {
        string yaml = Yaml();
        string original = File.ReadAllText(yaml);
        (int code, string o, string e) = Lipnet("certify", yaml, "--checkpoint", Dir, "--json", yaml, "--force");
        Assert.Equal(2, code);
        Assert.Contains($"error: {yaml}: is an input of this command", e);
        Assert.Equal("", o);
        Assert.Equal(original, File.ReadAllText(yaml));
    }

    [Fact]
    public void Case8_DataThatIsAFile_SaysSo()
    {
        string file = Path.Combine(Dir, "train-images-idx3-ubyte");
        File.WriteAllText(file, "x");
        (int code, _, string e) = Lipnet("train", Yaml(), "--out", Path.Combine(Dir, "run"), "--data", file);
        Assert.Equal(1, code);
        Assert.Contains($"{file}: error: is a file; the data is a folder of MNIST-layout IDX files", e);
    }
}
