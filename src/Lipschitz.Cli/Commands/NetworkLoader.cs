using System;
using System.IO;
using System.Linq;
using Lipschitz.Cli.Compilation;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Cli.Commands;

/// <summary>Compiles a description for train and certify, printing its diagnostics exactly as <c>lipnet check</c> does.</summary>
internal static class NetworkLoader
{
    /// <summary>
    /// Compiles <paramref name="path"/>; prints every diagnostic to <paramref name="error"/> in the
    /// <c>path(line,col): severity ID: message</c> form and returns null when one is an error.
    /// </summary>
    internal static CompiledNetwork? Load(string path, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"{path}: error: file not found");
            return null;
        }
        CompiledNetwork compiled;
        try
        {
            compiled = NetworkCompiler.CompileFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: error: cannot be read: {e.Message}");
            return null;
        }
        foreach (DslDiagnostic d in compiled.Dsl.Diagnostics) error.WriteLine(d.ToString());
        if (compiled.NetworkType is null)
        {
            int errors = compiled.Dsl.Diagnostics.Count(d => d.Severity == DslSeverity.Error);
            error.WriteLine($"{path}: {errors} error{(errors == 1 ? "" : "s")}; nothing was trained or read");
            return null;
        }
        return compiled;
    }
}
