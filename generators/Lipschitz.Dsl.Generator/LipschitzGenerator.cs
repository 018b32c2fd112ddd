using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Lipschitz.Dsl.Generator;

/// <summary>Generates a <c>LipschitzModule</c> class for every *.lipnet.yaml AdditionalFile and every [LipschitzNetwork] class.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class LipschitzGenerator : IIncrementalGenerator
{
    /// <summary>Metadata name of the network attribute.</summary>
    public const string NetworkAttribute = "Lipschitz.Nn.LipschitzNetworkAttribute";

    /// <summary>The suffix that marks a network description among the AdditionalFiles.</summary>
    public const string YamlSuffix = ".lipnet.yaml";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var yamlFiles = context.AdditionalTextsProvider
            .Where(static t => t.Path.EndsWith(YamlSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(static (t, ct) => new YamlFile(t.Path, t.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(TrackingNames.YamlFiles);

        var classes = context.SyntaxProvider
            .ForAttributeWithMetadataName(NetworkAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => ClassModelBuilder.Build(ctx, ct))
            .WithTrackingName(TrackingNames.Classes);

        var yamlReferences = classes
            .Where(static c => c.YamlFile is not null && c.Problems.Count == 0)
            .Select(static (c, _) => new YamlReference(c.YamlFile!, c.FilePath, c.Name, c.Namespace, c.Location))
            .Collect()
            .Select(static (refs, _) => new EquatableArray<YamlReference>(refs))
            .WithTrackingName(TrackingNames.YamlReferences);

        var yamlPaths = yamlFiles
            .Select(static (f, _) => f.Path)
            .Collect()
            .Select(static (paths, _) => new EquatableArray<string>(paths.OrderBy(p => p, StringComparer.Ordinal)))
            .WithTrackingName(TrackingNames.YamlPaths);

        var yamlResults = yamlFiles
            .Combine(yamlReferences)
            .Select(static (pair, _) => CompileYaml(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.YamlResults);

        var classResults = classes
            .Combine(yamlPaths)
            .Select(static (pair, _) => CompileClass(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ClassResults);

        // One output over all networks: AddSource needs unique hint names, and two descriptions may claim the same class.
        var all = yamlResults.Collect().Combine(classResults.Collect());
        context.RegisterSourceOutput(all, static (spc, pair) => Report(spc, pair.Left.Concat(pair.Right)));

        var descriptionAttributes = LayerCatalogue.All.Select(k => k.AttributeName)
            .Concat(OptionCatalogue.Blocks.Select(b => b.AttributeName))
            .Concat(OptionCatalogue.Blocks.SelectMany(b => b.Groups).Select(g => g.AttributeName));
        foreach (var attributeName in descriptionAttributes)
        {
            var stray = context.SyntaxProvider
                .ForAttributeWithMetadataName($"{ClassModelBuilder.AttributeNamespace}.{attributeName}Attribute",
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => StrayLayer(ctx, ct))
                .Where(static d => d is not null)
                .WithTrackingName(TrackingNames.StrayLayers);
            context.RegisterSourceOutput(stray, static (spc, d) => spc.ReportDiagnostic(d!.ToDiagnostic()));
        }
    }

    private static DiagnosticInfo? StrayLayer(GeneratorAttributeSyntaxContext ctx, System.Threading.CancellationToken ct)
    {
        if (ctx.TargetSymbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttribute)) return null;
        var first = ctx.Attributes[0];
        var location = LocationInfo.From(first.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation());
        var name = first.AttributeClass?.Name ?? "?";
        if (name.EndsWith("Attribute", StringComparison.Ordinal)) name = name.Substring(0, name.Length - "Attribute".Length);
        return DiagnosticInfo.Create(DiagnosticCatalogue.LayerWithoutNetwork, location, name, ctx.TargetSymbol.Name);
    }

    internal static GenerationResult CompileYaml(YamlFile file, EquatableArray<YamlReference> references)
    {
        var matching = references
            .Where(r => PathMatch.Resolve(r.Reference, r.ClassFilePath, new[] { file.Path }) is not null)
            .OrderBy(r => r.ClassFilePath, StringComparer.Ordinal).ThenBy(r => r.ClassName, StringComparer.Ordinal)
            .ToList();
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        foreach (var extra in matching.Skip(1))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.Conflict, extra.Location, extra.ClassName,
                $"'{file.Path}' is already included by class '{matching[0].ClassName}'; a YAML file declares one network"));
        }
        var owner = matching.FirstOrDefault();
        var options = owner is null ? null : new CompileOptions(owner.ClassName, owner.Namespace);
        var result = DslCompiler.Compile(file.Text, file.Path, options);
        diagnostics.AddRange(result.Diagnostics.Select(DiagnosticInfo.From));
        var origin = LocationInfo.From(Syntax.SourceSpan.FileStart(file.Path));
        return new GenerationResult(result.HintName, result.Source, new EquatableArray<DiagnosticInfo>(diagnostics), origin);
    }

    internal static GenerationResult CompileClass(ClassModel model, EquatableArray<string> yamlPaths)
    {
        if (model.Problems.Count > 0) return new GenerationResult(null, null, model.Problems);
        if (model.YamlFile is not null)
        {
            return PathMatch.Resolve(model.YamlFile, model.FilePath, yamlPaths) is null
                ? new GenerationResult(null, null, EquatableArray.Of(DiagnosticInfo.Create(DiagnosticCatalogue.YamlNotFound, model.Location, model.YamlFile)))
                : new GenerationResult(null, null, EquatableArray<DiagnosticInfo>.Empty);
        }
        if (model.Tree is null) return new GenerationResult(null, null, EquatableArray<DiagnosticInfo>.Empty);
        var result = DslCompiler.CompileAttributes(model.Tree, model.Name, model.Namespace, model.FilePath);
        return new GenerationResult(result.HintName, result.Source, new EquatableArray<DiagnosticInfo>(result.Diagnostics.Select(DiagnosticInfo.From)), model.Location);
    }

    private static void Report(SourceProductionContext context, IEnumerable<GenerationResult> results)
    {
        var claimed = new Dictionary<string, GenerationResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var result in results)
        {
            foreach (var d in result.Diagnostics) context.ReportDiagnostic(d.ToDiagnostic());
            if (result.Source is null || result.HintName is null) continue;
            if (claimed.TryGetValue(result.HintName, out var first))
            {
                var name = result.HintName.Substring(0, result.HintName.Length - ".g.cs".Length);
                context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticCatalogue.Conflict, result.Origin, name,
                    $"it is already declared by {first.Origin?.Path ?? "another description"}; rename one of the networks").ToDiagnostic());
                continue;
            }
            claimed[result.HintName] = result;
            context.AddSource(result.HintName, SourceText.From(result.Source, System.Text.Encoding.UTF8));
        }
    }
}
