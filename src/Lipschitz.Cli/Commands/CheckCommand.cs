using System.CommandLine;
using System.Globalization;
using System.Linq;
using Lipschitz.Cli.Pipeline;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet check FILE...</c>: diagnostics as <c>path(line,col): severity ID: message</c>; exit code 1 on errors.</summary>
public static class CheckCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliSession session)
    {
        var files = new Argument<string[]>("FILE") { Description = "network descriptions (*.lipnet.yaml)", Arity = ArgumentArity.OneOrMore };
        files.Validators.Add(r => CommonOptions.RefuseOptionLike(r, r.Tokens.Select(t => t.Value)));
        var command = new Command("check", "Check descriptions and print their diagnostics (path(line,col): severity ID: message).") { files };
        command.SetAction(r => LipnetCli.Guard(session, () => Run(session, r.GetValue(files)!)));
        return command;
    }

    private static int Run(CliSession session, string[] files)
    {
        int errors = 0, warnings = 0;
        foreach (string file in files)
        {
            NetworkPipeline net;
            try
            {
                net = NetworkPipeline.Read(session, file, diagnostics: session.Output, allowErrors: true);
            }
            catch (CliException e)
            {
                session.Error.WriteLine(e.Message);
                errors++;
                continue;
            }
            using (net)
            {
                errors += net.Checked.Diagnostics.Count(d => d.Severity == DslSeverity.Error);
                warnings += net.Checked.Diagnostics.Count(d => d.Severity == DslSeverity.Warning);
                if (net.Checked.Network is { } v)
                {
                    string bound = v.BoundIsComputed ? "Lipschitz bound computed from the trained weights"
                        : v.ClassPairHead is { } head ? $"Lipschitz bound {Bound(v.CertificateBound)} before the head '{head.FieldName}' (per-class-pair certificate; whole network {Bound(v.Bound)})"
                        : "Lipschitz bound " + Bound(v.Bound);
                    session.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: ok: {v.Spec.Name}, {v.Layers.Count} layers, {v.ParameterCount} parameters, {bound}"));
                }
            }
        }
        session.Output.WriteLine($"{files.Length} file(s): {errors} error(s), {warnings} warning(s)");
        return errors > 0 ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    /// <summary>A bound for display ("∞" when there is none).</summary>
    public static string Bound(double bound) => double.IsPositiveInfinity(bound) ? "∞ (none)" : Dsl.Catalogue.ParamValue.Format(bound);
}
