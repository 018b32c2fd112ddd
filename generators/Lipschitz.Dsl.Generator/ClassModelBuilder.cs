using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lipschitz.Dsl.Generator;

/// <summary>The attribute front end: a [LipschitzNetwork] class and its layer attributes → a <see cref="ClassModel"/> holding a <see cref="DslNode"/> tree.</summary>
internal static class ClassModelBuilder
{
    public const string AttributeNamespace = "Lipschitz.Nn";

    public static ClassModel Build(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
    {
        var symbol = (INamedTypeSymbol)ctx.TargetSymbol;
        var syntax = (ClassDeclarationSyntax)ctx.TargetNode;
        var networkAttribute = ctx.Attributes[0];
        var attributeLocation = LocationInfo.From(networkAttribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation());
        var ns = symbol.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        var filePath = syntax.SyntaxTree.FilePath;
        var problems = new List<DiagnosticInfo>();

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NotPartial, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name));
        }
        if (symbol.ContainingType is not null)
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UnsupportedClass, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name, $"is nested in '{symbol.ContainingType.Name}'"));
        }
        if (symbol.TypeParameters.Length > 0)
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UnsupportedClass, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name, "is generic"));
        }

        string? yaml = null;
        if (networkAttribute.ConstructorArguments.Length == 1 && networkAttribute.ConstructorArguments[0].Value is string y)
        {
            yaml = y;
        }

        var layerAttributes = symbol.GetAttributes()
            .Where(a => a.AttributeClass is { } c && c.ContainingNamespace?.ToDisplayString() == AttributeNamespace && LayerCatalogue.FindAttribute(c.Name) is not null)
            .Select(a => (Data: a, Syntax: a.ApplicationSyntaxReference))
            .Where(a => a.Syntax is not null)
            .OrderBy(a => a.Syntax!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(a => a.Syntax!.Span.Start)
            .ToList();

        if (yaml is not null && layerAttributes.Count > 0)
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.Conflict, attributeLocation, symbol.Name,
                $"[LipschitzNetwork(\"{yaml}\")] takes its layers from the YAML file, but the class also has {layerAttributes.Count} layer attribute(s); keep one of the two"));
        }
        if (yaml is not null && (networkAttribute.NamedArguments.Length > 0))
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.Conflict, attributeLocation, symbol.Name,
                $"[LipschitzNetwork(\"{yaml}\")] takes input, classes and lipschitz from the YAML file; remove the named arguments ({string.Join(", ", networkAttribute.NamedArguments.Select(a => a.Key))})"));
        }

        DslNode? tree = null;
        if (yaml is null && problems.Count == 0)
        {
            tree = BuildTree(networkAttribute, layerAttributes.Select(a => a.Data).ToList(), ct);
        }
        return new ClassModel(symbol.Name, ns, filePath, yaml, new EquatableArray<DiagnosticInfo>(problems), tree, attributeLocation);
    }

    private static DslNode BuildTree(AttributeData network, List<AttributeData> layers, CancellationToken ct)
    {
        var networkSyntax = network.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
        var whole = SpanOf(networkSyntax) ?? Empty;
        var entries = new List<DslEntry>();
        foreach (var named in network.NamedArguments)
        {
            var span = SpanOf(NamedArgument(networkSyntax, named.Key)) ?? whole;
            var node = ToNode(named.Value, span);
            if (node is null) continue;
            var key = named.Key switch { "Classes" => "classes", "Input" => "input", "Lipschitz" => "lipschitz", _ => null };
            if (key is not null) entries.Add(new DslEntry(key, span, node));
        }

        var layerNodes = new List<DslNode>();
        foreach (var layer in layers)
        {
            var layerSyntax = layer.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var layerSpan = SpanOf(layerSyntax) ?? whole;
            var info = LayerCatalogue.FindAttribute(layer.AttributeClass!.Name)!;
            var args = new List<DslEntry>();
            if (info.ShorthandKey is not null && layer.ConstructorArguments.Length == 1)
            {
                var argSpan = SpanOf(PositionalArgument(layerSyntax, 0)) ?? layerSpan;
                var node = ToNode(layer.ConstructorArguments[0], argSpan);
                if (node is not null) args.Add(new DslEntry(info.ShorthandKey, argSpan, node));
            }
            foreach (var named in layer.NamedArguments)
            {
                var argSpan = SpanOf(NamedArgument(layerSyntax, named.Key)) ?? layerSpan;
                var node = ToNode(named.Value, argSpan);
                if (node is not null) args.Add(new DslEntry(ToSnakeCase(named.Key), argSpan, node));
            }
            var argMap = new DslMapping(new EquatableArray<DslEntry>(args), layerSpan);
            layerNodes.Add(new DslMapping(EquatableArray.Of(new DslEntry(info.YamlName, layerSpan, argMap)), layerSpan));
        }
        entries.Add(new DslEntry("layers", whole, new DslSequence(new EquatableArray<DslNode>(layerNodes), whole)));
        return new DslMapping(new EquatableArray<DslEntry>(entries), whole);
    }

    private static readonly SourceSpan Empty = SourceSpan.FileStart("");

    private static string ToSnakeCase(string name) => name.ToLowerInvariant();

    private static DslNode? ToNode(TypedConstant constant, SourceSpan? span)
    {
        var s = span ?? Empty;
        if (constant.Kind == TypedConstantKind.Error) return null;
        if (constant.Kind == TypedConstantKind.Array)
        {
            if (constant.IsNull) return new DslScalar("", s);
            var items = constant.Values.Select(v => ToNode(v, span)).ToList();
            if (items.Any(i => i is null)) return null;
            return new DslSequence(new EquatableArray<DslNode>(items!), s);
        }
        return constant.Value switch
        {
            null => new DslScalar("", s, Quoted: false),
            string text => new DslScalar(text, s, Quoted: true),
            bool b => new DslScalar(b ? "true" : "false", s),
            double d => new DslScalar(d.ToString("R", CultureInfo.InvariantCulture), s),
            float f => new DslScalar(((double)f).ToString("R", CultureInfo.InvariantCulture), s),
            System.IFormattable number => new DslScalar(number.ToString(null, CultureInfo.InvariantCulture), s),
            var other => new DslScalar(other.ToString() ?? "", s, Quoted: true),
        };
    }

    private static SyntaxNode? NamedArgument(AttributeSyntax? attribute, string name) =>
        attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    private static SyntaxNode? PositionalArgument(AttributeSyntax? attribute, int index) =>
        attribute?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ElementAtOrDefault(index);

    private static SourceSpan? SpanOf(SyntaxNode? node) =>
        node is null ? null : LocationInfo.From(node.GetLocation())?.ToSourceSpan();
}
