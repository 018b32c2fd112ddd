namespace Lipschitz.Cli.Commands;

/// <summary>The exit codes of <c>lipnet</c> (documented in README).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Invalid input: a description with errors, malformed or mismatched data or checkpoint, degenerate data, a diverged run.</summary>
    public const int Invalid = 1;

    /// <summary>Usage: unknown or missing option, bad value, conflicting flags, or an output path that names the wrong thing or a file that is not lipnet's (without --force).</summary>
    public const int Usage = 2;

    /// <summary>I/O failure: a file or folder could not be written or read (disk full, permission denied, read-only, vanished); what was kept is named.</summary>
    public const int IoFailure = 3;

    /// <summary>A bug in lipnet (e.g. generated code that does not compile); the message says so.</summary>
    public const int Internal = 70;

    /// <summary>Interrupted by Ctrl-C (the last complete checkpoint is kept).</summary>
    public const int Interrupted = 130;
}
