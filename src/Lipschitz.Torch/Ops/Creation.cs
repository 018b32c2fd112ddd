using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    private static readonly Op s_zeros = Op.Of("aten::zeros"), s_ones = Op.Of("aten::ones"), s_full = Op.Of("aten::full");
    private static readonly Op s_empty = Op.Of("aten::empty.memory_format"), s_eye = Op.Of("aten::eye"), s_eyeM = Op.Of("aten::eye.m");
    private static readonly Op s_arange = Op.Of("aten::arange.start_step"), s_linspace = Op.Of("aten::linspace"), s_logspace = Op.Of("aten::logspace");
    private static readonly Op s_rand = Op.Of("aten::rand"), s_randn = Op.Of("aten::randn");
    private static readonly Op s_randint = Op.Of("aten::randint.low"), s_randperm = Op.Of("aten::randperm");
    private static readonly Op s_zerosLike = Op.Of("aten::zeros_like"), s_onesLike = Op.Of("aten::ones_like"), s_fullLike = Op.Of("aten::full_like");
    private static readonly Op s_emptyLike = Op.Of("aten::empty_like"), s_randLike = Op.Of("aten::rand_like"), s_randnLike = Op.Of("aten::randn_like");
    private static readonly Op s_randintLike = Op.Of("aten::randint_like.low_dtype"), s_scalarTensor = Op.Of("aten::scalar_tensor");

    private static Tensor Grad(Tensor t, bool requires_grad)
    {
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_zeros.Call(size, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>A float32 tensor of zeros with the given sizes.</summary>
    public static Tensor zeros(params long[] size) => zeros(size, null);

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_ones.Call(size, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>A float32 tensor of ones with the given sizes.</summary>
    public static Tensor ones(params long[] size) => ones(size, null);

    /// <summary>A tensor filled with one value (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor full(long[] size, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_full.Call(size, value, Arg.Of(dtype ?? ScalarType.Float32), Arg.None, device), requires_grad);

    /// <summary>A tensor filled with one integer value (int64 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor full(long[] size, long value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_full.Call(size, value, Arg.Of(dtype ?? ScalarType.Int64), Arg.None, device), requires_grad);

    /// <summary>An uninitialised tensor (its values are whatever the memory held).</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_empty.Call(size, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>An uninitialised float32 tensor with the given sizes.</summary>
    public static Tensor empty(params long[] size) => empty(size, null);

    /// <summary>The n×n identity matrix.</summary>
    public static Tensor eye(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_eye.Call(n, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>An n×m matrix with ones on the diagonal.</summary>
    public static Tensor eye(long n, long m, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_eyeM.Call(n, m, Arg.Of(dtype), Arg.None, device), requires_grad);

    /// <summary>Integers 0, 1, …, stop − 1 (int64).</summary>
    public static Tensor arange(long stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_arange.Call(0L, stop, 1L, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>Integers start, start + step, … below stop (int64).</summary>
    public static Tensor arange(long start, long stop, long step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_arange.Call(start, stop, step, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>Values start, start + step, … below stop (float32 unless told otherwise).</summary>
    public static Tensor arange(double start, double stop, double step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_arange.Call(start, stop, step, Arg.Of(dtype), Arg.None, device), requires_grad);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_linspace.Call(start, end, steps, Arg.Of(dtype), Arg.None, device), requires_grad);

    /// <summary><paramref name="steps"/> values base^t for t evenly spaced from start to end inclusive.</summary>
    public static Tensor logspace(double start, double end, long steps, double @base = 10, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_logspace.Call(start, end, steps, @base, Arg.Of(dtype), Arg.None, device), requires_grad);

    /// <summary>Samples of the uniform distribution on [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_rand.Call(size, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>float32 samples of the uniform distribution on [0, 1).</summary>
    public static Tensor rand(params long[] size) => rand(size, null);

    /// <summary>Samples of the standard normal distribution.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_randn.Call(size, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>float32 samples of the standard normal distribution.</summary>
    public static Tensor randn(params long[] size) => randn(size, null);

    /// <summary>Uniform random integers in [0, high) (int64 unless told otherwise).</summary>
    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        randint(0, high, size, dtype, device, requires_grad);
    /// <summary>Uniform random integers in [low, high) (int64 unless told otherwise).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_randint.Call(low, high, size, Arg.Of(dtype ?? ScalarType.Int64), Arg.None, device), requires_grad);

    /// <summary>A random permutation of 0 … n − 1 (int64 unless told otherwise).</summary>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_randperm.Call(n, Arg.Of(dtype ?? ScalarType.Int64), Arg.None, device), requires_grad);

    /// <summary>Zeros shaped like <paramref name="input"/> (same dtype and device unless told otherwise).</summary>
    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_zerosLike.Call(input, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>Ones shaped like <paramref name="input"/>.</summary>
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_onesLike.Call(input, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>A constant tensor shaped like <paramref name="input"/>.</summary>
    public static Tensor full_like(Tensor input, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_fullLike.Call(input, value, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>An uninitialised tensor shaped like <paramref name="input"/>.</summary>
    public static Tensor empty_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_emptyLike.Call(input, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>Uniform samples on [0, 1) shaped like <paramref name="input"/>.</summary>
    public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_randLike.Call(input, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>Standard normal samples shaped like <paramref name="input"/>.</summary>
    public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_randnLike.Call(input, Arg.Of(dtype), Arg.None, device), requires_grad);
    /// <summary>Random integers in [low, high) shaped like <paramref name="input"/>.</summary>
    public static Tensor randint_like(Tensor input, long low, long high, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Grad(s_randintLike.Call(input, low, high, Arg.Of(dtype), Arg.None, device), requires_grad);

    /// <summary>A 0-dimensional int64 tensor holding one value.</summary>
    public static Tensor tensor(long value, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        s_scalarTensor.Call(value, Arg.Of(dtype), Arg.None, device);

    /// <summary>A 0-dimensional boolean tensor.</summary>
    public static Tensor tensor(bool value, Device? device = null) => s_scalarTensor.Call(value, Arg.Of(ScalarType.Bool), Arg.None, device);

    /// <summary>A new 2-D tensor holding a copy of a rectangular array.</summary>
    public static Tensor tensor<T>(T[,] values, ScalarType? dtype = null, bool requires_grad = false) where T : unmanaged
    {
        var flat = new T[values.Length];
        int k = 0;
        foreach (T v in values) flat[k++] = v;
        return tensor<T>(flat, new long[] { values.GetLength(0), values.GetLength(1) }, dtype, requires_grad);
    }

    /// <summary>A new 3-D tensor holding a copy of a rectangular array.</summary>
    public static Tensor tensor<T>(T[,,] values, ScalarType? dtype = null, bool requires_grad = false) where T : unmanaged
    {
        var flat = new T[values.Length];
        int k = 0;
        foreach (T v in values) flat[k++] = v;
        return tensor<T>(flat, new long[] { values.GetLength(0), values.GetLength(1), values.GetLength(2) }, dtype, requires_grad);
    }

    /// <summary>A new tensor from a .NET array of any rank (float, double, long, int, bool, ...), with its shape.</summary>
    public static Tensor from_array(Array values, ScalarType? dtype = null, bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shape = new long[values.Rank];
        for (int d = 0; d < shape.Length; d++) shape[d] = values.GetLength(d);
        Type e = values.GetType().GetElementType()!;
        Tensor Make<T>() where T : unmanaged
        {
            var flat = new T[values.Length];
            int k = 0;
            foreach (T v in values) flat[k++] = v;
            return tensor<T>(flat, shape, dtype, requires_grad);
        }
        if (e == typeof(float)) return Make<float>();
        if (e == typeof(double)) return Make<double>();
        if (e == typeof(long)) return Make<long>();
        if (e == typeof(int)) return Make<int>();
        if (e == typeof(short)) return Make<short>();
        if (e == typeof(byte)) return Make<byte>();
        if (e == typeof(sbyte)) return Make<sbyte>();
        if (e == typeof(bool)) return Make<bool>();
        throw new NotSupportedException($"arrays of {e.Name} cannot become tensors");
    }
}
