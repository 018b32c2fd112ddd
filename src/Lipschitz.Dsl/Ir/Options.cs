using Lipschitz.Dsl.Catalogue;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Ir;

/// <summary>An options block as written (<c>training:</c>, <c>certify:</c>): its parameters and the option of each of
/// its groups (optimizer, objective, schedule), every one complete with catalogue defaults.</summary>
/// <param name="Key">The block's catalogue key.</param>
/// <param name="Params">Its own parameters (data, epochs, ...).</param>
/// <param name="Options">One chosen option per group, in catalogue order.</param>
/// <param name="Span">Where the block was written (the network's span when it was not).</param>
public sealed record BlockSpec(string Key, ParamSet Params, EquatableArray<OptionSpec> Options, SourceSpan Span)
{
    /// <summary>The catalogue entry of the block.</summary>
    public BlockInfo Info => OptionCatalogue.GetBlock(Key);

    /// <summary>The option chosen for a group.</summary>
    public OptionSpec Option(string group)
    {
        foreach (var o in Options)
        {
            if (o.Group == group) return o;
        }
        throw new System.Collections.Generic.KeyNotFoundException($"block '{Key}' has no group '{group}'");
    }
}

/// <summary>The option chosen in a group (e.g. optimizer: sgd) with its parameters.</summary>
/// <param name="Group">The group's catalogue key ("optimizer").</param>
/// <param name="Kind">The chosen kind's key ("sgd").</param>
/// <param name="Params">Its parameters, in catalogue order.</param>
/// <param name="Span">Where it was written.</param>
public sealed record OptionSpec(string Group, string Kind, ParamSet Params, SourceSpan Span);
