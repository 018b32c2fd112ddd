namespace Lipschitz.Dsl.Generator;

/// <summary>Names of the tracked pipeline steps (used by the caching tests).</summary>
public static class TrackingNames
{
    /// <summary>The *.lipnet.yaml additional files.</summary>
    public const string YamlFiles = nameof(YamlFiles);

    /// <summary>Classes naming a YAML file, collected.</summary>
    public const string YamlReferences = nameof(YamlReferences);

    /// <summary>The paths of all YAML files, collected.</summary>
    public const string YamlPaths = nameof(YamlPaths);

    /// <summary>Compiled YAML networks.</summary>
    public const string YamlResults = nameof(YamlResults);

    /// <summary>[LipschitzNetwork] classes.</summary>
    public const string Classes = nameof(Classes);

    /// <summary>Compiled attributed networks.</summary>
    public const string ClassResults = nameof(ClassResults);

    /// <summary>Layer attributes on classes without [LipschitzNetwork].</summary>
    public const string StrayLayers = nameof(StrayLayers);
}
