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
        // Nested layers of composite kinds (residual, concat) follow their composite, indented, numbered by path ("0.1";
        // a branch's layers "0.b1.0"); their parameters are counted in the composite's row.
        void AddRow(Dsl.Validation.ValidatedLayer l, string number, int depth)
        {
            var indent = new string(' ', 2 * depth);
            table.AddRow(new[]
            {
                number, indent + l.FieldName, indent + l.Spec.Kind, l.OutputShapeText,
                depth == 0 ? l.ParameterCount.ToString("N0", CultureInfo.InvariantCulture) : "(" + l.ParameterCount.ToString("N0", CultureInfo.InvariantCulture) + ")",
                CheckCommand.Bound(l.Bound),
                l.Resolution is { } resolved ? l.Info.Bound.Sentence + "; " + resolved : l.Info.Bound.Sentence,
            }.Select(c => new Text(c)).ToArray());
            for (int c = 0; c < l.Chains.Count; c++)
            {
                var prefix = l.Chains.Count == 1 && l.Info.Params.Count(p => p.Type == Dsl.Catalogue.ParamType.Branches) == 0 ? number + "." : $"{number}.b{c.ToString(CultureInfo.InvariantCulture)}.";
                var chain = l.Chains[c].Layers;
                for (int i = 0; i < chain.Count; i++) AddRow(chain[i], prefix + i.ToString(CultureInfo.InvariantCulture), depth + 1);
            }
        }
        foreach (var l in v.Layers) AddRow(l, l.Index.ToString(CultureInfo.InvariantCulture), 0);
        IAnsiConsole console = Consoles.For(output, session.Interactive);
        console.Write(table);
        output.WriteLine();
        output.WriteLine($"parameters:      {v.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        output.WriteLine($"Lipschitz bound: {(v.BoundIsComputed || v.ClassPairHead is not null ? v.BoundText : v.BoundProvenance.Replace("∞", "∞ (none)"))}");
        output.WriteLine($"certificate:     {v.CertificateRule}");
        output.WriteLine($"certify:         {spec.Certify.Params.Text("norm")} at eps {string.Join(", ", spec.Certify.Params.Numbers("eps").Select(Dsl.Catalogue.ParamValue.Format))}");
        output.WriteLine($"description:     sha256 {v.DescriptionHash}");
        return ExitCodes.Ok;
    }
}
