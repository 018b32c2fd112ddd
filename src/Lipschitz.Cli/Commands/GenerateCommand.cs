using System;
using System.IO;
using Lipschitz.Nn.IO;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet generate FILE [-o OUT]</c>: the exact source the generator emits for the file.</summary>
public static class GenerateCommand
{
    /// <summary>The usage line.</summary>
    public const string Usage = "lipnet generate FILE.lipnet.yaml [-o OUT.cs]";

    /// <summary>Writes the source to standard output or (atomically) to OUT; 1 on errors, 2 on a usage error.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? file = null, outPath = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "-o" or "--output")
            {
                if (i + 1 >= args.Length) return Usage2(error, $"generate: {args[i]} needs a path");
                outPath = args[++i];
            }
            else if (args[i].StartsWith("-", StringComparison.Ordinal)) return Usage2(error, $"generate: unknown option {args[i]}");
            else if (file is null) file = args[i];
            else return Usage2(error, "generate: expected exactly one file");
        }
        if (file is null) return Usage2(error, "generate: no file given");

        var result = DescriptionFile.Compile(file, error);
        if (result is null) return 1;
        foreach (var d in result.Diagnostics) error.WriteLine(d.ToString());
        if (result.Source is null) return 1;
        if (outPath is null)
        {
            output.Write(result.Source);
            return 0;
        }
        try
        {
            AtomicFile.WriteAllText(outPath, result.Source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{outPath}: error: cannot write the generated source: {e.Message}");
            return 1;
        }
        error.WriteLine($"{outPath}: wrote {result.HintName}");
        return 0;
    }

    private static int Usage2(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine("usage: " + Usage);
        return 2;
    }
}
