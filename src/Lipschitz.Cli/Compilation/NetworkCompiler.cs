using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Lipschitz.Dsl;
using Lipschitz.Nn;

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
    private static readonly Lazy<string[]> s_references = new(ReferencePaths);
    private static readonly Dictionary<string, Assembly> s_compiled = new(StringComparer.Ordinal);

    /// <summary>Reads and compiles <paramref name="path"/>; errors in the description come back as diagnostics, with no type.</summary>
    public static CompiledNetwork CompileFile(string path)
    {
        // Bounded: a huge or endless file (/dev/zero) becomes LIP0005 instead of exhausting memory.
        string text = DslLimits.ReadFile(path);
        return Compile(text, path);
    }

    /// <summary>Compiles YAML text whose origin is <paramref name="path"/>.</summary>
    public static CompiledNetwork Compile(string yamlText, string path) => Compile(DslCompiler.Compile(yamlText, path), path);

    /// <summary>Compiles the source of an already checked description whose origin is <paramref name="path"/>.</summary>
    public static CompiledNetwork Compile(CompileResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.HasErrors || result.Source is null || result.Network is null) return new CompiledNetwork(result, null);
        Assembly assembly = CompileSource(result.Source, result.HintName ?? "Network.g.cs");
        Type? type = assembly.GetTypes().FirstOrDefault(t => typeof(LipschitzModule).IsAssignableFrom(t) && !t.IsAbstract);
        if (type is null) throw new GeneratedCodeException($"{path}: the generated source declares no LipschitzModule subclass");
        return new CompiledNetwork(result, type);
    }

    /// <summary>
    /// Compiles C# source to an assembly loaded into the default context (so it shares the runtime's types). Roslyn
    /// runs in a collectible load context that is unloaded afterwards, giving its memory back before training starts.
    /// </summary>
    public static Assembly CompileSource(string source, string hintName)
    {
        // An assembly in the default context stays loaded anyway; the same source compiles to the same network.
        lock (s_compiled)
        {
            if (s_compiled.TryGetValue(source, out Assembly? known)) return known;
        }
        byte[] image = EmitIsolated(source, hintName, "Lipschitz.Generated." + Guid.NewGuid().ToString("N"), s_references.Value, out WeakReference context);
        for (int k = 0; k < 10 && context.IsAlive; k++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        using var pe = new MemoryStream(image);
        Assembly assembly = AssemblyLoadContext.Default.LoadFromStream(pe);
        lock (s_compiled) s_compiled[source] = assembly;
        return assembly;
    }

    // Not inlined, so no reference to the context survives in this frame when the caller collects it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static byte[] EmitIsolated(string source, string hintName, string assemblyName, string[] references, out WeakReference context)
    {
        var alc = new RoslynLoadContext();
        context = new WeakReference(alc);
        try
        {
            Assembly self = alc.LoadFromAssemblyPath(typeof(NetworkCompiler).Assembly.Location);
            MethodInfo emit = self.GetType(typeof(RoslynEmitter).FullName!, throwOnError: true)!
                .GetMethod(nameof(RoslynEmitter.Emit), BindingFlags.Public | BindingFlags.Static)!;
            return (byte[])emit.Invoke(null, new object[] { source, hintName, assemblyName, references })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException inner)
        {
            throw new GeneratedCodeException(inner.Message);
        }
        finally
        {
            alc.Unload();
        }
    }

    /// <summary>Loads this CLI assembly and Roslyn privately; everything else (framework, runtime) comes from the default context.</summary>
    private sealed class RoslynLoadContext : AssemblyLoadContext
    {
        private readonly string _directory = Path.GetDirectoryName(typeof(NetworkCompiler).Assembly.Location)!;

        public RoslynLoadContext() : base("lipnet-roslyn", isCollectible: true)
        {
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is null || !name.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)) return null;
            string path = Path.Combine(_directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    // Only what generated code can name: the runtime assemblies and, transitively, the framework assemblies they
    // reference (resolved to the files this process runs on). Referencing the whole framework instead would map
    // and read ~170 more assemblies and cost about 100 MB of resident memory for nothing.
    private static string[] ReferencePaths()
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
            foreach (string p in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                byName[Path.GetFileNameWithoutExtension(p)] = p;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>();
        void Add(string? path)
        {
            if (string.IsNullOrEmpty(path) || !File.Exists(path) || !paths.Add(path)) return;
            foreach (AssemblyName r in ReferencedAssemblies(path)) pending.Push(r);
        }
        foreach (Assembly a in new[] { typeof(LipschitzModule).Assembly, typeof(TorchSharp.torch).Assembly, typeof(object).Assembly })
            Add(a.Location);
        foreach (string name in new[] { "System.Runtime", "System.Collections", "netstandard" })
            Add(byName.GetValueOrDefault(name));
        while (pending.Count > 0)
        {
            AssemblyName r = pending.Pop();
            if (r.Name is not null && byName.TryGetValue(r.Name, out string? path)) Add(path);
        }
        return paths.ToArray();
    }

    private static IEnumerable<AssemblyName> ReferencedAssemblies(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        if (!pe.HasMetadata) yield break;
        System.Reflection.Metadata.MetadataReader md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        foreach (var h in md.AssemblyReferences) yield return md.GetAssemblyReference(h).GetAssemblyName();
    }
}
