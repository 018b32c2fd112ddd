using System;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Serialization;

/// <summary>PyTorch's legacy storage class names (what <c>torch.save</c> writes into a tensor's persistent id) and element types.</summary>
internal static class StorageTypes
{
    private static readonly (string Name, ScalarType Type, int Size)[] Table =
    {
        ("FloatStorage", ScalarType.Float32, 4),
        ("DoubleStorage", ScalarType.Float64, 8),
        ("HalfStorage", ScalarType.Float16, 2),
        ("BFloat16Storage", ScalarType.BFloat16, 2),
        ("LongStorage", ScalarType.Int64, 8),
        ("IntStorage", ScalarType.Int32, 4),
        ("ShortStorage", ScalarType.Int16, 2),
        ("CharStorage", ScalarType.Int8, 1),
        ("ByteStorage", ScalarType.Byte, 1),
        ("BoolStorage", ScalarType.Bool, 1),
        ("ComplexFloatStorage", ScalarType.ComplexFloat32, 8),
        ("ComplexDoubleStorage", ScalarType.ComplexFloat64, 16),
    };

    /// <summary>The storage class name and element size of <paramref name="type"/>.</summary>
    internal static (string Name, int Size) Of(ScalarType type)
    {
        foreach (var row in Table)
            if (row.Type == type) return (row.Name, row.Size);
        throw new NotSupportedException($"tensors of element type {type} cannot be saved in a PyTorch file");
    }

    /// <summary>The element type and size of the storage class <paramref name="name"/>, or false.</summary>
    internal static bool TryParse(string name, out ScalarType type, out int size)
    {
        foreach (var row in Table)
        {
            if (row.Name == name)
            {
                type = row.Type;
                size = row.Size;
                return true;
            }
        }
        type = default;
        size = 0;
        return false;
    }
}
