using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Xml.Linq;
using Lipschitz.Cli.Commands;
using Lipschitz.Dsl;
using Lipschitz.Nn.Data;

namespace Lipschitz.Cli.Tests;

public sealed class TrainCertifyTests : CliFixture
{
    private readonly string _dir;

    public TrainCertifyTests() => _dir = Dir;

    private new const string TinyMlp = """
        network: TinyMlp
        input: [1, 28, 28]
        classes: 10
        layers:
          - flatten
          - aol_linear: { out: HIDDEN }
          - maxmin
          - aol_linear: { out: 10 }
        training:
          data: fashion-mnist
          epochs: 1
          batch: 64
          seed: 0
          optimizer: { adam: { lr: 0.005 } }
          objective: { offset_cross_entropy: { offset: 1.414, temperature: 0.25 } }
        certify:
          norm: l2
          eps: [0.05, 0.1, 0.2]
        """;

    private string Description(string name, int hidden = 32, string text = TinyMlp)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.Replace("HIDDEN", hidden.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return path;
    }

    // The real Fashion-MNIST folder when installed, else synthetic IDX files in the same layout.
    private string DataDir() => Directory.Exists(ImageDataset.FashionMnistDirectory) ? ImageDataset.FashionMnistDirectory : Data("data", 600, 300);

    private static (int Code, string Out, string Err) Train(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LipnetCli.Run(args.Prepend("train").ToArray(), o, e, CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }

    private static (int Code, string Out, string Err) Certify(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LipnetCli.Run(args.Prepend("certify").ToArray(), o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Train_DescriptionWithErrors_StopsWithTheCheckDiagnostics_BeforeReadingData()
    {
        string broken = TinyMlp.Replace("- maxmin", "- maxmn").Replace("data: fashion-mnist", "data: /nonexistent/data/folder");
        string path = Description("broken.lipnet.yaml", text: broken);
        (int code, string stdout, string stderr) = Train(path, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(1, code);
        CompileResult expected = DslCompiler.Compile(File.ReadAllText(path), path);
        Assert.True(expected.HasErrors);
        foreach (var d in expected.Diagnostics) Assert.Contains(d.ToString(), stderr);
        Assert.Contains("(7,", stderr);           // the line of the misspelt layer
        Assert.Contains("error LIP01", stderr);
        Assert.DoesNotContain("/nonexistent", stderr + stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Train_ThenCertify_GivesTheSameAccuracyFromTheCheckpoint()
    {
        string yaml = Description("tiny.lipnet.yaml");
        string outDir = Path.Combine(_dir, "run");
        string data = DataDir();
        (int code, string stdout, string stderr) = Train(yaml, "--out", outDir, "--limit", "300", "--data", data);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("1 epoch", stdout);
        Assert.Contains("certified accuracy", stdout);
        Assert.True(File.Exists(Path.Combine(outDir, "report.svg")));
        Assert.True(File.Exists(Path.Combine(outDir, "report.png")));

        using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "checkpoint.json")));
        Assert.Equal("TinyMlp", info.RootElement.GetProperty("network").GetString());
        Assert.Equal(1, info.RootElement.GetProperty("epoch").GetInt32());
        double trainedClean = info.RootElement.GetProperty("metrics").GetProperty("cleanAccuracy").GetDouble();
        Assert.True(trainedClean > 0.3, $"clean accuracy {trainedClean} after one short epoch");

        string json = Path.Combine(_dir, "cert.json"), svg = Path.Combine(_dir, "cert.svg");
        (code, stdout, stderr) = Certify(yaml, "--checkpoint", outDir, "--limit", "300", "--data", data, "--json", json, "--svg", svg);
        Assert.True(code == 0, stderr + stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(trainedClean, report.RootElement.GetProperty("cleanAccuracy").GetDouble(), 12);
        Assert.Equal(new[] { 0.05, 0.1, 0.2 }, report.RootElement.GetProperty("certified").EnumerateArray().Select(e => e.GetProperty("eps").GetDouble()));
        Assert.Contains(Rendering.CertificationPlot.Marker, File.ReadAllText(svg));
        Assert.Equal("svg", XDocument.Parse(File.ReadAllText(svg)).Root!.Name.LocalName);

        // Other radii and the L∞ norm on request: L∞ radii are the L2 ones divided by √784 = 28.
        (code, stdout, _) = Certify(yaml, "--checkpoint", Path.Combine(outDir, "checkpoint.json"), "--limit", "300", "--data", data,
            "--norm", "linf", "--eps", "0.001", "0.002", "--json", json);
        Assert.Equal(0, code);
        Assert.Contains("L∞", stdout);
        using var linf = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("linf", linf.RootElement.GetProperty("norm").GetString());
        double l2Median = report.RootElement.GetProperty("radius").GetProperty("median").GetDouble();
        Assert.Equal(l2Median / 28, linf.RootElement.GetProperty("radius").GetProperty("median").GetDouble(), 1e-9);

        // --resume continues with epoch 2 from the checkpoint.
        (code, stdout, stderr) = Train(yaml, "--out", outDir, "--limit", "300", "--data", data, "--epochs", "2", "--resume");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("resuming from", stdout);
        Assert.DoesNotContain("epoch 1/2 done", stdout);
        Assert.Contains("epoch 2/2 done", stdout);
        using var info2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "checkpoint.json")));
        Assert.Equal(2, info2.RootElement.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public void NormalizedHead_TrainsCertifiesPerClassPair_AndTheAuditDisprovesNoCertificate()
    {
        string yaml = Description("head.lipnet.yaml", text: TinyMlp.Replace("network: TinyMlp", "network: TinyHead")
            .Replace("- aol_linear: { out: 10 }", "- normalized_head: { out: 10 }"));
        string outDir = Path.Combine(_dir, "head");
        string data = DataDir();
        (int code, string stdout, string stderr) = Train(yaml, "--out", outDir, "--limit", "300", "--data", data);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Lipschitz bound 1 before the class-pair head (certified per class pair; whole network 3.1623)", stdout);

        string json = Path.Combine(_dir, "head.json");
        (code, stdout, stderr) = Certify(yaml, "--checkpoint", outDir, "--limit", "300", "--data", data, "--json", json);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("radius = min over j≠y of (f_y − f_j)/(‖w_y − w_j‖·L)", stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(Nn.Certification.CertificationReport.ClassPairRule, report.RootElement.GetProperty("rule").GetString());
        Assert.Equal(1.0, report.RootElement.GetProperty("bound").GetDouble());
        Assert.Contains("before the class-pair head", report.RootElement.GetProperty("boundSource").GetString());
        Assert.True(report.RootElement.GetProperty("certified")[0].GetProperty("count").GetInt32() > 0, "nothing certified at the smallest radius");

        // An attack just inside each certified radius must never change a prediction.
        var o = new StringWriter();
        var e = new StringWriter();
        code = LipnetCli.Run(new[] { "attack", yaml, "--checkpoint", outDir, "--attack", "audit", "--limit", "60", "--data", data, "--out", Path.Combine(_dir, "audit") }, o, e);
        Assert.True(code == 0, e.ToString() + o);
        Assert.Matches(@"audit: [1-9][0-9]* certificates attacked just inside their radius; 0 disproved", o.ToString());
    }

    [Fact]
    public void Certify_CheckpointOfAnotherDescription_IsRefusedNamingTheDifference()
    {
        string data = DataDir();
        string outDir = Path.Combine(_dir, "run");
        Assert.Equal(0, Train(Description("a.lipnet.yaml", hidden: 16), "--out", outDir, "--limit", "100", "--data", data).Code);
        (int code, string stdout, string stderr) = Certify(Description("b.lipnet.yaml", hidden: 24), "--checkpoint", outDir, "--data", data);
        Assert.Equal(1, code);
        Assert.Contains("checkpoint.json", stderr);
        Assert.Contains("[16]", stderr);
        Assert.Contains("[24]", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Certify_StateDictBesideCheckpointOfAnotherDescription_IsRefused()
    {
        // Same parameters and shapes (so the state dict alone loads), another activation => another description.
        string data = DataDir();
        string outDir = Path.Combine(_dir, "run");
        Assert.Equal(0, Train(Description("a.lipnet.yaml"), "--out", outDir, "--limit", "100", "--data", data).Code);
        string pt = Path.Combine(outDir, "epoch-0001.pt");
        Assert.True(File.Exists(pt));
        string other = Description("b.lipnet.yaml", text: TinyMlp.Replace("- maxmin", "- relu"));
        (int code, string stdout, string stderr) = Certify(other, "--checkpoint", pt, "--limit", "100", "--data", data);
        Assert.Equal(1, code);
        Assert.Contains("checkpoint.json", stderr);
        Assert.Contains("another description", stderr);
        Assert.Contains("relu", stderr); // the first differing layer is named
        Assert.Equal("", stdout);

        // The matching description still certifies from the .pt, without a warning.
        (code, stdout, stderr) = Certify(Description("a.lipnet.yaml"), "--checkpoint", pt, "--limit", "100", "--data", data);
        Assert.True(code == 0, stderr + stdout);
        Assert.DoesNotContain("warning", stderr);

        // A lone .pt (no checkpoint.json beside it) loads, with a warning that the description is unverified.
        string lone = Path.Combine(_dir, "lone");
        Directory.CreateDirectory(lone);
        File.Copy(pt, Path.Combine(lone, "weights.pt"));
        (code, stdout, stderr) = Certify(other, "--checkpoint", Path.Combine(lone, "weights.pt"), "--limit", "100", "--data", data);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("warning", stderr);
        Assert.Contains("cannot be verified", stderr);
        Assert.Contains("weights.pt", stderr);
    }

    [Fact]
    public void Train_FreshRunIntoFolderWithCheckpoint_IsRefusedUnlessForced()
    {
        string data = DataDir();
        string outDir = Path.Combine(_dir, "run");
        string yaml = Description("tiny.lipnet.yaml");
        Assert.Equal(0, Train(yaml, "--out", outDir, "--limit", "100", "--data", data).Code);
        string infoPath = Path.Combine(outDir, "checkpoint.json");
        string before = File.ReadAllText(infoPath);
        byte[] weights = File.ReadAllBytes(Path.Combine(outDir, "epoch-0001.pt"));

        (int code, string stdout, string stderr) = Train(yaml, "--out", outDir, "--limit", "100", "--data", data);
        Assert.Equal(2, code);
        Assert.Contains(outDir, stderr);
        Assert.Contains("--resume", stderr);
        Assert.Contains("--force", stderr);
        Assert.DoesNotContain("epoch 1/1 done", stdout);
        Assert.Equal(before, File.ReadAllText(infoPath));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(outDir, "epoch-0001.pt")));

        Assert.Equal(2, Train(yaml, "--out", outDir, "--resume", "--force").Code);

        (code, stdout, stderr) = Train(yaml, "--out", outDir, "--limit", "100", "--data", data, "--force");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("epoch 1/1 done", stdout);
        Assert.NotEqual(before, File.ReadAllText(infoPath)); // timings and rates differ in a new run
    }

    [Fact]
    public void Train_MissingDataFolder_NamesIt()
    {
        string missing = Path.Combine(_dir, "no-such-data");
        (int code, _, string stderr) = Train(Description("tiny.lipnet.yaml"), "--out", Path.Combine(_dir, "o"), "--data", missing);
        Assert.Equal(1, code);
        Assert.Contains(missing, stderr);
    }

    [Fact]
    public void UsageErrors_ExitWith2()
    {
        Assert.Equal(2, Train().Code);
        Assert.Equal(2, Train("x.lipnet.yaml", "--epochs", "zero").Code);
        Assert.Equal(2, Train("x.lipnet.yaml", "--bogus").Code);
        Assert.Equal(2, Certify("x.lipnet.yaml").Code);
    }

    [Fact]
    public void Device_UnknownOrUnavailable_IsAUsageErrorSayingWhy_BeforeAnyWork()
    {
        (int code, _, string stderr) = Train(Description("tiny.lipnet.yaml"), "--device", "gpu");
        Assert.Equal(2, code);
        Assert.Contains("unknown device 'gpu': use cpu, cuda or cuda:N", stderr);
        if (!TorchSharp.torch.cuda.is_available())
        {
            (code, _, stderr) = Certify(Description("tiny.lipnet.yaml"), "--checkpoint", _dir, "--device", "cuda:0");
            Assert.Equal(2, code);
            Assert.Contains("CUDA is not available in this process", stderr);
        }
    }
}
