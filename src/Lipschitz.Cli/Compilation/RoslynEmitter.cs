using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lipschitz.Cli.Compilation;

/// <summary>
/// The only code that touches Roslyn. <see cref="NetworkCompiler"/> runs it inside a collectible load context
/// (only strings and bytes cross the boundary) and unloads it afterwards, so the compiler's code and metadata
/// (about 100 MB resident) do not stay in the process while it trains.
/// </summary>
internal static class RoslynEmitter
{
    /// <summary>Compiles <paramref name="source"/> against <paramref name="references"/> (file paths) into assembly bytes; throws with the errors otherwise.</summary>
    public static byte[] Emit(string source, string hintName, string assemblyName, string[] references)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: hintName);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { tree },
            references.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new System.IO.MemoryStream();
        var emitted = compilation.Emit(pe);
        if (!emitted.Success)
        {
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).Select(d => d.ToString());
            throw new InvalidOperationException("the generated source does not compile against the runtime:\n  " + string.Join("\n  ", errors));
        }
        return pe.ToArray();
    }
}
