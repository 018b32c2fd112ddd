using System;
using System.IO;

namespace Lipschitz.Cli.Commands;

/// <summary>Reads a description file and compiles it with the same compiler the generator uses.</summary>
public static class DescriptionFile
{
    /// <summary>Compiles the file; null (with a message on <paramref name="error"/>) when it cannot be read. At most
    /// <see cref="Lipschitz.Dsl.DslLimits.MaxFileLength"/> + 1 characters are read, so a huge or endless file (/dev/zero)
    /// is refused with LIP0005 instead of filling memory.</summary>
    public static Lipschitz.Dsl.CompileResult? Compile(string path, TextWriter error)
    {
        string text;
        try
        {
            text = Lipschitz.Dsl.DslLimits.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"{path}: error: cannot read the file: {e.Message}");
            return null;
        }
        return Lipschitz.Dsl.DslCompiler.Compile(text, path);
    }
}
