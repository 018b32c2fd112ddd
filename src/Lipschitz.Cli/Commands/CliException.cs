using System;

namespace Lipschitz.Cli.Commands;

/// <summary>An error a command reports with a message and an exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the error.</summary>
    public CliException(int exitCode, string message, Exception? inner = null) : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
