namespace Lipschitz.Dsl.Catalogue;

/// <summary>The types a parameter of a layer kind, option kind or options block can have.</summary>
public enum ParamType
{
    /// <summary>A whole number (unquoted), checked against an inclusive range.</summary>
    Integer,
    /// <summary>A finite real number (unquoted), checked against a range with open or closed ends.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>A non-empty text.</summary>
    Text,
    /// <summary>One name out of a fixed list (e.g. a norm); mapped to a runtime enum member.</summary>
    Choice,
    /// <summary>A list of finite real numbers (a single number stands for a list of one).</summary>
    Numbers,
    /// <summary>A nested chain of layers (a composite kind's body), written as a YAML list of layers.</summary>
    Layers,
    /// <summary>A list of nested chains of layers (a composite kind's branches), written as a YAML list of lists of layers.</summary>
    Branches,
}
