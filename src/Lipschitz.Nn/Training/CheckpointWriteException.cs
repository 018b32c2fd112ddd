using System;

namespace Lipschitz.Nn.Training;

/// <summary>
/// The error raised when a checkpoint cannot be written (disk full, permission denied, the folder vanished); the
/// message names the path and what was kept. The previous checkpoint stays loadable: every file is replaced atomically
/// and <c>checkpoint.json</c> names a new epoch only after its files are complete.
/// </summary>
public sealed class CheckpointWriteException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="path">The file that could not be written.</param>
    /// <param name="message">The whole message, naming the path and what was kept.</param>
    /// <param name="inner">The file system's error.</param>
    public CheckpointWriteException(string path, string message, Exception? inner = null) : base(message, inner)
    {
        Path = path;
    }

    /// <summary>The file that could not be written.</summary>
    public string Path { get; }
}
