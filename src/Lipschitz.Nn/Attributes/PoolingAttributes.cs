using System;

namespace Lipschitz.Nn;

/// <summary>L2-norm pooling over disjoint kernel×kernel windows (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class L2PoolAttribute : LayerAttribute
{
    /// <summary>Window size; unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }
}

/// <summary>Average pooling over disjoint kernel×kernel windows (bound 1/kernel, or 1 when Scaled).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPoolAttribute : LayerAttribute
{
    /// <summary>Window size; unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }

    /// <summary>Whether the average is multiplied by the window size (bound 1); unset: the language's default (docs/layers.md).</summary>
    public bool Scaled { get; set; }
}

/// <summary>Global L2-norm pooling: per channel the norm over all positions (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalL2PoolAttribute : LayerAttribute
{
}

/// <summary>Global average pooling scaled to norm 1: per channel the sum over all h·w positions divided by √(h·w) (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAvgPoolAttribute : LayerAttribute
{
}
