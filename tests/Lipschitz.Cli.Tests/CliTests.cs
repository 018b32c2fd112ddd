using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Lipschitz.Cli.Commands;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Lipschitz.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Example
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lipschitz.Dsl.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "examples", "FashionMnist", "AolConvNet.lipnet.yaml");
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(string command, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LipnetCli.Run(args.Prepend(command).ToArray(), o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Check_BrokenFile_PrintsMsBuildFormAndExitsOne()
    {
        var bad = Write("bad.lipnet.yaml", "network: N\ninput: [4]\nclasses: 2\nlayers:\n  - aol_linear: 2\n  - scale: 3\n  - maxmni\n");
        var (code, output, _) = Run("check", bad, Example);
        Assert.Equal(1, code);
        Assert.Contains($"{bad}(7,5): error LIP0101: Unknown layer kind 'maxmni' (did you mean 'maxmin'?)", output);
        Assert.Contains($"{Example}: ok: AolConvNet, 12 layers", output);
        Assert.Contains("2 file(s): 1 error(s), 0 warning(s)", output);
    }

    [Fact]
    public void Check_UnboundedLayer_IsAnError_UnlessTheBoundIsComputed()
    {
        var bounded = Write("b.lipnet.yaml", "network: W\ninput: [4]\nclasses: 2\nlayers:\n  - linear: 2\n");
        var (code, output, _) = Run("check", bounded);
        Assert.Equal(1, code);
        Assert.Contains($"{bounded}(5,5): error LIP0301:", output);
        var computed = Write("c.lipnet.yaml", "network: W\ninput: [4]\nclasses: 2\nlipschitz: computed\nlayers:\n  - linear: 2\n");
        (code, output, _) = Run("check", computed);
        Assert.Equal(0, code);
        Assert.Contains($"{computed}: ok: W, 1 layers, 10 parameters, Lipschitz bound computed from the trained weights", output);
    }

    [Fact]
    public void Check_EndlessFile_IsRefusedAfterTheSizeLimit_WithoutRunningOutOfMemory()
    {
        var (code, output, _) = Run("check", "/dev/zero");
        Assert.Equal(1, code);
        Assert.Contains("/dev/zero(1,1): error LIP0005: The description is too large: more than 4194304 characters", output);
    }

    [Fact]
    public void Inspect_ComputedBound_SaysItComesFromTheTrainedWeights()
    {
        var file = Write("u.lipnet.yaml", "network: U\ninput: [4]\nclasses: 2\nlipschitz: computed\nlayers:\n  - linear: 4\n  - abs\n  - aol_linear: 2\n");
        var (code, output, _) = Run("inspect", file);
        Assert.Equal(0, code);
        Assert.Contains("U: input [4], 2 classes, Lipschitz bound computed from the trained weights (lipschitz: computed)", output);
        Assert.Contains(output.Split('\n'), l => Regex.IsMatch(l.Trim(), @"^1\s+abs1\s+abs\s+\[4\]\s+0\s+1\s+elementwise: \|\|a\| − \|b\|\| ≤ \|a − b\|$"));
        Assert.Contains("certificate:     none at compile time: the bound will be computed from the trained weights", output);
    }

    [Fact]
    public void Check_MissingFile_NamesIt()
    {
        var (code, _, err) = Run("check", Path.Combine(_dir, "nope.lipnet.yaml"));
        Assert.Equal(1, code);
        Assert.Contains("nope.lipnet.yaml: error: cannot read the file", err);
    }

    [Fact]
    public void Check_NoFile_IsAUsageError() => Assert.Equal(2, Run("check").Code);

    [Fact]
    public void Inspect_ShowsShapesParametersBoundsAndCertificate()
    {
        var file = Write("s.lipnet.yaml", "network: S\ninput: [2, 4, 4]\nclasses: 3\nlipschitz: 2\nlayers:\n  - aol_conv2d: { out: 4, kernel: 3 }\n  - maxmin\n  - flatten\n  - scale: 1.5\n  - aol_linear: { out: 3, name: head }\n");
        var (code, output, _) = Run("inspect", file);
        Assert.Equal(0, code);
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        // Hand-computed: conv 4·2·3·3 + 4 = 76 parameters; linear 64·3 + 3 = 195; total 271.
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^0\s+conv0\s+aol_conv2d\s+\[4, 4, 4\]\s+76\s+1\s+AOL"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^3\s+scale3\s+scale\s+\[64\]\s+0\s+1\.5\s+multiplication"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^4\s+head\s+aol_linear\s+\[3\]\s+195\s+1\s+AOL"));
        Assert.Contains("parameters:      271", output);
        Assert.Contains("Lipschitz bound: 1.5 (scale3) (other layers 1) = 1.5", output);
        Assert.Contains("radius_L2(x) = margin(x) / (√2 · 1.5); radius_L∞(x) = radius_L2(x) / √32", output);
    }

    [Fact]
    public void Inspect_BrokenFile_PrintsDiagnosticsAndExitsOne()
    {
        var file = Write("b.lipnet.yaml", "network: B\ninput: [4]\nclasses: 2\nlayers:\n  - aol_conv2d: { out: 2 }\n");
        var (code, _, err) = Run("inspect", file);
        Assert.Equal(1, code);
        Assert.Contains($"{file}(5,5): error LIP0202:", err);
    }

    [Fact]
    public void Generate_PrintsExactlyWhatTheGeneratorEmits()
    {
        var (code, output, _) = Run("generate", Example);
        Assert.Equal(0, code);
        var driver = CSharpGeneratorDriver.Create(new[] { new Lipschitz.Dsl.Generator.LipschitzGenerator().AsSourceGenerator() },
            new AdditionalText[] { new Text(Example, File.ReadAllText(Example)) });
        driver = (CSharpGeneratorDriver)driver.RunGenerators(CSharpCompilation.Create("x"));
        var generated = driver.GetRunResult().Results.Single().GeneratedSources.Single();
        Assert.Equal("Examples.FashionMnist.AolConvNet.g.cs", generated.HintName);
        Assert.Equal(generated.SourceText.ToString(), output);
    }

    [Fact]
    public void Generate_ToFile_WritesIt_AndErrorsWriteNothing()
    {
        var target = Path.Combine(_dir, "out.g.cs");
        Assert.Equal(0, Run("generate", Example, "-o", target).Code);
        Assert.StartsWith("// <auto-generated/>", File.ReadAllText(target));
        var bad = Write("bad.lipnet.yaml", "network: B\n");
        var other = Path.Combine(_dir, "other.g.cs");
        var (code, _, err) = Run("generate", bad, "-o", other);
        Assert.Equal(1, code);
        Assert.Contains("error LIP0103", err);
        Assert.False(File.Exists(other));
    }

    [Fact]
    public void Generate_UnknownOption_IsAUsageError() => Assert.Equal(2, Run("generate", Example, "--frobnicate").Code);

    [Fact]
    public void Main_UnknownCommand_ExitsTwo() => Assert.Equal(2, Program.Main(new[] { "frobnicate" }));

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
