using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Catalogue;

namespace Lipschitz.Cli.Commands;

/// <summary>
/// Command-line values checked by the language's own catalogue (<see cref="OptionCatalogue"/>): the same ranges,
/// counts, choices and messages as in a description, so that the command line accepts exactly what YAML accepts.
/// </summary>
public static class CatalogueValues
{
    private static ParamDef Param(BlockInfo block, string key) => block.Param(key) ?? throw new InvalidOperationException($"the catalogue has no '{block.Key}.{key}'");

    /// <summary>Parses <c>--eps</c> values (also comma-separated) as <c>certify.eps</c>; the error is the language's (LIP0402/LIP0403/LIP0404) or null.</summary>
    public static IReadOnlyList<double> Eps(IEnumerable<string> tokens, out string? error)
    {
        ParamDef def = Param(OptionCatalogue.Certify, "eps");
        var values = new List<double>();
        var seen = new HashSet<double>();
        error = null;
        var items = tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (items.Count > def.MaxCount)
        {
            error = Format(Dsl.Diagnostics.DiagnosticCatalogue.TooManyValues, "eps", items.Count, def.MaxCount);
            return values;
        }
        if (items.Count < Math.Max(1, def.MinCount))
        {
            error = def.EmptyError is { } empty ? Format(empty) : "--eps needs at least one radius";
            return values;
        }
        foreach (string item in items)
        {
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v))
            {
                error = $"--eps: '{item}' is not a number";
                return values;
            }
            string? reason = !def.Range!.Contains(v) ? def.Range.Rule(integer: false) : def.Distinct && !seen.Add(v) ? "it is listed twice" : null;
            if (reason is not null)
            {
                error = def.ItemError is { } itemError ? Format(itemError, ParamValue.Format(v), reason) : $"--eps {ParamValue.Format(v)}: {reason}";
                return values;
            }
            values.Add(v);
        }
        return values;
    }

    /// <summary>The keys <c>certify.norm</c> accepts (l2, linf).</summary>
    public static IReadOnlyList<string> NormKeys => Param(OptionCatalogue.Certify, "norm").Choices.Select(c => c.Key).ToArray();

    /// <summary>Checks <c>--epochs</c> against <c>training.epochs</c>'s range; the error or null.</summary>
    public static string? CheckEpochs(long epochs)
    {
        ParamDef def = Param(OptionCatalogue.Training, "epochs");
        return def.Range!.Contains(epochs) ? null : $"--epochs {epochs.ToString(CultureInfo.InvariantCulture)}: {def.Range.Rule(integer: true)} (as training.epochs)";
    }

    private static string Format(Dsl.Diagnostics.DiagnosticDescriptorInfo d, params object[] args) =>
        $"{d.Id}: {string.Format(CultureInfo.InvariantCulture, d.MessageFormat, args)}";
}
