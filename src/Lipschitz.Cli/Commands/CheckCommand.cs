using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet check FILE...</c>: diagnostics as <c>path(line,col): severity ID: message</c>; exit code 1 on errors.</summary>
public static class CheckCommand
{
    /// <summary>The usage line.</summary>
    public const string Usage = "lipnet check FILE.lipnet.yaml...";

    /// <summary>Checks every file; returns 0 when none has an error, 1 otherwise, 2 on a usage error.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var files = args.Where(a => !a.StartsWith("-", System.StringComparison.Ordinal) || a == "-").ToList();
        var unknown = args.Except(files).ToList();
        if (files.Count == 0 || unknown.Count > 0)
        {
            error.WriteLine(unknown.Count > 0 ? $"check: unknown option {unknown[0]}" : "check: no file given");
            error.WriteLine("usage: " + Usage);
            return 2;
        }
        int errors = 0, warnings = 0;
        foreach (var file in files)
        {
            var result = DescriptionFile.Compile(file, error);
            if (result is null)
            {
                errors++;
                continue;
            }
            foreach (var d in result.Diagnostics) output.WriteLine(d.ToString());
            errors += result.Diagnostics.Count(d => d.Severity == DslSeverity.Error);
            warnings += result.Diagnostics.Count(d => d.Severity == DslSeverity.Warning);
            if (result.Network is { } net)
            {
                var bound = net.BoundIsComputed ? "Lipschitz bound computed from the trained weights" : "Lipschitz bound " + Bound(net.Bound);
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file}: ok: {net.Spec.Name}, {net.Layers.Count} layers, {net.ParameterCount} parameters, {bound}"));
            }
        }
        output.WriteLine($"{files.Count} file(s): {errors} error(s), {warnings} warning(s)");
        return errors > 0 ? 1 : 0;
    }

    /// <summary>A bound for display ("∞" when there is none).</summary>
    public static string Bound(double bound) => double.IsPositiveInfinity(bound) ? "∞ (none)" : Lipschitz.Dsl.Catalogue.ParamValue.Format(bound);
}
