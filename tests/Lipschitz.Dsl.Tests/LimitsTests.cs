using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Lipschitz.Dsl.Tests;

/// <summary>Hostile sizes are refused before the work they would cost, with a diagnostic at their place.</summary>
public class LimitsTests
{
    private const string Head = "network: N\ninput: [4]\nclasses: 2\nlayers:\n  - aol_linear: 2\n";

    private static System.TimeSpan Time(System.Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    [Fact]
    public void AMillionRadii_AreRefusedAtOnce_NotCheckedPairwise()
    {
        var yaml = Head + "certify: { eps: [" + string.Join(",", Enumerable.Repeat("0.5", 1_000_000)) + "] }\n";
        // 4.0 MB of text: within the file limit, beyond the node limit (the quadratic duplicate check took minutes here);
        // DslLimits.MaxEps + 1 radii are beyond the radius limit.
        Assert.InRange(yaml.Length, 3_900_000, DslLimits.MaxFileLength);
        CompileResult? result = null;
        var took = Time(() => result = DslCompiler.Compile(yaml, "eps.lipnet.yaml"));
        var nodes = Assert.Single(result!.Diagnostics);
        Assert.Equal("LIP0005", nodes.Id);
        Assert.Contains("YAML nodes", nodes.Message);
        var justAbove = Head + "certify: { eps: [" + string.Join(", ", Enumerable.Range(1, DslLimits.MaxEps + 1).Select(i => "0." + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))) + "] }\n";
        var d = Assert.Single(DslCompiler.Compile(justAbove, "eps.lipnet.yaml").Diagnostics);
        Assert.Equal("LIP0404", d.Id);
        Assert.Equal("'eps' lists 1001 values; at most 1000 are allowed", d.Message);
        Assert.True(took < System.TimeSpan.FromSeconds(10), $"took {took}");
    }

    [Fact]
    public void ThousandDistinctRadii_AreCheckedForDuplicatesInLinearTime()
    {
        var radii = Enumerable.Range(1, DslLimits.MaxEps).Select(i => (i / 1000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var ok = DslCompiler.Compile(Head + "certify: { eps: [" + string.Join(", ", radii) + "] }\n", "eps.lipnet.yaml");
        Assert.Empty(ok.Diagnostics);
        Assert.Equal(DslLimits.MaxEps, ok.Network!.Spec.Certify.Params.Numbers("eps").Count);
        radii[^1] = radii[0];
        var twice = Assert.Single(DslCompiler.Compile(Head + "certify: { eps: [" + string.Join(", ", radii) + "] }\n", "eps.lipnet.yaml").Diagnostics);
        Assert.Equal(("LIP0402", "Certification radius 0.001 is not valid: it is listed twice"), (twice.Id, twice.Message));
    }

    [Fact]
    public void FiftyMegabyteFlowList_IsRefusedByLength_WithoutParsing()
    {
        var sb = new StringBuilder(Head).Append("certify: { eps: [");
        while (sb.Length < 50_000_000) sb.Append("0.25, ");
        sb.Append("1] }\n");
        var text = sb.ToString();
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        var d = Assert.Single(DslCompiler.Compile(text, "big.lipnet.yaml").Diagnostics);
        long allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(("LIP0005", 1, 1), (d.Id, d.Span.StartLine, d.Span.StartColumn));
        Assert.Equal("The description is too large: more than 4194304 characters; the limit is 4194304 characters", d.Message);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes for a file it refuses");
    }

    [Fact]
    public void ManyNodesWithinTheFileLimit_AreRefusedAtTheNodeLimit()
    {
        // 2 characters a node: 1.2 MB, 600,000 nodes; reading stops at the limit, at the node that crossed it.
        var text = Head + "x: [" + string.Join(",", Enumerable.Repeat("1", 600_000)) + "]\n";
        var d = Assert.Single(DslCompiler.Compile(text, "nodes.lipnet.yaml").Diagnostics);
        Assert.Equal("LIP0005", d.Id);
        Assert.Equal(6, d.Span.StartLine);
        Assert.Contains($"more than {DslLimits.MaxYamlNodes} YAML nodes", d.Message);
    }

    [Fact]
    public void ReadFile_StopsOneCharacterPastTheLimit_EvenForAnEndlessFile()
    {
        var text = DslLimits.ReadFile("/dev/zero");
        Assert.Equal(DslLimits.MaxFileLength + 1, text.Length);
        Assert.Equal("LIP0005", Assert.Single(DslCompiler.Compile(text, "/dev/zero").Diagnostics).Id);
    }

    [Fact]
    public void ReadFile_ReadsAnOrdinaryFileWhole()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, TestFiles.Example, new UTF8Encoding(true));
            Assert.Equal(TestFiles.Example, DslLimits.ReadFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LayerOutputAboveTheElementLimit_IsLip0208_NotAnOverflow()
    {
        // 2²⁴ channels of 2²⁴ × 1: the product overflows neither a long nor the check.
        var d = Assert.Single(DslCompiler.Compile("network: N\ninput: [1, 16777216, 1]\nclasses: 2\nlipschitz: computed\nlayers:\n  - conv2d: { out: 16777216, kernel: 1 }\n  - flatten\n  - linear: 2\n", "x").Diagnostics);
        Assert.Equal("LIP0208", d.Id);
        Assert.Equal("Layer 0 (conv2d) outputs [16777216, 16777216, 1]: more than 2147483647 values per sample", d.Message);
    }
}
