using System;

namespace Lipschitz.Nn;

/// <summary>The GroupSort activation: sorts groups of <c>group</c> channels, largest first (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GroupSortAttribute : LayerAttribute
{
    /// <summary>Sorts groups of <paramref name="group"/> channels (at least 2, dividing the channel count).</summary>
    public GroupSortAttribute(long group) => Group = group;

    /// <summary>The group size.</summary>
    public long Group { get; }
}

/// <summary>The Householder activation over channel pairs with a learned reflection per pair (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HouseholderAttribute : LayerAttribute
{
}

/// <summary>The N-activation with a learned pair θ₁ ≤ θ₂ per channel (bound 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class NActivationAttribute : LayerAttribute
{
}
