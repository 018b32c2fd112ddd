using System.CommandLine;
using System.Globalization;
using System.Linq;
using Lipschitz.Cli.Pipeline;
using Lipschitz.Cli.Rendering;
using Spectre.Console;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet inspect FILE</c>: a table of layers with output shapes, parameter counts and bounds, the composed bound and the certificate rule.</summary>
public static class InspectCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliSession session)
    {
        Argument<string> file = CommonOptions.Description();
        var command = new Command("inspect", "Show the layers, shapes, parameter counts, bounds and the certificate rule of a description.") { file };
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, r.GetValue(file)!)));
        return command;
    }

    private static int Run(CliSession session, string file)
    {
        using NetworkPipeline net = NetworkPipeline.Read(session, file);
        var v = net.Network;
        var spec = v.Spec;
        var output = session.Output;
        var declared = spec.Lipschitz.Computed ? "Lipschitz bound computed from the trained weights (lipschitz: computed)" : $"declared Lipschitz bound {spec.Lipschitz}";
        output.WriteLine($"{spec.FullName}: input {Dsl.Validation.Shapes.Text(spec.Input)}, {spec.Classes.ToString(CultureInfo.InvariantCulture)} classes, {declared}");
        output.WriteLine();
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("#").RightAligned()).AddColumn("layer").AddColumn("kind").AddColumn("output")
            .AddColumn(new TableColumn("parameters").RightAligned()).AddColumn("bound").AddColumn("rule");
        foreach (var l in v.Layers)
        {
            table.AddRow(new[]
            {
                l.Index.ToString(CultureInfo.InvariantCulture), l.FieldName, l.Spec.Kind, l.OutputShapeText,
                l.ParameterCount.ToString("N0", CultureInfo.InvariantCulture), CheckCommand.Bound(l.Bound), l.Info.Bound.Sentence,
            }.Select(c => new Text(c)).ToArray());
        }
        IAnsiConsole console = Consoles.For(output, session.Interactive);
        console.Write(table);
        output.WriteLine();
        output.WriteLine($"parameters:      {v.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        output.WriteLine($"Lipschitz bound: {(v.BoundIsComputed ? v.BoundText : v.BoundProvenance.Replace("∞", "∞ (none)"))}");
        output.WriteLine($"certificate:     {v.CertificateRule}");
        output.WriteLine($"certify:         {spec.Certify.Params.Text("norm")} at eps {string.Join(", ", spec.Certify.Params.Numbers("eps").Select(Dsl.Catalogue.ParamValue.Format))}");
        output.WriteLine($"description:     sha256 {v.DescriptionHash}");
        return ExitCodes.Ok;
    }
}
