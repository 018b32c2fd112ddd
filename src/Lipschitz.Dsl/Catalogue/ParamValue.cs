using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Ir;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>A typed parameter value of the IR; value-equal, with an invariant canonical text.</summary>
/// <remarks>A new <see cref="ParamType"/> adds a subclass here (as <see cref="LayersValue"/> did for composite kinds).</remarks>
public abstract record ParamValue
{
    /// <summary>The value's invariant text as the canonical form and YAML write it ("3", "0.5", "true", "l2", "[0.1, 1]").</summary>
    public abstract string Canonical { get; }

    /// <summary>Formats a number invariantly with round-trip precision.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A whole number.</summary>
public sealed record IntegerValue(long Value) : ParamValue
{
    /// <inheritdoc/>
    public override string Canonical => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A finite real number (never negative zero: the binder normalises it).</summary>
public sealed record NumberValue(double Value) : ParamValue
{
    /// <inheritdoc/>
    public override string Canonical => Format(Value);
}

/// <summary>true or false.</summary>
public sealed record BooleanValue(bool Value) : ParamValue
{
    /// <inheritdoc/>
    public override string Canonical => Value ? "true" : "false";
}

/// <summary>A text, or the key of a choice.</summary>
public sealed record TextValue(string Value) : ParamValue
{
    /// <inheritdoc/>
    public override string Canonical => Value;
}

/// <summary>A list of finite real numbers.</summary>
public sealed record NumbersValue(EquatableArray<double> Values) : ParamValue
{
    /// <inheritdoc/>
    public override string Canonical => "[" + string.Join(", ", Values.Select(Format)) + "]";
}

/// <summary>A nested chain of layers (a residual's body, one branch of a concatenation).</summary>
/// <remarks>The canonical text lists every nested layer's kind and parameters (defaults included), recursively; nested
/// names are labels for messages and inspect (the runtime keys nested layers by position), so they are left out, as
/// spans are.</remarks>
public sealed record LayersValue(EquatableArray<LayerSpec> Layers) : ParamValue
{
    /// <inheritdoc/>
    public override string Canonical => Chain(Layers);

    /// <summary>"[aol_linear{out=8 bias=true side=auto}, maxmin{}]".</summary>
    internal static string Chain(EquatableArray<LayerSpec> layers) =>
        "[" + string.Join(", ", layers.Select(l => l.Kind + "{" + string.Join(" ", l.Params.Entries.Select(e => e.Key + "=" + e.Value.Canonical)) + "}")) + "]";
}

/// <summary>A list of nested chains of layers (the branches of a concatenation).</summary>
public sealed record BranchesValue(EquatableArray<EquatableArray<LayerSpec>> Branches) : ParamValue
{
    /// <inheritdoc/>
    public override string Canonical => "[" + string.Join(", ", Branches.Select(LayersValue.Chain)) + "]";
}
