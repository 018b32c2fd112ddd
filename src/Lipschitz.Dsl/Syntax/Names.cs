using System;
using System.Linq;
using Lipschitz.Dsl.Emit;

namespace Lipschitz.Dsl.Syntax;

/// <summary>The rules for names a description gives (network, namespace, layers), beyond being C# identifiers.</summary>
public static class Names
{
    /// <summary>Why a layer may not take the name, or null when it may.</summary>
    public static string? LayerProblem(string name)
    {
        if (name.StartsWith(RuntimeNames.PrivatePrefix, StringComparison.Ordinal)) return "names starting with '__' are kept for generated code";
        if (RuntimeNames.MemberNames.Contains(name)) return "it is a member of the generated module; choose another name";
        return null;
    }

    /// <summary>Why a namespace part may not be used, or null when it may.</summary>
    public static string? NamespacePartProblem(string part) =>
        part.StartsWith(RuntimeNames.PrivatePrefix, StringComparison.Ordinal) ? "names starting with '__' are kept for generated code" : null;

    /// <summary>Why a network (class) may not take the name in the namespace, or null when it may.</summary>
    public static string? NetworkProblem(string name, string? ns)
    {
        if (name.StartsWith(RuntimeNames.PrivatePrefix, StringComparison.Ordinal)) return "names starting with '__' are kept for generated code";
        if (name.All(c => c >= 'a' && c <= 'z')) return "C# reserves type names of lower-case letters only (CS8981; 'file', 'required' and 'scoped' are errors); start it with a capital";
        if (RuntimeNames.MemberNames.Contains(name)) return "the generated class has a member of that name, and a member may not be named like its class";
        return RuntimeNames.Collision(ns is null ? name : ns + "." + name);
    }
}
