using System;

namespace Lipschitz.Torch;

/// <summary>Kinds of boxed operator argument (values match <c>lt_arg_tag</c> in native/shim.h).</summary>
internal enum ArgKind
{
    Default = 0,
    None = 1,
    Tensor = 2,
    Int = 3,
    Double = 4,
    Bool = 5,
    IntList = 6,
    DoubleList = 7,
    TensorList = 8,
    String = 9,
    DType = 10,
    Device = 11,
    OptionalTensorList = 12,
    BoolList = 13,
}

/// <summary>One argument of a boxed operator call; implicit conversions keep call sites short.</summary>
internal readonly struct Arg
{
    internal readonly ArgKind Kind;
    internal readonly long I;
    internal readonly double D;
    internal readonly object? Ref;

    private Arg(ArgKind kind, long i = 0, double d = 0, object? r = null)
    {
        Kind = kind;
        I = i;
        D = d;
        Ref = r;
    }

    /// <summary>The schema's default for this position.</summary>
    public static readonly Arg Default = new(ArgKind.Default);

    /// <summary>None for an optional argument.</summary>
    public static readonly Arg None = new(ArgKind.None);

    public static implicit operator Arg(torch.Tensor? t) => t is null ? None : new(ArgKind.Tensor, r: t);
    public static implicit operator Arg(long v) => new(ArgKind.Int, i: v);
    public static implicit operator Arg(int v) => new(ArgKind.Int, i: v);
    public static implicit operator Arg(double v) => new(ArgKind.Double, d: v);
    public static implicit operator Arg(bool v) => new(ArgKind.Bool, i: v ? 1 : 0);
    public static implicit operator Arg(long[]? v) => v is null ? None : new(ArgKind.IntList, r: v);
    public static implicit operator Arg(double[]? v) => v is null ? None : new(ArgKind.DoubleList, r: v);
    public static implicit operator Arg(bool[]? v) => v is null ? None : new(ArgKind.BoolList, r: v);
    public static implicit operator Arg(torch.Tensor[]? v) => v is null ? None : new(ArgKind.TensorList, r: v);
    public static implicit operator Arg(string? v) => v is null ? None : new(ArgKind.String, r: v);
    public static implicit operator Arg(torch.ScalarType v) => new(ArgKind.DType, i: (long)v);
    public static implicit operator Arg(torch.Device? v) => v is null ? None : new(ArgKind.Device, i: (long)v.type, d: v.index);

    /// <summary>An optional integer: None when null.</summary>
    public static Arg Of(long? v) => v.HasValue ? new(ArgKind.Int, i: v.Value) : None;

    /// <summary>An optional float: None when null.</summary>
    public static Arg Of(double? v) => v.HasValue ? new(ArgKind.Double, d: v.Value) : None;

    /// <summary>An optional dtype: None when null.</summary>
    public static Arg Of(torch.ScalarType? v) => v.HasValue ? new(ArgKind.DType, i: (long)v.Value) : None;

    /// <summary>An optional boolean: None when null.</summary>
    public static Arg Of(bool? v) => v.HasValue ? new(ArgKind.Bool, i: v.Value ? 1 : 0) : None;

    /// <summary>A list of optional tensors (null entries are None), as aten::index takes.</summary>
    public static Arg OptionalTensors(torch.Tensor?[] v) => new(ArgKind.OptionalTensorList, r: v);

    internal int ListLength => Ref switch
    {
        long[] a => a.Length,
        double[] a => a.Length,
        bool[] a => a.Length,
        torch.Tensor?[] a => a.Length,
        _ => 0,
    };
}
