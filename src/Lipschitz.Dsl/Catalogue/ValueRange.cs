using System.Globalization;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>The allowed values of a number or integer parameter: an interval whose ends are open or closed.</summary>
/// <param name="Min">The lower end.</param>
/// <param name="MinOpen">Whether <paramref name="Min"/> itself is excluded.</param>
/// <param name="Max">The upper end.</param>
/// <param name="MaxOpen">Whether <paramref name="Max"/> itself is excluded.</param>
public sealed record ValueRange(double Min, bool MinOpen, double Max, bool MaxOpen)
{
    /// <summary>The closed interval [min, max].</summary>
    public static ValueRange Closed(double min, double max) => new(min, false, max, false);

    /// <summary>Whether the value lies in the interval.</summary>
    public bool Contains(double value) =>
        (MinOpen ? value > Min : value >= Min) && (MaxOpen ? value < Max : value <= Max);

    /// <summary>The interval as docs and messages print it: "1 … 63" for integers, "(0, 100]" for numbers.</summary>
    public string Text(bool integer) => integer
        ? $"{Number(Min)} … {Number(Max)}"
        : $"{(MinOpen ? "(" : "[")}{Number(Min)}, {Number(Max)}{(MaxOpen ? ")" : "]")}";

    /// <summary>The rule a diagnostic states: "must be between 1 and 63" or "must be in (0, 100]".</summary>
    public string Rule(bool integer) => integer ? $"must be between {Number(Min)} and {Number(Max)}" : "must be in " + Text(false);

    private static string Number(double value) =>
        System.Math.Abs(value) < 1e15 && value == System.Math.Floor(value)
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : ParamValue.Format(value);
}
