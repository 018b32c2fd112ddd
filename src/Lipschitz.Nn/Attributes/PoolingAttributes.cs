using System;

namespace Lipschitz.Nn;

/// <summary>L2-norm pooling over disjoint kernel×kernel windows (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class L2PoolAttribute : LayerAttribute
{
    /// <summary>Window size; unset: the language's default (docs/layers.md).</summary>
    public long Kernel { get; set; }
}
