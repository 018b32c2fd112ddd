using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Lipschitz.Cli.Rendering;
using Lipschitz.Nn.IO;
using Spectre.Console;

namespace Lipschitz.Cli.Commands;

/// <summary>
/// <c>lipnet compare PATH…</c>: networks side by side from what <c>lipnet attack</c> and <c>lipnet estimate</c> wrote
/// (their JSON files, or run folders holding them): per network the clean accuracy, and per budget the certified
/// accuracy and the accuracy under each attack, with the Lipschitz bracket (searched lower, verified upper bound); as a
/// table, Markdown and a plot of accuracy against the budget.
/// </summary>
public static class CompareCommand
{
    /// <summary>The largest JSON file read.</summary>
    public const long MaxJsonBytes = 64L << 20;

    private const string MarkdownMarker = "<!-- lipnet compare -->";

    /// <summary>The command.</summary>
    public static Command Create(CliSession session)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "attack.json / estimate.json files, or folders holding them (searched one level deep); networks are told apart by name",
            Arity = ArgumentArity.OneOrMore,
        };
        var eps = new Option<string[]>("--eps")
        {
            Description = "show only these budgets (default: every budget of the reports)", HelpName = "E",
            AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore,
        };
        eps.Validators.Add(r =>
        {
            CatalogueValues.Eps(r.Tokens.Select(t => t.Value), out string? error);
            if (error is not null) r.AddError("--eps: " + error);
        });
        var md = new Option<string?>("--md") { Description = "also write the table as Markdown", HelpName = "PATH" };
        var png = new Option<string?>("--png") { Description = "also write accuracy against the budget as a plot (PNG)", HelpName = "PATH" };
        var svg = new Option<string?>("--svg") { Description = "also write the plot as SVG", HelpName = "PATH" };
        Option<bool> force = CommonOptions.Force("replace existing --md/--png/--svg files that lipnet did not write");
        var command = new Command("compare", "Compare networks side by side: clean, certified and attacked accuracy per budget, and the Lipschitz bracket, from the JSON of lipnet attack and lipnet estimate.");
        command.Arguments.Add(paths);
        foreach (Option o in new Option[] { eps, md, png, svg, force }) command.Options.Add(o);
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, r.GetValue(paths)!, r.GetValue(eps), r.GetValue(md), r.GetValue(png), r.GetValue(svg), r.GetValue(force))));
        return command;
    }

    /// <summary>One attack run as read from its JSON.</summary>
    /// <param name="File">The file it was read from.</param>
    /// <param name="Attack">The attack (fgsm, pgd, noise, …), with " in mask" when the perturbation was confined.</param>
    /// <param name="Norm">l2 or linf.</param>
    /// <param name="Samples">Samples attacked.</param>
    /// <param name="Clean">Clean accuracy on them.</param>
    /// <param name="Points">(budget, attacked accuracy, certified accuracy or null) per budget.</param>
    /// <param name="Violations">Certificates the attack disproved.</param>
    public sealed record AttackRun(string File, string Attack, string Norm, int Samples, double Clean, IReadOnlyList<(double Eps, double Attacked, double? Certified)> Points, int Violations);

    /// <summary>The Lipschitz bracket as read from <c>lipnet estimate</c>'s JSON.</summary>
    /// <param name="File">The file it was read from.</param>
    /// <param name="Lower">The larger of the two lower bounds.</param>
    /// <param name="Upper">The verified upper bound, or the declared one where that is smaller.</param>
    public sealed record Bracket(string File, double Lower, double Upper);

    /// <summary>Everything read about one network.</summary>
    /// <param name="Network">Its name.</param>
    /// <param name="Attacks">Its attack runs.</param>
    /// <param name="Bracket">Its Lipschitz bracket, or null.</param>
    public sealed record NetworkResults(string Network, IReadOnlyList<AttackRun> Attacks, Bracket? Bracket);

    private static int Run(CliSession session, string[] paths, string[]? epsText, string? md, string? png, string? svg, bool force)
    {
        List<string> files = Inputs(paths);
        if (md is not null) OutputPath.CheckFile(md, files, force, p => Contains(p, MarkdownMarker));
        if (png is not null) OutputPath.CheckFile(png, files, force, ComparePlot.IsOwnPlot);
        if (svg is not null) OutputPath.CheckFile(svg, files, force, ComparePlot.IsOwnPlot);
        IReadOnlyList<NetworkResults> networks = Read(files);
        if (networks.Count == 0)
            throw new CliException(ExitCodes.Invalid, $"compare: none of {string.Join(", ", paths)} holds a report of lipnet attack or lipnet estimate (attack.json, estimate.json)");
        IReadOnlyList<double>? only = epsText is { Length: > 0 } ? CatalogueValues.Eps(epsText, out _) : null;
        string[] attacks = networks.SelectMany(n => n.Attacks.Where(a => a.Points.Count > 0).Select(a => a.Attack)).Distinct()
            .OrderBy(AttackOrder).ThenBy(a => a, StringComparer.Ordinal).ToArray();
        double[] budgets = networks.SelectMany(n => n.Attacks.SelectMany(a => a.Points.Select(p => p.Eps)))
            .Where(e => only is null || only.Any(o => Same(o, e))).Distinct().Order().ToArray();
        string[] norms = networks.SelectMany(n => n.Attacks.Select(a => a.Norm)).Distinct().ToArray();
        if (norms.Length > 1)
            throw new CliException(ExitCodes.Invalid, $"compare: the attack reports mix norms ({string.Join(", ", norms)}); compare reports of one norm");
        List<string[]> rows = Rows(networks, attacks, budgets);
        string[] header = Header(attacks);
        WriteTable(session, header, rows, networks, norms.FirstOrDefault());
        if (md is not null)
        {
            string text = Markdown(header, rows, networks, norms.FirstOrDefault());
            TrainCommand.WriteOutput(md, () => AtomicFile.WriteAllText(md, text), "");
            session.Output.WriteLine($"markdown: {md}");
        }
        if (png is not null)
        {
            TrainCommand.WriteOutput(png, () => AtomicFile.WriteAllBytes(png, ComparePlot.Png(networks, budgets)), "");
            session.Output.WriteLine($"png: {png}");
        }
        if (svg is not null)
        {
            TrainCommand.WriteOutput(svg, () => AtomicFile.WriteAllText(svg, ComparePlot.Svg(networks, budgets)), "");
            session.Output.WriteLine($"svg: {svg}");
        }
        int violations = networks.Sum(n => n.Attacks.Sum(a => a.Violations));
        if (violations > 0)
        {
            session.Error.WriteLine($"compare: {violations} certificate(s) were disproved by an attack in these reports; see their violations");
            return AttackCommand.CertificateViolated;
        }
        return ExitCodes.Ok;
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a));

    private static int AttackOrder(string attack) => attack switch { "noise" => 0, "fgsm" => 1, "pgd" => 2, "audit" => 3, _ => 4 + (attack.EndsWith(" in mask", StringComparison.Ordinal) ? 1 : 0) };

    /// <summary>The JSON files named by the paths: files as given, folders searched one level deep (in name order).</summary>
    public static List<string> Inputs(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                try
                {
                    IEnumerable<string> own = Directory.GetFiles(path, "*.json");
                    IEnumerable<string> nested = Directory.GetDirectories(path).SelectMany(d => Directory.GetFiles(d, "*.json"));
                    files.AddRange(own.Concat(nested).Select(Path.GetFullPath).Order(StringComparer.Ordinal));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.IoFailure, $"{path}: cannot be read: {e.Message}", e);
                }
            }
            else
            {
                throw new CliException(ExitCodes.Invalid, $"{path}: no such file or folder");
            }
        }
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Reads the attack and estimate reports among <paramref name="files"/> (other JSON, such as checkpoint.json, is
    /// skipped), grouped by network in the order first seen. A malformed report is an error naming the file and field.
    /// </summary>
    public static IReadOnlyList<NetworkResults> Read(IEnumerable<string> files)
    {
        var attacks = new Dictionary<string, List<AttackRun>>(StringComparer.Ordinal);
        var brackets = new Dictionary<string, Bracket>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (string file in files)
        {
            using JsonDocument? doc = Parse(file);
            if (doc is null) continue;
            JsonElement root = doc.RootElement;
            string kind = root.GetProperty("kind").GetString()!;
            string network = Text(root, "network", file);
            if (!order.Contains(network)) order.Add(network);
            if (kind == "lipnet attack")
            {
                if (!attacks.TryGetValue(network, out List<AttackRun>? list)) attacks[network] = list = new List<AttackRun>();
                AttackRun run = ReadAttack(root, file);
                AttackRun? twin = list.FirstOrDefault(a => a.Attack == run.Attack && a.Norm == run.Norm);
                if (twin is not null)
                    throw new CliException(ExitCodes.Invalid, $"{file}: a second {run.Attack} report for network '{network}' (the first is {twin.File}); give one of them");
                list.Add(run);
            }
            else
            {
                if (brackets.TryGetValue(network, out Bracket? other))
                    throw new CliException(ExitCodes.Invalid, $"{file}: a second estimate for network '{network}' (the first is {other.File}); give one of them");
                double declared = Number(root, "declared", file, allowNull: true);
                double verified = Number(root, "verifiedUpper", file, allowNull: true);
                double lower = Math.Max(Number(root, "pairSearchLower", file, allowNull: true), Number(root, "jacobianLower", file, allowNull: true));
                brackets[network] = new Bracket(file, lower, Math.Min(double.IsNaN(declared) ? double.PositiveInfinity : declared, double.IsNaN(verified) ? double.PositiveInfinity : verified));
            }
        }
        return order.Select(n => new NetworkResults(n, attacks.TryGetValue(n, out var a) ? a : new List<AttackRun>(), brackets.GetValueOrDefault(n))).ToList();
    }

    private static JsonDocument? Parse(string file)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxJsonBytes) return null;
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoFailure, $"{file}: cannot be read: {e.Message}", e);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            // Only reports of lipnet matter; a broken file that claims to be one is an error, anything else is skipped.
            string text = Encoding.UTF8.GetString(bytes);
            if (text.Contains("\"lipnet attack\"", StringComparison.Ordinal) || text.Contains("\"lipnet estimate\"", StringComparison.Ordinal))
                throw new CliException(ExitCodes.Invalid, $"{file}: not valid JSON ({e.Message})", e);
            return null;
        }
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("kind", out JsonElement k)
            && k.ValueKind == JsonValueKind.String && k.GetString() is "lipnet attack" or "lipnet estimate")
            return doc;
        doc.Dispose();
        return null;
    }

    private static AttackRun ReadAttack(JsonElement root, string file)
    {
        string attack = Text(root, "attack", file);
        if (root.TryGetProperty("mask", out JsonElement mask) && mask.ValueKind == JsonValueKind.String) attack += " in mask";
        string norm = Text(root, "norm", file);
        if (norm is not ("l2" or "linf")) throw Bad(file, "norm", $"is '{norm}', not l2 or linf");
        if (!root.TryGetProperty("samples", out JsonElement s) || !s.TryGetInt32(out int samples) || samples < 0) throw Bad(file, "samples", "is not a count");
        double clean = Fraction(Number(root, "clean", file), file, "clean");
        if (!root.TryGetProperty("points", out JsonElement points) || points.ValueKind != JsonValueKind.Array) throw Bad(file, "points", "is not a list");
        var list = new List<(double, double, double?)>();
        int k = 0;
        foreach (JsonElement p in points.EnumerateArray())
        {
            string at = $"points[{k++}]";
            if (p.ValueKind != JsonValueKind.Object) throw Bad(file, at, "is not an object");
            double eps = Number(p, "eps", file, prefix: at);
            if (!(eps >= 0)) throw Bad(file, at + ".eps", "is not a budget ≥ 0");
            double attacked = Fraction(Number(p, "attacked", file, prefix: at), file, at + ".attacked");
            double certified = Number(p, "certified", file, allowNull: true, prefix: at);
            list.Add((eps, attacked, double.IsNaN(certified) ? null : Fraction(certified, file, at + ".certified")));
        }
        int violations = root.TryGetProperty("violations", out JsonElement v) && v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : 0;
        return new AttackRun(file, attack, norm, samples, clean, list, violations);
    }

    private static CliException Bad(string file, string field, string problem) => new(ExitCodes.Invalid, $"{file}: field '{field}' {problem}");

    private static string Text(JsonElement e, string name, string file)
    {
        if (!e.TryGetProperty(name, out JsonElement v) || v.ValueKind != JsonValueKind.String) throw Bad(file, name, "is missing or not a string");
        string s = v.GetString()!;
        if (s.Length == 0 || s.Length > 512 || s.Any(char.IsControl)) throw Bad(file, name, "is empty, too long or holds a control character");
        return s;
    }

    private static double Number(JsonElement e, string name, string file, bool allowNull = false, string? prefix = null)
    {
        string field = prefix is null ? name : prefix + "." + name;
        if (!e.TryGetProperty(name, out JsonElement v)) throw Bad(file, field, "is missing");
        if (v.ValueKind == JsonValueKind.Null && allowNull) return double.NaN;
        if (v.ValueKind != JsonValueKind.Number) throw Bad(file, field, "is not a number");
        return v.GetDouble();
    }

    private static double Fraction(double v, string file, string field) => v is >= 0 and <= 1 ? v : throw Bad(file, field, $"is {v.ToString(CultureInfo.InvariantCulture)}, not a fraction in [0, 1]");

    private static string Pct(double? v) => v is double d ? (100 * d).ToString("0.0", CultureInfo.InvariantCulture) : "–";

    private static string Bound(double v) => double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : v > 0 ? "∞" : "–";

    private static string[] Header(string[] attacks) =>
        new[] { "network", "clean %", "L lower", "L upper", "ε", "certified %" }.Concat(attacks.Select(a => ColumnName(a) + " %")).ToArray();

    private static string ColumnName(string attack)
    {
        string name = attack.Split(' ')[0];
        string upper = name is "pgd" or "fgsm" ? name.ToUpperInvariant() : name;
        return attack.EndsWith(" in mask", StringComparison.Ordinal) ? upper + " in mask" : upper;
    }

    /// <summary>One row per network and budget: the network's columns on its first row only.</summary>
    private static List<string[]> Rows(IReadOnlyList<NetworkResults> networks, string[] attacks, double[] budgets)
    {
        var rows = new List<string[]>();
        foreach (NetworkResults n in networks)
        {
            // Clean accuracy from the run with budgets on the most samples (an audit or a targeted run may use fewer).
            AttackRun? any = n.Attacks.Where(a => a.Points.Count > 0).OrderByDescending(a => a.Samples).FirstOrDefault() ?? n.Attacks.FirstOrDefault();
            string[] first = { n.Network, any is null ? "–" : Pct(any.Clean), n.Bracket is null ? "–" : Bound(n.Bracket.Lower), n.Bracket is null ? "–" : Bound(n.Bracket.Upper) };
            double[] own = budgets.Where(e => n.Attacks.Any(a => a.Points.Any(p => Same(p.Eps, e)))).ToArray();
            if (own.Length == 0)
            {
                rows.Add(first.Concat(Enumerable.Repeat("–", 2 + attacks.Length)).ToArray());
                continue;
            }
            for (int i = 0; i < own.Length; i++)
            {
                double e = own[i];
                // Certificates do not depend on the attack (a masked one is a subset of the ball: same certificate).
                double? certified = n.Attacks.SelectMany(a => a.Points).Where(p => Same(p.Eps, e) && p.Certified is not null).Select(p => p.Certified).FirstOrDefault();
                var cells = new List<string>(i == 0 ? first : new[] { "", "", "", "" }) { AttackReportFormat(e), Pct(certified) };
                foreach (string attack in attacks)
                {
                    AttackRun? run = n.Attacks.FirstOrDefault(a => a.Attack == attack);
                    // The points are value tuples: FirstOrDefault would make a missing budget a point of accuracy 0.
                    double? attacked = run?.Points.Where(p => Same(p.Eps, e)).Select(p => (double?)p.Attacked).FirstOrDefault();
                    cells.Add(Pct(attacked));
                }
                rows.Add(cells.ToArray());
            }
        }
        return rows;
    }

    private static string AttackReportFormat(double e) => Nn.Attacks.AttackReport.Format(e);

    private static string Samples(IReadOnlyList<NetworkResults> networks, string? norm)
    {
        int[] counts = networks.SelectMany(n => n.Attacks.Select(a => a.Samples)).Distinct().ToArray();
        string normText = norm == "linf" ? "L∞" : "L2";
        return counts.Length == 0 ? "" : $"accuracy on {(counts.Length == 1 ? counts[0].ToString("N0", CultureInfo.InvariantCulture) : string.Join("/", counts))} test images; ε in the {normText} norm (pixels in [0, 1]); " +
                                          "certified ≤ robust ≤ attacked; L: searched lower and verified upper Lipschitz bound";
    }

    private static void WriteTable(CliSession session, string[] header, List<string[]> rows, IReadOnlyList<NetworkResults> networks, string? norm)
    {
        var table = new Table().Border(TableBorder.Simple);
        for (int c = 0; c < header.Length; c++) table.AddColumn(c == 0 ? new TableColumn(header[c]) : new TableColumn(header[c]).RightAligned());
        foreach (string[] row in rows) table.AddRow(row.Select(c => new Text(c)).ToArray());
        Consoles.For(session.Output, session.Interactive).Write(table);
        session.Output.WriteLine(Samples(networks, norm));
    }

    private static string Markdown(string[] header, List<string[]> rows, IReadOnlyList<NetworkResults> networks, string? norm)
    {
        var b = new StringBuilder();
        b.AppendLine(MarkdownMarker);
        b.AppendLine("| " + string.Join(" | ", header) + " |");
        b.AppendLine("|" + string.Join("|", header.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
        foreach (string[] row in rows) b.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        b.AppendLine();
        b.AppendLine(Samples(networks, norm) + ".");
        return b.ToString();
    }

    private static bool Contains(string path, string text)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length < MaxJsonBytes && File.ReadAllText(path).Contains(text, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
