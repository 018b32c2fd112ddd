using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using Lipschitz.Cli.Commands;
using Lipschitz.Cli.Rendering;
using Lipschitz.Nn;
using Lipschitz.Nn.Certification;

namespace Lipschitz.Cli.Tests;

/// <summary>Issue 9, the command line: System.CommandLine's conventions, exit codes, renderers apart from the statistics.</summary>
public sealed class CommandLineTests : CliFixture
{
    public static TheoryData<string> Commands => new() { "check", "inspect", "generate", "train", "certify" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_AnswersHelp_WithItsOptions(string command)
    {
        (int code, string o, string e) = Lipnet(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains($" {command} <FILE", o); // the root is named after the process: lipnet, or testhost here
        Assert.Contains("-h, --help", o);
        Assert.Equal("", e);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_RefusesAnUnknownOption_WithExit2(string command)
    {
        (int code, string o, string e) = Lipnet(command, "x.lipnet.yaml", "--frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("--frobnicate", e);
        Assert.Contains($"See 'lipnet {command} --help'.", e);
        Assert.Equal("", o);
    }

    [Theory]
    [InlineData("certify", "Option '--checkpoint' is required.")]
    [InlineData("train", "Required argument missing for command: 'train'.")]
    [InlineData("check", "Required argument missing for command: 'check'.")]
    public void MissingRequiredOptionsOrArguments_AreUsageErrors(string command, string message)
    {
        (int code, _, string e) = Lipnet(command == "certify" ? new[] { command, "x.lipnet.yaml" } : new[] { command });
        Assert.Equal(2, code);
        Assert.Contains(message, e);
    }

    [Fact]
    public void BareLipnet_ShowsTheCommands_AndIsAUsageError()
    {
        (int code, string o, string e) = Lipnet();
        Assert.Equal(2, code);
        Assert.Equal("", o);
        foreach (string c in new[] { "check", "inspect", "generate", "train", "certify" }) Assert.Contains(c, e);
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs 0: must be between 1 and 100000 (as training.epochs)")]
    [InlineData("--epochs", "100001", "--epochs 100001: must be between 1 and 100000")]
    [InlineData("--limit", "0", "--limit must be a positive whole number, got 0")]
    [InlineData("--device", "gpu", "unknown device 'gpu': use cpu, cuda or cuda:N")]
    [InlineData("--epochs", "two", "Cannot parse argument 'two' for option '--epochs'")]
    public void BadValues_AreUsageErrors_BeforeAnyFileIsRead(string option, string value, string message)
    {
        (int code, _, string e) = Lipnet("train", Path.Combine(Dir, "absent.lipnet.yaml"), option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, e);
        Assert.DoesNotContain("absent.lipnet.yaml", e);
    }

    [Fact]
    public void ResumeWithForce_IsAUsageError() =>
        Assert.Contains("give one of them", Lipnet("train", "x.lipnet.yaml", "--resume", "--force").Err);

    [Fact]
    public void Norm_AcceptsTheCatalogueChoicesOnly()
    {
        (int code, _, string e) = Lipnet("certify", "x.lipnet.yaml", "--checkpoint", Dir, "--norm", "l3");
        Assert.Equal(2, code);
        Assert.Contains("'l3'", e);
        Assert.Contains("l2", e);
        Assert.Contains("linf", e);
    }

    [Fact]
    public void UnreadableDescription_IsACleanError_NotACrash()
    {
        string folder = Path.Combine(Dir, "a-folder.lipnet.yaml");
        Directory.CreateDirectory(folder);
        (int code, string o, string e) = Lipnet("inspect", folder);
        Assert.True(code is 1 or 3, $"{code}: {e}");
        Assert.StartsWith(folder + ": error: cannot read the file", e);
        Assert.DoesNotContain("   at ", e);
        Assert.Equal("", o);
    }

    private static CertificationReport Report() =>
        CertificationReport.Compute("PaperNet", Norm.L2, 1.0, new[] { 0.05, 0.3, 0.6, 1.2, 0.0, 2.0 }, new[] { true, true, true, true, true, false },
            new[] { 0.1, 0.5, 1.0 }, histogramBins: 4, data: "t10k-images-idx3-ubyte");

    [Fact]
    public void Plot_Png_IsAPngOfTheStatedSize_MarkedAsLipnets()
    {
        byte[] png = CertificationPlot.Png(Report(), "fashion-mnist test set (6 images)");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(CertificationPlot.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(CertificationPlot.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        string path = Path.Combine(Dir, "plot.png");
        File.WriteAllBytes(path, png);
        Assert.True(CertificationPlot.IsOwnPlot(path));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
    }

    [Fact]
    public void Plot_Svg_HasTitleAxesLabelsAndLegend()
    {
        string svg = CertificationPlot.Svg(Report(), "fashion-mnist test set (6 images)");
        XDocument doc = XDocument.Parse(svg);
        string text = string.Concat(doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
        Assert.Contains("PaperNet: certified accuracy on fashion-mnist test set (6 images)", text);
        Assert.Contains("perturbation radius ε (L2 norm; pixel values in [0, 1])", text);
        Assert.Contains("certified accuracy (%)", text);
        Assert.Contains("clean accuracy (83.3 %)", text);
        Assert.Contains("at the requested ε", text);
        Assert.Contains("50.0 %", text); // the label at eps 0.1: 3 of 6
        Assert.Contains(CertificationPlot.Marker, svg);
    }

    [Fact]
    public void Table_ListsTheCleanRowAndEveryEps_WhenRedirected()
    {
        var w = new StringWriter();
        CertificationTable.Write(Consoles.For(w, interactive: false), Report());
        string table = w.ToString();
        Assert.DoesNotContain("\u001b[", table); // no ANSI escapes in a log
        string[] lines = table.Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^clean\s+5\s+83\.33 %$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^0\.1\s+3\s+50\.00 %$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^1\s+1\s+16\.67 %$"));
        Assert.Contains("median 0.3", table);
    }

    [Fact]
    public void Json_WritesAnInfiniteBoundAsNull_AndIsRecognisedAsLipnets()
    {
        CertificationReport unbounded = CertificationReport.Compute("U", Norm.L2, double.PositiveInfinity, new[] { 0.0 }, new[] { true }, new[] { 0.1 });
        string path = Path.Combine(Dir, "r.json");
        File.WriteAllText(path, CertificationReportJson.Write(unbounded));
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("bound").ValueKind);
        Assert.Equal(CertificationReportJson.Kind, doc.RootElement.GetProperty("kind").GetString());
        Assert.True(CertificationReportJson.IsReport(path));
        File.WriteAllText(path, "{\"network\": \"someone else's\"}");
        Assert.False(CertificationReportJson.IsReport(path));
    }

    [Fact]
    public void LiveProgress_DrawsTheBarOnAnInteractiveConsole()
    {
        var w = new StringWriter();
        var progress = new LiveProgress(Consoles.For(w, interactive: true));
        progress.Begin();
        progress.Update(2, 3, 5, 10, 0.25, 0.5, 400, 3);
        System.Threading.Thread.Sleep(300);
        progress.End();
        string text = w.ToString();
        Assert.Contains("epoch 2/3  batch 5/10  loss 0.2500  acc 50.00%  400 samples/s", text);
        Assert.Contains("50%", text);
    }
}
