using System.IO;
using System.Linq;
using Lipschitz.Cli.Rendering;

namespace Lipschitz.Cli.Tests;

/// <summary><c>lipnet compare</c>: reports written by hand here (so the expected table is known), read from run folders and files.</summary>
public sealed class CompareTests : CliFixture
{
    private static string AttackJson(string network, string attack, double clean, (double Eps, double Attacked, double? Certified)[] points, string norm = "l2",
        int violations = 0, string? mask = null) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $$"""
        {
          "kind": "lipnet attack", "network": "{{network}}", "attack": "{{attack}}", "norm": "{{norm}}",{{(mask is null ? "" : $" \"mask\": \"{mask}\",")}} "data": "test", "samples": 200,
          "clean": {{clean}}, "consistent": true,
          "points": [{{string.Join(", ", points.Select(p => $$"""{ "eps": {{p.Eps}}, "attacked": {{p.Attacked}}, "certified": {{(p.Certified is double c ? c : "null")}}, "broken": 1, "certifiedButBroken": 0, "meanL2": 0.5 }"""))}}],
          "violations": [{{string.Join(", ", Enumerable.Range(0, violations).Select(i => $$"""{ "sample": {{i}}, "radius": 1, "perturbationNorm": 0.5, "label": 1, "predicted": 2 }"""))}}]
        }
        """);

    private static string EstimateJson(string network, double declared, double verified, double pairs, double jacobian) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $$"""
        { "kind": "lipnet estimate", "network": "{{network}}", "data": "test", "declared": {{(double.IsInfinity(declared) ? "null" : declared)}},
          "verifiedUpper": {{verified}}, "powerIteration": {{verified}}, "pairSearchLower": {{pairs}}, "pairSearchSample": 0, "jacobianLower": {{jacobian}},
          "jacobianSample": 0, "gap": 1, "layers": [] }
        """);

    private string Run(string name, params (string File, string Json)[] files)
    {
        string dir = Path.Combine(Dir, name);
        foreach (var (file, json) in files)
        {
            string path = Path.Combine(dir, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, json);
        }
        return dir;
    }

    private (string A, string B) TwoRuns()
    {
        string a = Run("a",
            ("attack-pgd/attack.json", AttackJson("Plain", "pgd", 0.9, new[] { (0.5, 0.6, (double?)0.1), (2.0, 0.1, (double?)0.0) })),
            ("attack-noise/attack.json", AttackJson("Plain", "noise", 0.9, new[] { (0.5, 0.9, (double?)0.1), (2.0, 0.85, (double?)0.0) })),
            ("estimate.json", EstimateJson("Plain", double.PositiveInfinity, 8.25, 5.5, 6.125)),
            // A PGD confined to a mask is its own column; an audit (no budgets) adds none.
            ("attack-masked/attack.json", AttackJson("Plain", "pgd", 0.9, new[] { (2.0, 0.75, (double?)0.0) }, mask: "8,8,12,12")),
            ("audit/attack.json", AttackJson("Plain", "audit", 0.9, Array.Empty<(double, double, double?)>())),
            ("checkpoint.json", """{ "format": 2, "network": "Plain" }"""),
            ("notes.json", "not json at all"));
        string b = Run("b",
            ("attack-pgd/attack.json", AttackJson("Aol", "pgd", 0.8, new[] { (0.5, 0.7, (double?)0.55), (1.0, 0.6, (double?)0.3) })),
            ("estimate.json", EstimateJson("Aol", 1, 0.75, 0.5, 0.25)));
        return (a, b);
    }

    [Fact]
    public void Compare_PutsNetworksSideBySide_PerBudget_WithTheirLipschitzBracket()
    {
        (string a, string b) = TwoRuns();
        string md = Path.Combine(Dir, "compare.md"), png = Path.Combine(Dir, "compare.png");
        (int code, string o, string e) = Lipnet("compare", a, b, "--md", md, "--png", png);
        Assert.True(code == 0, e);
        string[] lines = File.ReadAllLines(md);
        Assert.Equal("| network | clean % | L lower | L upper | ε | certified % | noise % | PGD % | PGD in mask % |", lines[1]);
        // Plain: clean 90 %, bracket max(5.5, 6.125) ≤ L ≤ min(∞, 8.25); its budgets 0.5 and 2, no FGSM column (no report has one).
        Assert.Equal("| Plain | 90.0 | 6.125 | 8.25 | 0.5 | 10.0 | 90.0 | 60.0 | – |", lines[3]);
        Assert.Equal("|  |  |  |  | 2 | 0.0 | 85.0 | 10.0 | 75.0 |", lines[4]);
        // Aol: the declared bound 1 is looser than the verified 0.75; it has no noise run.
        Assert.Equal("| Aol | 80.0 | 0.5 | 0.75 | 0.5 | 55.0 | – | 70.0 | – |", lines[5]);
        Assert.Equal("|  |  |  |  | 1 | 30.0 | – | 60.0 | – |", lines[6]);
        Assert.Contains("accuracy on 200 test images", File.ReadAllText(md));
        Assert.Contains("| Plain ", o.Replace("│", "|", StringComparison.Ordinal).Replace("  Plain ", "| Plain ", StringComparison.Ordinal));
        Assert.True(ComparePlot.IsOwnPlot(png));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png).Take(4).ToArray());

        // --eps keeps only the budgets asked for; a second run replaces its own outputs without --force.
        (code, _, e) = Lipnet("compare", a, b, "--eps", "0.5", "--md", md, "--png", png);
        Assert.True(code == 0, e);
        lines = File.ReadAllLines(md);
        Assert.Equal("| Plain | 90.0 | 6.125 | 8.25 | 0.5 | 10.0 | 90.0 | 60.0 | – |", lines[3]);
        Assert.Equal("| Aol | 80.0 | 0.5 | 0.75 | 0.5 | 55.0 | – | 70.0 | – |", lines[4]);
        Assert.Equal(5, lines.TakeWhile(l => l.Length > 0).Count());
    }

    [Fact]
    public void Compare_RefusesBrokenReports_MixedNorms_AndDuplicates_NamingTheFile()
    {
        (string a, string b) = TwoRuns();
        string broken = Run("broken", ("attack.json", AttackJson("Plain", "fgsm", 1.5, new[] { (0.5, 0.6, (double?)0.1) })));
        (int code, _, string e) = Lipnet("compare", a, broken);
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(broken, "attack.json") + ": field 'clean' is 1.5, not a fraction in [0, 1]", e);

        string cut = Run("cut", ("attack.json", AttackJson("Plain", "fgsm", 0.5, new[] { (0.5, 0.6, (double?)0.1) })[..80]));
        (code, _, e) = Lipnet("compare", cut);
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(cut, "attack.json") + ": not valid JSON", e);

        string linf = Run("linf", ("attack.json", AttackJson("Other", "pgd", 0.5, new[] { (0.1, 0.4, (double?)null) }, norm: "linf")));
        (code, _, e) = Lipnet("compare", a, linf);
        Assert.Equal(1, code);
        Assert.Contains("mix norms", e);

        (code, _, e) = Lipnet("compare", a, Path.Combine(a, "attack-pgd", "attack.json"), Run("again", ("x/attack.json", AttackJson("Plain", "pgd", 0.9, new[] { (0.5, 0.6, (double?)0.1) }))));
        Assert.Equal(1, code);
        Assert.Contains("a second pgd report for network 'Plain'", e);

        (code, _, e) = Lipnet("compare", Run("empty", ("checkpoint.json", "{}")));
        Assert.Equal(1, code);
        Assert.Contains("holds a report of lipnet attack or lipnet estimate", e);

        (code, _, e) = Lipnet("compare", Path.Combine(Dir, "nowhere"));
        Assert.Equal(1, code);
        Assert.Contains("no such file or folder", e);

        // Someone else's file is not replaced without --force, and nothing is written then.
        string md = Path.Combine(Dir, "mine.md");
        File.WriteAllText(md, "my notes");
        (code, _, e) = Lipnet("compare", a, b, "--md", md);
        Assert.Equal(2, code);
        Assert.Contains("--force", e);
        Assert.Equal("my notes", File.ReadAllText(md));
    }

    [Fact]
    public void Compare_AnswersHelp()
    {
        (int code, string o, _) = Lipnet("compare", "--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "<PATH>...", "--eps", "--md", "--png", "--svg", "--force" }) Assert.Contains(option, o);
    }

    [Fact]
    public void Compare_ExitsWith4_WhenAReportHoldsADisprovedCertificate()
    {
        string run = Run("violated", ("attack.json", AttackJson("Liar", "pgd", 0.9, new[] { (0.5, 0.6, (double?)0.7) }, violations: 2)));
        (int code, string o, string e) = Lipnet("compare", run);
        Assert.Equal(4, code);
        Assert.Contains("2 certificate(s) were disproved", e);
        Assert.Contains("Liar", o);
    }
}
