using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Lipschitz.Dsl.Generator;

/// <summary>A location kept as plain data (no SyntaxTree), so models stay equatable and cacheable.</summary>
internal sealed record LocationInfo(string Path, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(Path, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo From(SourceSpan span) =>
        new(span.Path, new TextSpan(span.Start, span.Length),
            new LinePositionSpan(new LinePosition(span.StartLine - 1, span.StartColumn - 1), new LinePosition(System.Math.Max(span.StartLine, span.EndLine) - 1, span.EndLine > span.StartLine || span.EndColumn >= span.StartColumn ? span.EndColumn - 1 : span.StartColumn - 1)));

    public SourceSpan ToSourceSpan() =>
        new(Path, Span.Start, Span.Length, LineSpan.Start.Line + 1, LineSpan.Start.Character + 1, LineSpan.End.Line + 1, LineSpan.End.Character + 1);
}

/// <summary>A diagnostic kept as plain data.</summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, LocationInfo? Location)
{
    public static DiagnosticInfo From(DslDiagnostic d) => new(d.Id, d.Arguments, LocationInfo.From(d.Span));

    public static DiagnosticInfo Create(DiagnosticDescriptorInfo descriptor, LocationInfo? location, params string[] args) =>
        new(descriptor.Id, new EquatableArray<string>(args), location);

    public Diagnostic ToDiagnostic()
    {
        var descriptor = RoslynDescriptors.ById[Id];
        var args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
    }
}

/// <summary>One *.lipnet.yaml additional file.</summary>
internal sealed record YamlFile(string Path, string Text);

/// <summary>A C# class naming a YAML file: what the YAML pipeline needs to emit into that class.</summary>
internal sealed record YamlReference(string Reference, string ClassFilePath, string ClassName, string? Namespace, LocationInfo? Location);

/// <summary>A [LipschitzNetwork] class, as data.</summary>
/// <param name="Name">The class name.</param>
/// <param name="Namespace">Its namespace (null: global).</param>
/// <param name="FilePath">The file the attribute is in.</param>
/// <param name="YamlFile">The YAML file the attribute names, or null.</param>
/// <param name="Problems">Declaration problems found (LIP0501, LIP0502, LIP0505), reported instead of generating.</param>
/// <param name="Tree">The description built from the attributes (when no YAML file is named).</param>
/// <param name="Location">The attribute's location.</param>
internal sealed record ClassModel(string Name, string? Namespace, string FilePath, string? YamlFile, EquatableArray<DiagnosticInfo> Problems, DslNode? Tree, LocationInfo? Location);

/// <summary>What one pipeline produced: a source (or none) plus diagnostics.</summary>
internal sealed record GenerationResult(string? HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics, LocationInfo? Origin = null);
