namespace Lipschitz.Dsl;

/// <summary>Placeholder namespace anchor; the language types live beside this file.</summary>
internal static class AssemblyAnchor
{
}
