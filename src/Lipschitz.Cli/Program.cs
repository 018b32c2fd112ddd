using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Lipschitz.Cli.Commands;

namespace Lipschitz.Cli;

/// <summary>Entry point of the lipnet command.</summary>
public static class Program
{
    /// <summary>The commands by name, with their usage lines; each returns the process exit code.</summary>
    private static readonly (string Name, string Usage, Func<string[], int> Run)[] s_commands =
    {
        ("check", CheckCommand.Usage, args => CheckCommand.Run(args, Console.Out, Console.Error)),
        ("inspect", InspectCommand.Usage, args => InspectCommand.Run(args, Console.Out, Console.Error)),
        ("generate", GenerateCommand.Usage, args => GenerateCommand.Run(args, Console.Out, Console.Error)),
        ("train", TrainCommand.Usage, RunTrain),
        ("certify", CertifyCommand.Usage, args => CertifyCommand.Run(args, Console.Out, Console.Error)),
    };

    /// <summary>Runs the command line and returns the exit code.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine("usage:");
            foreach (var c in s_commands) Console.Out.WriteLine("  " + c.Usage);
            return args.Length == 0 ? 2 : 0;
        }
        foreach (var c in s_commands)
            if (c.Name == args[0]) return c.Run(args[1..]);
        Console.Error.WriteLine($"lipnet: unknown command '{args[0]}' (commands: {string.Join(", ", s_commands.Select(c => c.Name))})");
        return 2;
    }

    // Ctrl-C asks the trainer to stop at the next batch boundary (the last complete checkpoint stays as it is);
    // a second Ctrl-C ends the process at once, which cannot harm the checkpoint either: it is written atomically.
    private static int RunTrain(string[] args)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            if (cts.IsCancellationRequested) return;
            e.Cancel = true;
            cts.Cancel();
            Console.Error.WriteLine();
            Console.Error.WriteLine("lipnet: stopping after this batch (Ctrl-C again to quit now)");
        };
        Console.CancelKeyPress += handler;
        try
        {
            return TrainCommand.Run(args, Console.Out, Console.Error, cts.Token, interactive: !Console.IsOutputRedirected);
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }
}
