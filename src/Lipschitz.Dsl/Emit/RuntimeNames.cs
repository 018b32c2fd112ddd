using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Catalogue;

namespace Lipschitz.Dsl.Emit;

/// <summary>
/// Every name of the runtime and the BCL that generated code refers to, in one place: the namespaces and types (always
/// <c>global::</c>-qualified), the members a generated class declares or inherits, and the private names it uses.
/// A description may not take any of them (LIP0110), so generated code always means what was written.
/// </summary>
public static class RuntimeNames
{
    /// <summary>The runtime's root namespace: layers, options, attributes and <c>LipschitzModule</c> live in it.</summary>
    public const string Root = "Lipschitz.Nn";

    /// <summary>The torch class whose nested types are Tensor and nn (TorchSharp's <c>torch</c>).</summary>
    public const string Torch = "TorchSharp.torch";

    /// <summary>The tensor type.</summary>
    public const string Tensor = "global::" + Torch + ".Tensor";

    /// <summary>The module type every layer derives from.</summary>
    public const string TensorModule = "global::" + Torch + ".nn.Module<" + Tensor + ", " + Tensor + ">";

    /// <summary>The base class of generated networks.</summary>
    public const string Module = "global::" + Root + ".LipschitzModule";

    /// <summary>The record of one row of the bound table.</summary>
    public const string LayerBound = "global::" + Root + ".LayerBound";

    /// <summary>The read-only list interface of the overridden properties.</summary>
    public const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";

    /// <summary>The interface of a row-normalised head whose rows certificates use per class pair.</summary>
    public const string ClassPairHead = "global::" + Root + ".Layers.IClassPairHead";

    /// <summary>System.Array (for AsReadOnly).</summary>
    public const string Array = "global::System.Array";

    /// <summary>System.Object (for ReferenceEquals).</summary>
    public const string Object = "global::System.Object";

    /// <summary>The GeneratedCode attribute.</summary>
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";

    /// <summary>A runtime type given relative to <see cref="Root"/> ("Layers.AolLinear"), <c>global::</c>-qualified.</summary>
    public static string Runtime(string relative) => "global::" + Root + "." + relative;

    /// <summary>The prefix of every private identifier the generated code declares; no description name may start with it.</summary>
    public const string PrivatePrefix = "__";

    /// <summary>The forward method's parameter.</summary>
    public const string InputParameter = "input";

    /// <summary>Members every generated class declares (besides its layer fields and the private <c>__</c> names).</summary>
    public static IReadOnlyCollection<string> DeclaredMembers { get; } = new[]
    {
        "LipschitzBound", "DeclaredLipschitz", "Bound", "BoundIsComputed", "ClassPairHead", "InputShape", "Classes", "LayerBounds", "DescriptionHash",
        "Training", "Certification", "forward", InputParameter,
    };

    /// <summary>Public and protected members a generated class inherits from LipschitzModule and its bases (a test
    /// reflects over the runtime to keep this complete).</summary>
    public static IReadOnlyCollection<string> InheritedMembers { get; } = new[]
    {
        "Bound", "BoundIsComputed", "ClassPairHead", "CertificateBound", "InputShape", "Classes", "LayerBounds", "DescriptionHash", "Training", "Certification",
        "CertifiedRadius", "CertifiedRadiusWith", "WithRoundoffSlack", "CertifiedAccuracy", "InputSize", "CertificationBound", "RoundoffSlackPerLayer", "CheckInput",
        "forward", "call", "train", "eval", "training", "parameters", "named_parameters", "buffers", "named_buffers",
        "named_children", "children", "modules", "named_modules", "state_dict", "load_state_dict", "save", "load", "to",
        "zero_grad", "register_module", "register_parameter", "register_buffer", "GetName",
        "Dispose", "GetType", "ToString", "Equals", "GetHashCode", "MemberwiseClone", "Finalize",
        "ReferenceEquals",
        // TorchSharp's nn.Module and nn.Module<T, TResult> (public and protected).
        "ClearModules", "ConditionallyRegisterBuffer", "ConditionallyRegisterParameter", "Create", "GetDefaultDeviceAndType", "HType",
        "HookRemover", "RegisterComponents", "ReplaceBuffer", "ReplaceParameter", "_deviceIndex", "_deviceType", "_internal_buffers",
        "_internal_params", "_internal_submodules", "_named_buffers", "_named_parameters", "_parameters", "_to", "_toEpilog",
        "add_module", "apply", "get_buffer", "get_parameter", "has_buffer", "has_parameter", "module_post_hooks", "module_pre_hooks",
        "name", "post_hooks", "pre_hooks", "register_forward_hook", "register_forward_pre_hook", "save_state_dict",
    };

    /// <summary>Names a layer may not take: every member the generated class declares or inherits.</summary>
    public static IReadOnlyCollection<string> MemberNames { get; } = new HashSet<string>(DeclaredMembers.Concat(InheritedMembers), StringComparer.Ordinal);

    /// <summary>Full names (no <c>global::</c>) of every type generated code refers to, the catalogue's runtime types included.</summary>
    public static IReadOnlyCollection<string> ReferencedTypes { get; } = new HashSet<string>(
        new[] { Tensor, TensorModule, Module, LayerBound, ReadOnlyList, Array, Object, GeneratedCode, GeneratedCode + "Attribute" }
            .Select(Plain)
            .SelectMany(TypeAndEnclosingTypes)
            .Concat(LayerCatalogue.All.Select(k => Root + "." + k.RuntimeType))
            .Concat(OptionCatalogue.Blocks.Select(b => Root + "." + b.RuntimeType))
            .Concat(OptionCatalogue.Blocks.SelectMany(b => b.Groups).SelectMany(g => new[] { Root + "." + g.RuntimeType, Root + "." + g.RuntimeKindEnum }))
            .Concat(OptionCatalogue.Blocks.SelectMany(b => b.Params).Where(p => p.RuntimeEnum is not null).Select(p => Root + "." + p.RuntimeEnum)),
        StringComparer.Ordinal);

    /// <summary>Namespaces generated code refers to: every proper prefix of a referenced type that is not itself a type.</summary>
    public static IReadOnlyCollection<string> ReferencedNamespaces { get; } = new HashSet<string>(
        ReferencedTypes.SelectMany(Prefixes).Where(p => !ReferencedTypes.Contains(p)), StringComparer.Ordinal);

    /// <summary>Why a network with this full name would change what generated code refers to, or null when it is safe.</summary>
    /// <param name="fullName">"Namespace.Name" or "Name".</param>
    public static string? Collision(string fullName)
    {
        if (ReferencedTypes.Contains(fullName)) return $"the generated code refers to the type '{fullName}', which it would replace";
        if (ReferencedNamespaces.Contains(fullName)) return $"the generated code refers to the namespace '{fullName}', which a type of that name would hide";
        foreach (var prefix in Prefixes(fullName))
        {
            if (ReferencedTypes.Contains(prefix)) return $"its namespace '{prefix}' is the name of a type the generated code refers to";
        }
        return null;
    }

    /// <summary>"global::A.B.C&lt;...&gt;" → "A.B.C".</summary>
    private static string Plain(string name)
    {
        var s = name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
        int generic = s.IndexOf('<');
        return generic >= 0 ? s.Substring(0, generic) : s;
    }

    /// <summary>The type and the types it is nested in, for the known nested torch types ("…torch.nn.Module" → also "…torch.nn", "…torch").</summary>
    private static IEnumerable<string> TypeAndEnclosingTypes(string type)
    {
        yield return type;
        if (type.StartsWith(Torch + ".", StringComparison.Ordinal))
        {
            foreach (var p in Prefixes(type).Where(p => p.Length >= Torch.Length)) yield return p;
        }
    }

    /// <summary>The proper dotted prefixes: "A.B.C" → "A", "A.B".</summary>
    private static IEnumerable<string> Prefixes(string name)
    {
        for (int i = name.IndexOf('.'); i >= 0; i = name.IndexOf('.', i + 1)) yield return name.Substring(0, i);
    }
}
