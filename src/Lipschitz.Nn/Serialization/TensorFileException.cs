using System;
using System.IO;

namespace Lipschitz.Nn.Serialization;

/// <summary>A tensor file that cannot be read: not a PyTorch zip file, truncated, inconsistent, or holding more than tensors. The message names the file.</summary>
public sealed class TensorFileException : IOException
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public TensorFileException(string path, string problem, Exception? inner = null) : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
