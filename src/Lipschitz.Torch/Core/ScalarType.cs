namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Element types of tensors; the values are libtorch's (c10::ScalarType).</summary>
    public enum ScalarType
    {
        /// <summary>Unsigned 8-bit integer.</summary>
        Byte = 0,
        /// <summary>Signed 8-bit integer.</summary>
        Int8 = 1,
        /// <summary>Signed 16-bit integer.</summary>
        Int16 = 2,
        /// <summary>Signed 32-bit integer.</summary>
        Int32 = 3,
        /// <summary>Signed 64-bit integer.</summary>
        Int64 = 4,
        /// <summary>IEEE half precision.</summary>
        Float16 = 5,
        /// <summary>IEEE single precision.</summary>
        Float32 = 6,
        /// <summary>IEEE double precision.</summary>
        Float64 = 7,
        /// <summary>Complex number of two single-precision floats.</summary>
        ComplexFloat32 = 9,
        /// <summary>Complex number of two double-precision floats.</summary>
        ComplexFloat64 = 10,
        /// <summary>Boolean.</summary>
        Bool = 11,
        /// <summary>Brain floating point (16 bits).</summary>
        BFloat16 = 15,
    }

    /// <summary>32-bit float element type.</summary>
    public const ScalarType float32 = ScalarType.Float32;
    /// <summary>64-bit float element type.</summary>
    public const ScalarType float64 = ScalarType.Float64;
    /// <summary>32-bit float element type.</summary>
    public const ScalarType @float = ScalarType.Float32;
    /// <summary>64-bit float element type.</summary>
    public const ScalarType @double = ScalarType.Float64;
    /// <summary>64-bit integer element type.</summary>
    public const ScalarType int64 = ScalarType.Int64;
    /// <summary>32-bit integer element type.</summary>
    public const ScalarType int32 = ScalarType.Int32;
    /// <summary>8-bit unsigned integer element type.</summary>
    public const ScalarType uint8 = ScalarType.Byte;
    /// <summary>Boolean element type.</summary>
    public const ScalarType @bool = ScalarType.Bool;
    /// <summary>Complex element type made of two 32-bit floats.</summary>
    public const ScalarType complex64 = ScalarType.ComplexFloat32;
    /// <summary>Complex element type made of two 64-bit floats.</summary>
    public const ScalarType complex128 = ScalarType.ComplexFloat64;

    /// <summary>Size in bytes of one element of the type.</summary>
    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new System.ArgumentOutOfRangeException(nameof(type), type, "unknown scalar type"),
    };

    /// <summary>True for floating-point element types.</summary>
    public static bool is_floating_point(ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;

    /// <summary>The PyTorch name of an element type (float32, int64, ...).</summary>
    public static string DTypeName(ScalarType type) => type switch
    {
        ScalarType.Byte => "uint8",
        ScalarType.Int8 => "int8",
        ScalarType.Int16 => "int16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Float16 => "float16",
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.ComplexFloat32 => "complex64",
        ScalarType.ComplexFloat64 => "complex128",
        ScalarType.Bool => "bool",
        ScalarType.BFloat16 => "bfloat16",
        _ => type.ToString(),
    };
}
