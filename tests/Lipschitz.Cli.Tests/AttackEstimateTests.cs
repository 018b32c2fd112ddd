using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Lipschitz.Cli.Commands;
using Lipschitz.Nn.Data;

namespace Lipschitz.Cli.Tests;

/// <summary>Two small networks trained once through lipnet train: a 1-Lipschitz one and an unconstrained one ('lipschitz: computed').</summary>
public sealed class TrainedRuns : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("lipnet-attack-").FullName;

    public string Data => ImageDataset.FashionMnistDirectory;

    private string? _lipschitz, _plain;

    public string Lipschitz => Trained()._lipschitz!;

    public string Plain => Trained()._plain!;

    // Trained on first use, so that a test skipped for want of the data set trains nothing.
    private TrainedRuns Trained()
    {
        if (_lipschitz is null) Train();
        return this;
    }

    private void Train()
    {
        const string common = """
            training:
              data: fashion-mnist
              epochs: 1
              batch: 64
              optimizer: { adam: { lr: 0.005 } }
            certify: { norm: l2, eps: [0.1, 0.5] }
            """;
        _lipschitz = Write("Lip.lipnet.yaml", "network: Lip\ninput: [1, 28, 28]\nclasses: 10\nlayers:\n  - flatten\n  - aol_linear: 64\n  - maxmin\n  - aol_linear: 10\n" + common);
        _plain = Write("Plain.lipnet.yaml", "network: Plain\ninput: [1, 28, 28]\nclasses: 10\nlipschitz: computed\nlayers:\n  - flatten\n  - linear: 64\n  - relu\n  - linear: 10\n" + common);
        foreach (string yaml in new[] { _lipschitz, _plain })
        {
            var (code, o, e) = Cli.Run("train", yaml, "--out", RunOf(yaml), "--limit", "600");
            if (code != 0) throw new InvalidOperationException($"training {yaml} failed ({code}): {e}{o}");
        }
    }

    public string RunOf(string yaml) => Path.Combine(Dir, Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(yaml)));

    private string Write(string name, string text)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>A fact reported as skipped, with the reason, when the Fashion-MNIST folder is not installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!Directory.Exists(ImageDataset.FashionMnistDirectory)) Skip = $"Fashion-MNIST not installed at {ImageDataset.FashionMnistDirectory} (scripts/setup.sh installs it)";
    }
}

internal static class Cli
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LipnetCli.Run(args, o, e, CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }
}

public sealed class AttackEstimateTests : IClassFixture<TrainedRuns>
{
    private readonly TrainedRuns _runs;

    public AttackEstimateTests(TrainedRuns runs) => _runs = runs;

    [FashionMnistFact]
    public void Attack_ReportsAttackedBesideCertifiedAccuracy_AndWritesJsonPlotAndPictures()
    {
        string outDir = Path.Combine(_runs.Dir, "attack-pgd");
        var (code, stdout, stderr) = Cli.Run("attack", _runs.Lipschitz, "--checkpoint", _runs.RunOf(_runs.Lipschitz), "--limit", "60", "--steps", "5",
            "--eps", "0.1", "0.5", "--out", outDir, "--images", "2");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("certified ≤ attacked ≤ clean", stdout);
        Assert.DoesNotContain("VIOLATED", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "attack.json")));
        var root = json.RootElement;
        double clean = root.GetProperty("clean").GetDouble();
        foreach (var p in root.GetProperty("points").EnumerateArray())
        {
            double attacked = p.GetProperty("attacked").GetDouble(), certified = p.GetProperty("certified").GetDouble();
            Assert.True(certified <= attacked && attacked <= clean, $"eps {p.GetProperty("eps")}: certified {certified}, attacked {attacked}, clean {clean}");
        }
        Assert.True(root.GetProperty("consistent").GetBoolean());
        foreach (string f in new[] { "attack.png", "pictures.png" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(outDir, f));
            Assert.Equal(0x89, png[0]);
            Assert.True(png.Length > 5000, f);
        }
        // A second run may replace its own files; a file that is not lipnet's is kept unless --force.
        File.WriteAllText(Path.Combine(outDir, "attack.json"), "{\"mine\": true}");
        var (code2, _, err2) = Cli.Run("attack", _runs.Lipschitz, "--checkpoint", _runs.RunOf(_runs.Lipschitz), "--limit", "10", "--steps", "2", "--out", outDir);
        Assert.Equal(ExitCodes.Usage, code2);
        Assert.Contains("attack.json", err2);
        Assert.Equal("{\"mine\": true}", File.ReadAllText(Path.Combine(outDir, "attack.json")));
    }

    [FashionMnistFact]
    public void SignedAttack_ReachesTheNamedTarget_OnTheUnconstrainedNetwork_InsideARectangle()
    {
        var (code, stdout, stderr) = Cli.Run("attack", _runs.Plain, "--checkpoint", _runs.RunOf(_runs.Plain), "--attack", "signed", "--target", "bag",
            "--limit", "40", "--steps", "300", "--mask", "0,0,28,28", "--images", "0");
        Assert.True(code == 0, stderr + stdout);
        Assert.Matches(@"target 'Bag': reached by (9\d|100)\.\d % of \d+ images of other classes", stdout);
        var (bad, _, err) = Cli.Run("attack", _runs.Plain, "--checkpoint", _runs.RunOf(_runs.Plain), "--attack", "signed", "--target", "Hat");
        Assert.Equal(ExitCodes.Usage, bad);
        Assert.Contains("'Hat' is not a class of this network", err);
        Assert.Contains("'Ankle boot'", err);
    }

    [FashionMnistFact]
    public void Audit_FindsNoViolationOfTheDeclaredOrTheVerifiedBound()
    {
        foreach (string bound in new[] { "declared", "tightest" })
        {
            var (code, stdout, stderr) = Cli.Run("attack", _runs.Lipschitz, "--checkpoint", _runs.RunOf(_runs.Lipschitz), "--attack", "audit",
                "--bound", bound, "--limit", "40", "--steps", "20", "--restarts", "1");
            Assert.True(code == 0, stderr + stdout);
            Assert.Matches(@"audit: \d+ certificates attacked just inside their radius; 0 disproved", stdout);
        }
    }

    [FashionMnistFact]
    public void ComputedNetwork_IsCertifiedWithTheBoundVerifiedFromItsWeights()
    {
        string json = Path.Combine(_runs.Dir, "plain-report.json");
        var (code, stdout, stderr) = Cli.Run("certify", _runs.Plain, "--checkpoint", _runs.RunOf(_runs.Plain), "--limit", "200", "--json", json);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("bound: verified from the trained weights", stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        double bound = report.RootElement.GetProperty("bound").GetDouble();
        Assert.True(double.IsFinite(bound) && bound > 1, $"bound {bound}");
        Assert.Contains("verified", report.RootElement.GetProperty("boundSource").GetString());
        Assert.True(report.RootElement.GetProperty("certified")[0].GetProperty("accuracy").GetDouble() > 0);
    }

    [FashionMnistFact]
    public void Estimate_BracketsTheConstant_LowerNeverAboveUpper()
    {
        string json = Path.Combine(_runs.Dir, "estimate.json"), png = Path.Combine(_runs.Dir, "estimate.png");
        foreach (string yaml in new[] { _runs.Lipschitz, _runs.Plain })
        {
            var (code, stdout, stderr) = Cli.Run("estimate", yaml, "--checkpoint", _runs.RunOf(yaml), "--limit", "32", "--steps", "10", "--json", json, "--png", png, "--force");
            Assert.True(code == 0, stderr + stdout);
            Assert.Contains("bracket:", stdout);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var r = doc.RootElement;
            double upper = r.GetProperty("verifiedUpper").GetDouble();
            double lower = Math.Max(r.GetProperty("pairSearchLower").GetDouble(), r.GetProperty("jacobianLower").GetDouble());
            Assert.True(lower > 0 && lower <= upper, $"{yaml}: lower {lower}, upper {upper}");
            Assert.True(File.ReadAllBytes(png).Length > 5000);
        }
    }
}
