using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using C = Lipschitz.Dsl.Diagnostics.DiagnosticCatalogue;

namespace Lipschitz.Dsl.Generator;

/// <summary>Roslyn descriptors for the language's catalogue (IDs, categories and severities literal so release tracking checks them; texts and help links from the catalogue).</summary>
internal static class RoslynDescriptors
{
    public static readonly DiagnosticDescriptor YamlSyntax = new("LIP0001", C.YamlSyntax.Title, C.YamlSyntax.MessageFormat, "Lipschitz.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.YamlSyntax.HelpLink);

    public static readonly DiagnosticDescriptor NotAMapping = new("LIP0002", C.NotAMapping.Title, C.NotAMapping.MessageFormat, "Lipschitz.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.NotAMapping.HelpLink);

    public static readonly DiagnosticDescriptor DuplicateKey = new("LIP0003", C.DuplicateKey.Title, C.DuplicateKey.MessageFormat, "Lipschitz.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.DuplicateKey.HelpLink);

    public static readonly DiagnosticDescriptor MultipleDocuments = new("LIP0004", C.MultipleDocuments.Title, C.MultipleDocuments.MessageFormat, "Lipschitz.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.MultipleDocuments.HelpLink);

    public static readonly DiagnosticDescriptor TooLarge = new("LIP0005", C.TooLarge.Title, C.TooLarge.MessageFormat, "Lipschitz.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.TooLarge.HelpLink);

    public static readonly DiagnosticDescriptor UnknownLayerKind = new("LIP0101", C.UnknownLayerKind.Title, C.UnknownLayerKind.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.UnknownLayerKind.HelpLink);

    public static readonly DiagnosticDescriptor UnknownKey = new("LIP0102", C.UnknownKey.Title, C.UnknownKey.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.UnknownKey.HelpLink);

    public static readonly DiagnosticDescriptor MissingKey = new("LIP0103", C.MissingKey.Title, C.MissingKey.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.MissingKey.HelpLink);

    public static readonly DiagnosticDescriptor WrongType = new("LIP0104", C.WrongType.Title, C.WrongType.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.WrongType.HelpLink);

    public static readonly DiagnosticDescriptor BadValue = new("LIP0105", C.BadValue.Title, C.BadValue.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.BadValue.HelpLink);

    public static readonly DiagnosticDescriptor BadIdentifier = new("LIP0106", C.BadIdentifier.Title, C.BadIdentifier.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.BadIdentifier.HelpLink);

    public static readonly DiagnosticDescriptor NoLayers = new("LIP0107", C.NoLayers.Title, C.NoLayers.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.NoLayers.HelpLink);

    public static readonly DiagnosticDescriptor DuplicateLayerName = new("LIP0108", C.DuplicateLayerName.Title, C.DuplicateLayerName.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.DuplicateLayerName.HelpLink);

    public static readonly DiagnosticDescriptor UnknownOption = new("LIP0109", C.UnknownOption.Title, C.UnknownOption.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.UnknownOption.HelpLink);

    public static readonly DiagnosticDescriptor ReservedName = new("LIP0110", C.ReservedName.Title, C.ReservedName.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.ReservedName.HelpLink);

    public static readonly DiagnosticDescriptor TooManyLayers = new("LIP0111", C.TooManyLayers.Title, C.TooManyLayers.MessageFormat, "Lipschitz.Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.TooManyLayers.HelpLink);

    public static readonly DiagnosticDescriptor NeedsFlatInput = new("LIP0201", C.NeedsFlatInput.Title, C.NeedsFlatInput.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.NeedsFlatInput.HelpLink);

    public static readonly DiagnosticDescriptor NeedsImageInput = new("LIP0202", C.NeedsImageInput.Title, C.NeedsImageInput.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.NeedsImageInput.HelpLink);

    public static readonly DiagnosticDescriptor OddChannels = new("LIP0203", C.OddChannels.Title, C.OddChannels.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.OddChannels.HelpLink);

    public static readonly DiagnosticDescriptor NotDivisible = new("LIP0204", C.NotDivisible.Title, C.NotDivisible.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.NotDivisible.HelpLink);

    public static readonly DiagnosticDescriptor ClassesMismatch = new("LIP0205", C.ClassesMismatch.Title, C.ClassesMismatch.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.ClassesMismatch.HelpLink);

    public static readonly DiagnosticDescriptor BadInputShape = new("LIP0206", C.BadInputShape.Title, C.BadInputShape.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.BadInputShape.HelpLink);

    public static readonly DiagnosticDescriptor EmptyOutput = new("LIP0207", C.EmptyOutput.Title, C.EmptyOutput.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.EmptyOutput.HelpLink);

    public static readonly DiagnosticDescriptor OutputTooLarge = new("LIP0208", C.OutputTooLarge.Title, C.OutputTooLarge.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.OutputTooLarge.HelpLink);

    public static readonly DiagnosticDescriptor ChannelsNotGrouped = new("LIP0209", C.ChannelsNotGrouped.Title, C.ChannelsNotGrouped.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.ChannelsNotGrouped.HelpLink);

    public static readonly DiagnosticDescriptor ResidualShape = new("LIP0220", C.ResidualShape.Title, C.ResidualShape.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.ResidualShape.HelpLink);

    public static readonly DiagnosticDescriptor BranchShapes = new("LIP0221", C.BranchShapes.Title, C.BranchShapes.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.BranchShapes.HelpLink);
    public static readonly DiagnosticDescriptor HeadNotLast = new("LIP0222", C.HeadNotLast.Title, C.HeadNotLast.MessageFormat, "Lipschitz.Shapes", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.HeadNotLast.HelpLink);

    public static readonly DiagnosticDescriptor UnboundedLayer = new("LIP0301", C.UnboundedLayer.Title, C.UnboundedLayer.MessageFormat, "Lipschitz.Bounds", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.UnboundedLayer.HelpLink);

    public static readonly DiagnosticDescriptor BoundExceeded = new("LIP0302", C.BoundExceeded.Title, C.BoundExceeded.MessageFormat, "Lipschitz.Bounds", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.BoundExceeded.HelpLink);

    public static readonly DiagnosticDescriptor UnknownNorm = new("LIP0401", C.UnknownNorm.Title, C.UnknownNorm.MessageFormat, "Lipschitz.Certification", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.UnknownNorm.HelpLink);

    public static readonly DiagnosticDescriptor BadEps = new("LIP0402", C.BadEps.Title, C.BadEps.MessageFormat, "Lipschitz.Certification", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.BadEps.HelpLink);

    public static readonly DiagnosticDescriptor EmptyEps = new("LIP0403", C.EmptyEps.Title, C.EmptyEps.MessageFormat, "Lipschitz.Certification", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.EmptyEps.HelpLink);

    public static readonly DiagnosticDescriptor TooManyValues = new("LIP0404", C.TooManyValues.Title, C.TooManyValues.MessageFormat, "Lipschitz.Certification", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.TooManyValues.HelpLink);

    public static readonly DiagnosticDescriptor NotPartial = new("LIP0501", C.NotPartial.Title, C.NotPartial.MessageFormat, "Lipschitz.Declarations", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.NotPartial.HelpLink);

    public static readonly DiagnosticDescriptor Conflict = new("LIP0502", C.Conflict.Title, C.Conflict.MessageFormat, "Lipschitz.Declarations", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.Conflict.HelpLink);

    public static readonly DiagnosticDescriptor YamlNotFound = new("LIP0503", C.YamlNotFound.Title, C.YamlNotFound.MessageFormat, "Lipschitz.Declarations", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.YamlNotFound.HelpLink);

    public static readonly DiagnosticDescriptor LayerWithoutNetwork = new("LIP0504", C.LayerWithoutNetwork.Title, C.LayerWithoutNetwork.MessageFormat, "Lipschitz.Declarations", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: C.LayerWithoutNetwork.HelpLink);

    public static readonly DiagnosticDescriptor UnsupportedClass = new("LIP0505", C.UnsupportedClass.Title, C.UnsupportedClass.MessageFormat, "Lipschitz.Declarations", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.UnsupportedClass.HelpLink);

    public static readonly DiagnosticDescriptor YamlOnlyKind = new("LIP0510", C.YamlOnlyKind.Title, C.YamlOnlyKind.MessageFormat, "Lipschitz.Declarations", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: C.YamlOnlyKind.HelpLink);

    /// <summary>Descriptor by ID.</summary>
    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = new Dictionary<string, DiagnosticDescriptor>
    {
        ["LIP0001"] = YamlSyntax,
        ["LIP0002"] = NotAMapping,
        ["LIP0003"] = DuplicateKey,
        ["LIP0004"] = MultipleDocuments,
        ["LIP0005"] = TooLarge,
        ["LIP0101"] = UnknownLayerKind,
        ["LIP0102"] = UnknownKey,
        ["LIP0103"] = MissingKey,
        ["LIP0104"] = WrongType,
        ["LIP0105"] = BadValue,
        ["LIP0106"] = BadIdentifier,
        ["LIP0107"] = NoLayers,
        ["LIP0108"] = DuplicateLayerName,
        ["LIP0109"] = UnknownOption,
        ["LIP0110"] = ReservedName,
        ["LIP0111"] = TooManyLayers,
        ["LIP0201"] = NeedsFlatInput,
        ["LIP0202"] = NeedsImageInput,
        ["LIP0203"] = OddChannels,
        ["LIP0204"] = NotDivisible,
        ["LIP0205"] = ClassesMismatch,
        ["LIP0206"] = BadInputShape,
        ["LIP0207"] = EmptyOutput,
        ["LIP0208"] = OutputTooLarge,
        ["LIP0209"] = ChannelsNotGrouped,
        ["LIP0220"] = ResidualShape,
        ["LIP0221"] = BranchShapes,
        ["LIP0222"] = HeadNotLast,
        ["LIP0301"] = UnboundedLayer,
        ["LIP0302"] = BoundExceeded,
        ["LIP0401"] = UnknownNorm,
        ["LIP0402"] = BadEps,
        ["LIP0403"] = EmptyEps,
        ["LIP0404"] = TooManyValues,
        ["LIP0501"] = NotPartial,
        ["LIP0502"] = Conflict,
        ["LIP0503"] = YamlNotFound,
        ["LIP0504"] = LayerWithoutNetwork,
        ["LIP0505"] = UnsupportedClass,
        ["LIP0510"] = YamlOnlyKind,
    };
}
