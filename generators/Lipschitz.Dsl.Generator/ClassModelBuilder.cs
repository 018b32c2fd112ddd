using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Diagnostics;
using Lipschitz.Dsl.Ir;
using Lipschitz.Dsl.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lipschitz.Dsl.Generator;

/// <summary>
/// The attribute front end: a [LipschitzNetwork] class with its layer and option attributes → a <see cref="ClassModel"/>
/// holding the same <see cref="DslNode"/> tree a YAML file gives, so both bind to the same IR. Which attribute, argument
/// and property means which key comes from the catalogues.
/// </summary>
internal static class ClassModelBuilder
{
    public const string AttributeNamespace = Emit.RuntimeNames.Root;

    private const string Computed = nameof(Computed);

    /// <summary>Whether an attribute class is one the front end reads (a layer, block or option-group attribute of the runtime).</summary>
    public static bool IsDescriptionAttribute(INamedTypeSymbol? type) =>
        type is not null && type.ContainingNamespace?.ToDisplayString() == AttributeNamespace
        && (LayerCatalogue.FindAttribute(type.Name) is not null || OptionCatalogue.FindBlockAttribute(type.Name) is not null || OptionCatalogue.FindGroupAttribute(type.Name) is not null);

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

        var attributes = symbol.GetAttributes()
            .Where(a => IsDescriptionAttribute(a.AttributeClass))
            .Where(a => a.ApplicationSyntaxReference is not null)
            .OrderBy(a => a.ApplicationSyntaxReference!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(a => a.ApplicationSyntaxReference!.Span.Start)
            .ToList();

        if (yaml is not null && attributes.Count > 0)
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.Conflict, attributeLocation, symbol.Name,
                $"[LipschitzNetwork(\"{yaml}\")] takes its layers and options from the YAML file, but the class also has {attributes.Count} layer or option attribute(s); keep one of the two"));
        }
        if (yaml is not null && networkAttribute.NamedArguments.Length > 0)
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.Conflict, attributeLocation, symbol.Name,
                $"[LipschitzNetwork(\"{yaml}\")] takes input, classes and lipschitz from the YAML file; remove the named arguments ({string.Join(", ", networkAttribute.NamedArguments.Select(a => a.Key))})"));
        }
        var named = networkAttribute.NamedArguments.Select(a => a.Key).ToList();
        if (named.Contains("Lipschitz") && networkAttribute.NamedArguments.Any(a => a.Key == "LipschitzComputed" && a.Value.Value is true))
        {
            problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.Conflict, attributeLocation, symbol.Name,
                "it sets both Lipschitz (a declared bound) and LipschitzComputed = true (no compile-time bound); keep one"));
        }

        foreach (var attribute in attributes)
        {
            // Composite kinds nest layers, which attribute arguments cannot hold: they are YAML-only.
            if (LayerCatalogue.FindAttribute(attribute.AttributeClass!.Name) is { YamlOnly: true } composite)
            {
                problems.Add(DiagnosticInfo.Create(DiagnosticCatalogue.YamlOnlyKind,
                    LocationInfo.From(attribute.ApplicationSyntaxReference!.GetSyntax(ct).GetLocation()), composite.AttributeName, composite.Key));
            }
        }

        DslNode? tree = null;
        if (yaml is null && problems.Count == 0)
        {
            tree = BuildTree(networkAttribute, attributes, ct);
        }
        return new ClassModel(symbol.Name, ns, filePath, yaml, new EquatableArray<DiagnosticInfo>(problems), tree, attributeLocation);
    }

    private static DslNode BuildTree(AttributeData network, List<AttributeData> attributes, CancellationToken ct)
    {
        var networkSyntax = network.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
        var whole = SpanOf(networkSyntax) ?? Empty;
        var entries = new List<DslEntry>();
        foreach (var named in network.NamedArguments)
        {
            var span = SpanOf(NamedArgument(networkSyntax, named.Key)) ?? whole;
            switch (named.Key)
            {
                case "Classes": Add(entries, "classes", ToNode(named.Value, span), span); break;
                case "Input": Add(entries, "input", ToNode(named.Value, span), span); break;
                case "Lipschitz": Add(entries, "lipschitz", ToNode(named.Value, span), span); break;
                case "LipschitzComputed" when named.Value.Value is true: Add(entries, "lipschitz", new DslScalar(LipschitzDeclaration.ComputedKeyword, span), span); break;
            }
        }

        var layerNodes = new List<DslNode>();
        // Block attributes ([Training], [Certify]) and group attributes ([Optimizer], ...) become the YAML blocks' entries.
        var blockEntries = OptionCatalogue.Blocks.ToDictionary(b => b.Key, _ => new List<DslEntry>());
        var blockSpans = new Dictionary<string, SourceSpan>();
        foreach (var attribute in attributes)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var span = SpanOf(attributeSyntax) ?? whole;
            var name = attribute.AttributeClass!.Name;
            if (LayerCatalogue.FindAttribute(name) is { } kind)
            {
                var args = Arguments(attribute, attributeSyntax, span, kind.AttributeArguments, p => p == "Name" ? "name" : kind.ParamForAttribute(p)?.Key,
                    key => kind.Param(key) is { Type: ParamType.Choice } choice ? member => choice.Choices.FirstOrDefault(c => c.RuntimeName == member)?.Key : null);
                layerNodes.Add(new DslMapping(EquatableArray.Of(new DslEntry(kind.Key, span, new DslMapping(new EquatableArray<DslEntry>(args), span))), span));
            }
            else if (OptionCatalogue.FindBlockAttribute(name) is { } block)
            {
                if (!blockSpans.ContainsKey(block.Key)) blockSpans[block.Key] = span;
                blockEntries[block.Key].AddRange(Arguments(attribute, attributeSyntax, span, block.AttributeArguments, p => block.Params.FirstOrDefault(d => d.AttributeName == p)?.Key,
                    key => block.Param(key) is { Type: ParamType.Choice } choice ? member => choice.Choices.FirstOrDefault(c => c.RuntimeName == member)?.Key : null));
            }
            else if (OptionCatalogue.FindGroupAttribute(name) is { } group)
            {
                var owner = OptionCatalogue.BlockOf(group);
                if (!blockSpans.ContainsKey(owner.Key)) blockSpans[owner.Key] = span;
                var kindNode = attribute.ConstructorArguments.Length == 1
                    ? ToNode(attribute.ConstructorArguments[0], SpanOf(PositionalArgument(attributeSyntax, 0)) ?? span, member => group.Kinds.FirstOrDefault(k => k.RuntimeName == member)?.Key)
                    : null;
                if (kindNode is not DslScalar kindScalar) continue;
                var args = Arguments(attribute, attributeSyntax, span, EquatableArray<string>.Empty, group.KeyForAttribute, _ => null);
                var value = new DslMapping(EquatableArray.Of(new DslEntry(kindScalar.Value, kindScalar.Span, new DslMapping(new EquatableArray<DslEntry>(args), span))), span);
                blockEntries[owner.Key].Add(new DslEntry(group.Key, span, value));
            }
        }
        entries.Add(new DslEntry("layers", whole, new DslSequence(new EquatableArray<DslNode>(layerNodes), whole)));
        foreach (var block in OptionCatalogue.Blocks)
        {
            if (!blockSpans.TryGetValue(block.Key, out var blockSpan)) continue;
            entries.Add(new DslEntry(block.Key, blockSpan, new DslMapping(new EquatableArray<DslEntry>(blockEntries[block.Key]), blockSpan)));
        }
        return new DslMapping(new EquatableArray<DslEntry>(entries), whole);
    }

    private static void Add(List<DslEntry> entries, string key, DslNode? node, SourceSpan span)
    {
        if (node is not null) entries.Add(new DslEntry(key, span, node));
    }

    /// <summary>The entries an attribute's arguments give: constructor arguments as the listed keys, named arguments by
    /// the catalogue's attribute names (an unknown property keeps its lower-case name, so the binder reports it).</summary>
    private static List<DslEntry> Arguments(AttributeData attribute, AttributeSyntax? syntax, SourceSpan span, EquatableArray<string> constructorKeys,
        System.Func<string, string?> keyOfProperty, System.Func<string, System.Func<string, string?>?> enumMapping)
    {
        var args = new List<DslEntry>();
        for (int i = 0; i < attribute.ConstructorArguments.Length && i < constructorKeys.Count; i++)
        {
            var argSpan = SpanOf(PositionalArgument(syntax, i)) ?? span;
            Add(args, constructorKeys[i], ToNode(attribute.ConstructorArguments[i], argSpan, enumMapping(constructorKeys[i])), argSpan);
        }
        foreach (var named in attribute.NamedArguments)
        {
            var argSpan = SpanOf(NamedArgument(syntax, named.Key)) ?? span;
            var key = keyOfProperty(named.Key) ?? named.Key.ToLowerInvariant();
            Add(args, key, ToNode(named.Value, argSpan, enumMapping(key)), argSpan);
        }
        return args;
    }

    private static readonly SourceSpan Empty = SourceSpan.FileStart("");

    /// <summary>A constant as the scalar text YAML would hold; an enum member is named, then mapped to its catalogue key.</summary>
    private static DslNode? ToNode(TypedConstant constant, SourceSpan? span, System.Func<string, string?>? enumKey = null)
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
        if (constant.Kind == TypedConstantKind.Enum)
        {
            var member = constant.Type?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name;
            var text = member is null ? System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? "" : enumKey?.Invoke(member) ?? member;
            return new DslScalar(text, s);
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
