namespace Lipschitz.Nn;

/// <summary>Placeholder namespace anchor; the runtime types live beside this file.</summary>
internal static class AssemblyAnchor
{
}
