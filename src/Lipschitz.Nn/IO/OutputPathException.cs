using System;

namespace Lipschitz.Nn.IO;

/// <summary>The error for an output path that cannot or must not be written; raised before any work starts.</summary>
public sealed class OutputPathException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    /// <param name="path">The path as the user gave it.</param>
    /// <param name="problem">What is wrong, in words.</param>
    /// <param name="ioFailure">True when the file system refused (not writable, read-only, vanished); false when the path itself is wrong.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public OutputPathException(string path, string problem, bool ioFailure, Exception? inner = null) : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
        IoFailure = ioFailure;
    }

    /// <summary>The path at fault.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <summary>Whether the file system refused (as opposed to a path that names the wrong thing).</summary>
    public bool IoFailure { get; }
}
