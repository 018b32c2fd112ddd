using System.Globalization;
using System.IO;
using System.Linq;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet inspect FILE</c>: a table of layers with output shapes, parameter counts and bounds, the composed bound and the certificate rule.</summary>
public static class InspectCommand
{
    /// <summary>The usage line.</summary>
    public const string Usage = "lipnet inspect FILE.lipnet.yaml";

    /// <summary>Prints the table; 1 when the description has errors (they are printed instead), 2 on a usage error.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 1 || args[0].StartsWith("-", System.StringComparison.Ordinal))
        {
            error.WriteLine("inspect: expected exactly one file");
            error.WriteLine("usage: " + Usage);
            return 2;
        }
        var result = DescriptionFile.Compile(args[0], error);
        if (result is null) return 1;
        foreach (var d in result.Diagnostics) error.WriteLine(d.ToString());
        if (result.Network is not { } net) return 1;

        var spec = net.Spec;
        var declared = spec.Lipschitz.Computed ? "Lipschitz bound computed from the trained weights (lipschitz: computed)" : $"declared Lipschitz bound {spec.Lipschitz}";
        output.WriteLine($"{spec.FullName}: input {Dsl.Validation.Shapes.Text(spec.Input)}, {spec.Classes.ToString(CultureInfo.InvariantCulture)} classes, {declared}");
        output.WriteLine();
        var header = new[] { "#", "layer", "kind", "output", "parameters", "bound", "rule" };
        var rows = net.Layers.Select(l => new[]
        {
            l.Index.ToString(CultureInfo.InvariantCulture), l.FieldName, l.Spec.Kind, l.OutputShapeText,
            l.ParameterCount.ToString("N0", CultureInfo.InvariantCulture), CheckCommand.Bound(l.Bound), l.Info.Bound.Sentence,
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i is 0 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in rows) output.WriteLine(Line(r));
        output.WriteLine();
        output.WriteLine($"parameters:      {net.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        output.WriteLine($"Lipschitz bound: {(net.BoundIsComputed ? net.BoundText : net.BoundProvenance.Replace("∞", "∞ (none)"))}");
        output.WriteLine($"certificate:     {net.CertificateRule}");
        output.WriteLine($"certify:         {spec.Certify.Params.Text("norm")} at eps {string.Join(", ", spec.Certify.Params.Numbers("eps").Select(Dsl.Catalogue.ParamValue.Format))}");
        output.WriteLine($"description:     sha256 {net.DescriptionHash}");
        return 0;
    }
}
