using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>One choice of an option group (e.g. the optimizer 'sgd') and its parameters.</summary>
public sealed class OptionKindInfo
{
    /// <summary>The kind as written ("sgd").</summary>
    public required string Key { get; init; }

    /// <summary>The runtime enum member ("Sgd").</summary>
    public required string RuntimeName { get; init; }

    /// <summary>One line on what it does.</summary>
    public required string Doc { get; init; }

    /// <summary>Its parameters.</summary>
    public EquatableArray<ParamDef> Params { get; init; } = EquatableArray<ParamDef>.Empty;

    /// <summary>Conditions between parameters: each problem as the key it is reported at and the reason.</summary>
    public Func<ParamSet, IEnumerable<(string Key, string Reason)>> Checks { get; init; } = _ => Enumerable.Empty<(string, string)>();
}

/// <summary>A group of mutually exclusive options inside a block (optimizer, objective, schedule).</summary>
public sealed class OptionGroupInfo
{
    /// <summary>The key as written ("optimizer").</summary>
    public required string Key { get; init; }

    /// <summary>One line on what it chooses.</summary>
    public required string Doc { get; init; }

    /// <summary>The runtime options record, relative to the runtime's root namespace ("Options.OptimizerOptions").</summary>
    public required string RuntimeType { get; init; }

    /// <summary>The runtime enum of the kinds, relative to the runtime's root namespace ("Options.OptimizerKind").</summary>
    public required string RuntimeKindEnum { get; init; }

    /// <summary>The runtime record's constructor argument that takes the kind ("Kind").</summary>
    public string RuntimeKindArgument { get; init; } = "Kind";

    /// <summary>The block record's constructor argument that takes this group's record ("Optimizer").</summary>
    public required string RuntimeArgument { get; init; }

    /// <summary>The attribute class that declares the group in C#, without "Attribute"; its constructor takes the kind.</summary>
    public required string AttributeName { get; init; }

    /// <summary>The kind used when the group is not written.</summary>
    public required string DefaultKind { get; init; }

    /// <summary>The kinds.</summary>
    public required EquatableArray<OptionKindInfo> Kinds { get; init; }

    /// <summary>The kind with the key, or null.</summary>
    public OptionKindInfo? Find(string key) => Kinds.FirstOrDefault(k => k.Key == key);

    /// <summary>The parameter key an attribute property sets (the same key in every kind that has it), or null.</summary>
    public string? KeyForAttribute(string property) => Kinds.SelectMany(k => k.Params).FirstOrDefault(p => p.AttributeName == property)?.Key;
}

/// <summary>A top-level options block (<c>training:</c>, <c>certify:</c>): parameters plus option groups, and the runtime
/// record and module property it becomes.</summary>
public sealed class BlockInfo
{
    /// <summary>The key as written ("training").</summary>
    public required string Key { get; init; }

    /// <summary>One line on what it declares.</summary>
    public required string Doc { get; init; }

    /// <summary>The runtime options record, relative to the runtime's root namespace ("Options.TrainingOptions").</summary>
    public required string RuntimeType { get; init; }

    /// <summary>The LipschitzModule property the generated class overrides to return it ("Training").</summary>
    public required string ModuleProperty { get; init; }

    /// <summary>Whether the property's type is nullable (an optional block the module may lack).</summary>
    public bool Optional { get; init; }

    /// <summary>The attribute class that declares the block in C#, without "Attribute".</summary>
    public required string AttributeName { get; init; }

    /// <summary>The parameters the attribute's constructor takes, in order.</summary>
    public EquatableArray<string> AttributeArguments { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Its own parameters.</summary>
    public EquatableArray<ParamDef> Params { get; init; } = EquatableArray<ParamDef>.Empty;

    /// <summary>Its option groups.</summary>
    public EquatableArray<OptionGroupInfo> Groups { get; init; } = EquatableArray<OptionGroupInfo>.Empty;

    /// <summary>The parameter with the key, or null.</summary>
    public ParamDef? Param(string key) => Params.FirstOrDefault(p => p.Key == key);

    /// <summary>The keys allowed in the block.</summary>
    public IReadOnlyList<string> Keys => Params.Select(p => p.Key).Concat(Groups.Select(g => g.Key)).ToList();
}
