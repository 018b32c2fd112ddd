using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using System.Linq;
using System.Threading;
using Lipschitz.Cli.Compilation;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Serialization;
using Lipschitz.Nn.Training;

namespace Lipschitz.Cli.Commands;

/// <summary>
/// The <c>lipnet</c> command line on System.CommandLine: the command tree, standard help and usage errors (exit 2), and
/// the one place where errors become messages and exit codes (<see cref="ExitCodes"/>).
/// </summary>
public static class LipnetCli
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code. Nothing is thrown for bad input.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel = default, bool interactive = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        var session = new CliSession(output, error, cancel, interactive);
        RootCommand root = Build(session);
        if (args.Length == 0)
        {
            // A bare 'lipnet' is a usage error that shows what there is.
            root.Parse(new[] { "--help" }).Invoke(new InvocationConfiguration { Output = error, Error = error });
            return ExitCodes.Usage;
        }
        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var e in parsed.Errors) error.WriteLine("lipnet: " + e.Message);
            string command = parsed.CommandResult.Command == root ? "lipnet" : "lipnet " + parsed.CommandResult.Command.Name;
            error.WriteLine($"See '{command} --help'.");
            return ExitCodes.Usage;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>The command tree for one invocation.</summary>
    public static RootCommand Build(CliSession session)
    {
        var root = new RootCommand("lipnet: check, inspect, generate, train, certify, attack and estimate Lipschitz networks described in *.lipnet.yaml files.")
        {
            CheckCommand.Create(session),
            InspectCommand.Create(session),
            GenerateCommand.Create(session),
            TrainCommand.Create(session),
            CertifyCommand.Create(session),
            AttackCommand.Create(session),
            EstimateCommand.Create(session),
            CompareCommand.Create(session),
        };
        return root;
    }

    /// <summary>
    /// Runs a command body and turns every error a user can cause into its message and exit code: nothing escapes as a
    /// stack trace. An unexpected exception is a bug: reported as one, with its stack, exit 70.
    /// </summary>
    public static int Guard(CliSession session, Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (CliException e)
        {
            session.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (OutputPathException e)
        {
            session.Error.WriteLine("error: " + e.Message);
            return e.IoFailure ? ExitCodes.IoFailure : ExitCodes.Usage;
        }
        catch (CheckpointWriteException e)
        {
            session.Error.WriteLine("error: " + e.Message);
            return ExitCodes.IoFailure;
        }
        catch (Exception e) when (e is CheckpointException or TrainingDivergedException or CertificationException)
        {
            session.Error.WriteLine("error: " + e.Message);
            return ExitCodes.Invalid;
        }
        catch (DataFormatException e)
        {
            session.Error.WriteLine($"{e.FilePath}: error: {e.Problem}");
            return ExitCodes.Invalid;
        }
        catch (TensorFileException e)
        {
            session.Error.WriteLine("error: " + e.Message);
            return ExitCodes.Invalid;
        }
        catch (OperationCanceledException)
        {
            session.Error.WriteLine("lipnet: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Error.WriteLine("error: " + e.Message);
            return ExitCodes.IoFailure;
        }
        catch (GeneratedCodeException e)
        {
            session.Error.WriteLine("lipnet: internal error: the generated source does not compile (a bug in lipnet, please report it): " + e.Message);
            return ExitCodes.Internal;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            session.Error.WriteLine("lipnet: internal error (a bug in lipnet, please report it): " + e);
            return ExitCodes.Internal;
        }
    }

    /// <summary>The full paths of files, for comparing outputs with inputs.</summary>
    internal static string[] Inputs(params System.Collections.Generic.IEnumerable<string>[] groups) =>
        groups.SelectMany(g => g).Where(p => !string.IsNullOrEmpty(p)).Select(p => Path.GetFullPath(p)).Distinct().ToArray();
}
