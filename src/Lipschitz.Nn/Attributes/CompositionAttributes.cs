using System;

namespace Lipschitz.Nn;

/// <summary>Not usable: a residual block nests layers, which attribute arguments cannot hold, so <c>residual</c> is
/// YAML-only; the generator reports LIP0510 at this attribute. Describe the network in a .lipnet.yaml file.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ResidualAttribute : LayerAttribute
{
}

/// <summary>Not usable: a concatenation nests branches of layers, which attribute arguments cannot hold, so <c>concat</c>
/// is YAML-only; the generator reports LIP0510 at this attribute. Describe the network in a .lipnet.yaml file.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConcatAttribute : LayerAttribute
{
}
