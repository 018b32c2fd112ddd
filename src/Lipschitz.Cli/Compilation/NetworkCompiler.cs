using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Lipschitz.Dsl;
using Lipschitz.Nn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lipschitz.Cli.Compilation;

/// <summary>The outcome of compiling a description for running: the DSL result and, when it has no errors, the network type.</summary>
/// <param name="Dsl">What the language reported (source, diagnostics, validated network).</param>
/// <param name="NetworkType">The generated <see cref="LipschitzModule"/> subclass, or null when the description has errors.</param>
public sealed record CompiledNetwork(CompileResult Dsl, Type? NetworkType)
{
    /// <summary>A fresh instance of the network (its constructor draws initial weights from torch's generator).</summary>
    public LipschitzModule Create()
    {
        if (NetworkType is null) throw new InvalidOperationException("the description has errors; there is no network to create");
        return (LipschitzModule)Activator.CreateInstance(NetworkType)!;
    }
}

/// <summary>The error raised when the generated source does not compile against the runtime (a bug, not a user error).</summary>
public sealed class GeneratedCodeException : Exception
{
    /// <summary>Creates the error with the compiler's messages.</summary>
    public GeneratedCodeException(string message) : base(message)
    {
    }
}

/// <summary>
/// One semantics: a description is turned into the exact source the generator emits (through <see cref="DslCompiler"/>),
/// compiled in memory with Roslyn against the runtime assemblies this process runs on, and loaded.
/// </summary>
public static class NetworkCompiler
{
    private static readonly Lazy<MetadataReference[]> s_references = new(LoadReferences);

    /// <summary>Reads and compiles <paramref name="path"/>; errors in the description come back as diagnostics, with no type.</summary>
    public static CompiledNetwork CompileFile(string path)
    {
        string text = File.ReadAllText(path);
        return Compile(text, path);
    }

    /// <summary>Compiles YAML text whose origin is <paramref name="path"/>.</summary>
    public static CompiledNetwork Compile(string yamlText, string path)
    {
        CompileResult result = DslCompiler.Compile(yamlText, path);
        if (result.HasErrors || result.Source is null || result.Network is null) return new CompiledNetwork(result, null);
        Assembly assembly = CompileSource(result.Source, result.HintName ?? "Network.g.cs");
        Type? type = assembly.GetTypes().FirstOrDefault(t => typeof(LipschitzModule).IsAssignableFrom(t) && !t.IsAbstract);
        if (type is null) throw new GeneratedCodeException($"{path}: the generated source declares no LipschitzModule subclass");
        return new CompiledNetwork(result, type);
    }

    /// <summary>Compiles C# source to an assembly loaded into the default context (so it shares the runtime's types).</summary>
    public static Assembly CompileSource(string source, string hintName)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: hintName);
        var compilation = CSharpCompilation.Create(
            "Lipschitz.Generated." + Guid.NewGuid().ToString("N"),
            new[] { tree },
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        var emitted = compilation.Emit(pe);
        if (!emitted.Success)
        {
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).Select(d => d.ToString());
            throw new GeneratedCodeException("the generated source does not compile against the runtime:\n  " + string.Join("\n  ", errors));
        }
        pe.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(pe);
    }

    // Every assembly this process may load (the framework and the app's own: Lipschitz.Nn, Lipschitz.Torch).
    private static MetadataReference[] LoadReferences()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
            foreach (string p in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) paths.Add(p);
        foreach (Assembly a in new[] { typeof(LipschitzModule).Assembly, typeof(Lipschitz.Torch.torch).Assembly, typeof(object).Assembly })
            if (!string.IsNullOrEmpty(a.Location)) paths.Add(a.Location);
        return paths.Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }
}
