using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Lipschitz.Cli.Commands;

namespace Lipschitz.Cli.Tests;

/// <summary><c>lipnet inspect</c> on composite layers: nested layers listed under their composite, and the bound's provenance.</summary>
public sealed class CompositionInspectTests : System.IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-comp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Inspect_ShowsNestedLayers_AndHowTheBoundIsComposed()
    {
        var file = Path.Combine(_dir, "r.lipnet.yaml");
        File.WriteAllText(file, "network: R\ninput: [8]\nclasses: 2\nlipschitz: 3\nlayers:\n  - residual: [aol_linear: 8, maxmin]\n  - concat: [[aol_linear: 4], []]\n  - aol_linear: 2\n");
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(0, LipnetCli.Run(new[] { "inspect", file }, o, e));
        var output = o.ToString();
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^0\s+res0\s+residual\s+\[8\]\s+72\s+2\s"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^0\.0\s+res0_fc0\s+aol_linear\s+\[8\]\s+\(72\)\s+1\s+AOL"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^1\.b0\.0\s+cat1_b0_fc0\s+aol_linear\s+\[4\]\s+\(36\)\s+1\s"));
        Assert.Contains("Lipschitz bound: 2 (res0: residual = 1 + 1 × (aol_linear 1 × maxmin 1)) × 1.4142135623730951 (cat1: concat = √((aol_linear 1)² + (identity)²)) (other layers 1) = 2.8284271247461903", output);
    }
}
