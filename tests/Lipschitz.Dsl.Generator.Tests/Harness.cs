using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Lipschitz.Dsl.Generator.Tests;

internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result)
{
    public IEnumerable<GeneratedSourceResult> Sources => Result.Results.SelectMany(r => r.GeneratedSources);

    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Errors and warnings of compiling the user code plus the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompileProblems => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}

internal static class Harness
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_references = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator);
        var paths = tpa.Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Concat(new[] { typeof(Lipschitz.Nn.LipschitzNetworkAttribute).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location })
            .Distinct();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>What an SDK project targeting net10.0 compiles with: nullable on, every warning wave (CS8981 and the like).</summary>
    public static CSharpCompilationOptions Options { get; } =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999);

    public static CSharpCompilation Compilation(params (string Path, string Text)[] sources) =>
        CSharpCompilation.Create("UserCode",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
            s_references.Value,
            Options);

    /// <summary>Errors and warnings of compiling generated sources alone against the runtime.</summary>
    public static IReadOnlyList<Diagnostic> Problems(params string[] sources) =>
        CSharpCompilation.Create("Generated" + Guid.NewGuid().ToString("N"), sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)), s_references.Value, Options)
            .GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Compiles generated sources against the runtime and loads them; fails the test with the compiler's errors.</summary>
    public static System.Reflection.Assembly Load(params string[] sources)
    {
        var compilation = CSharpCompilation.Create("Generated" + Guid.NewGuid().ToString("N"), sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)), s_references.Value, Options);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromStream(image);
    }

    public static GeneratorDriver Driver(params (string Path, string Text)[] yaml) =>
        Driver(yaml.Select(y => (AdditionalText)new InMemoryAdditionalText(y.Path, y.Text)).ToArray());

    public static GeneratorDriver Driver(AdditionalText[] texts) =>
        CSharpGeneratorDriver.Create(
            new[] { new LipschitzGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            optionsProvider: null,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run((string Path, string Text)[] sources, (string Path, string Text)[] yaml)
    {
        var compilation = Compilation(sources);
        var driver = Driver(yaml).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, output, diagnostics, driver.GetRunResult());
    }

    public static GeneratorRun Yaml(string path, string text) => Run(Array.Empty<(string, string)>(), new[] { (path, text) });

    public static GeneratorRun CSharp(string text, params (string Path, string Text)[] yaml) => Run(new[] { ("/src/Net.cs", text) }, yaml);

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Lipschitz.Dsl.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string ExampleYaml => File.ReadAllText(System.IO.Path.Combine(RepoRoot, "examples", "FashionMnist", "AolConvNet.lipnet.yaml"));
}
