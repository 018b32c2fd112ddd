namespace Lipschitz.Dsl.Generator;

/// <summary>Placeholder until the generator lands.</summary>
internal static class AssemblyAnchor
{
}
