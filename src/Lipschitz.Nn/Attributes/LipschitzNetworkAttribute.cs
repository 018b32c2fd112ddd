using System;

namespace Lipschitz.Nn;

/// <summary>Declares a partial class as a Lipschitz network: its layers follow as attributes in source order, or come from a YAML file.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LipschitzNetworkAttribute : Attribute
{
    /// <summary>A network whose layers are the layer attributes on the class.</summary>
    public LipschitzNetworkAttribute()
    {
    }

    /// <summary>A network declared in a <c>*.lipnet.yaml</c> file (an AdditionalFile of the project); the class adds its own members.</summary>
    public LipschitzNetworkAttribute(string yamlFile) => YamlFile = yamlFile;

    /// <summary>The YAML file that declares the network, or null when the attributes do.</summary>
    public string? YamlFile { get; }

    /// <summary>The number of classes (logits).</summary>
    public int Classes { get; set; }

    /// <summary>The input shape without the batch dimension: { features } or { channels, height, width }.</summary>
    public long[]? Input { get; set; }

    /// <summary>The declared Lipschitz bound L every layer must respect (YAML <c>lipschitz: L</c>; unset: 1).</summary>
    public double Lipschitz { get; set; }

    /// <summary>True for an unconstrained network (YAML <c>lipschitz: computed</c>): unbounded layers are allowed, there is no
    /// compile-time certificate, and the bound is computed from the trained weights.</summary>
    public bool LipschitzComputed { get; set; }
}
