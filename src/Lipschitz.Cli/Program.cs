using System;
using System.Threading;
using Lipschitz.Cli.Commands;

namespace Lipschitz.Cli;

/// <summary>Entry point of the lipnet command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Main(string[] args)
    {
        // Ctrl-C asks a long command to stop at its next safe point (training: after the current batch; the last complete
        // checkpoint stays as it is); a second Ctrl-C ends the process at once, which cannot harm the checkpoint either:
        // every file is written atomically.
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
            return LipnetCli.Run(args, Console.Out, Console.Error, cts.Token, IsInteractive());
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }

    /// <summary>A live display only in a terminal: not when the output is redirected, under CI, or on a dumb terminal.</summary>
    public static bool IsInteractive() =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");
}
