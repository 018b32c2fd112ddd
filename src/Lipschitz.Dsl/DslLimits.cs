using System.IO;
using System.Text;

namespace Lipschitz.Dsl;

/// <summary>
/// The documented limits of a description (docs/diagnostics.md, "Limits"). Each is checked before the work it bounds,
/// so no description, however large or hostile, makes the compiler, the IDE or <c>lipnet</c> run out of time, memory or stack.
/// </summary>
public static class DslLimits
{
    /// <summary>Most characters of a description file (4 MiB); a longer one is LIP0005 and is not parsed.</summary>
    public const int MaxFileLength = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of YAML lists and mappings (LIP0001 beyond it).</summary>
    public const int MaxYamlDepth = 64;

    /// <summary>Most YAML nodes (scalars, lists, mappings) in a file (LIP0005 beyond it).</summary>
    public const int MaxYamlNodes = 200_000;

    /// <summary>Most layers of a network (LIP0111 beyond it).</summary>
    public const int MaxLayers = 10_000;

    /// <summary>Most certification radii (LIP0404 beyond it).</summary>
    public const int MaxEps = 1_000;

    /// <summary>Largest input dimension, layer width or class count (2²⁴).</summary>
    public const long MaxSize = 1L << 24;

    /// <summary>Most values per sample of the input and of every layer's output (int.MaxValue).</summary>
    public const long MaxElements = int.MaxValue;

    /// <summary>Longest name (network, namespace part, layer).</summary>
    public const int MaxIdentifierLength = 200;

    /// <summary>
    /// Reads a description file as UTF-8, but never more than <see cref="MaxFileLength"/> + 1 characters: a longer
    /// file (or an endless one such as /dev/zero) yields a text the compiler refuses with LIP0005, without reading on.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var buffer = new char[MaxFileLength + 1];
        int total = 0;
        while (total < buffer.Length)
        {
            int read = reader.Read(buffer, total, buffer.Length - total);
            if (read == 0) break;
            total += read;
        }
        return new string(buffer, 0, total);
    }
}
