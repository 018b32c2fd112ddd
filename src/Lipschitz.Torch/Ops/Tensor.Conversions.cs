using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Turns autograd recording on or off on this thread until the returned guard is disposed.</summary>
    public static IDisposable set_grad_enabled(bool enabled) => enabled ? enable_grad() : no_grad();

    /// <summary>True for tensors of a complex element type.</summary>
    public static bool is_complex(Tensor input) => input.is_complex();

    /// <summary>True for tensors of a floating-point element type.</summary>
    public static bool is_floating_point(Tensor input) => is_floating_point(input.dtype);

    /// <summary>Total number of elements.</summary>
    public static long numel(Tensor input) => input.numel();

    public partial class Tensor
    {
        private static readonly Op s_bitAnd = Op.Of("aten::bitwise_and.Tensor"), s_bitOr = Op.Of("aten::bitwise_or.Tensor");
        private static readonly Op s_bitXor = Op.Of("aten::bitwise_xor.Tensor"), s_bitNot = Op.Of("aten::bitwise_not");

        /// <summary>Elementwise AND (logical for bool tensors, bitwise for integers).</summary>
        public static Tensor operator &(Tensor a, Tensor b) => s_bitAnd.Call(a, b);
        /// <summary>Elementwise OR (logical for bool tensors, bitwise for integers).</summary>
        public static Tensor operator |(Tensor a, Tensor b) => s_bitOr.Call(a, b);
        /// <summary>Elementwise XOR (logical for bool tensors, bitwise for integers).</summary>
        public static Tensor operator ^(Tensor a, Tensor b) => s_bitXor.Call(a, b);
        /// <summary>Elementwise NOT (logical for bool tensors, bitwise for integers).</summary>
        public static Tensor operator ~(Tensor a) => s_bitNot.Call(a);

        /// <summary>Converts the elements to another type (a new tensor unless the type already matches).</summary>
        public Tensor to_type(ScalarType type) => to(type);
        /// <summary>The tensor as float32.</summary>
        public Tensor @float() => to(ScalarType.Float32);
        /// <summary>The tensor as float64.</summary>
        public Tensor @double() => to(ScalarType.Float64);
        /// <summary>The tensor as int64.</summary>
        public Tensor @long() => to(ScalarType.Int64);
        /// <summary>The tensor as int32.</summary>
        public Tensor @int() => to(ScalarType.Int32);
        /// <summary>The tensor as bool (nonzero is true).</summary>
        public Tensor @bool() => to(ScalarType.Bool);
        /// <summary>The tensor on the CPU (itself, as a new wrapper, when already there).</summary>
        public Tensor cpu() => to(CPU);
        /// <summary>The tensor on the default CUDA device.</summary>
        public Tensor cuda() => to(CUDA);
        /// <summary>True for a complex element type.</summary>
        public bool is_complex() => dtype is ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64;
        /// <summary>True for a floating-point element type.</summary>
        public bool is_floating_point() => torch.is_floating_point(dtype);
        /// <summary>True when the elements lie in memory in row-major order without gaps (sizes of one do not count).</summary>
        public bool is_contiguous()
        {
            long[] sizes = shape, strides = stride();
            long expected = 1;
            for (int d = sizes.Length - 1; d >= 0; d--)
            {
                if (sizes[d] == 0) return true;
                if (sizes[d] == 1) continue;
                if (strides[d] != expected) return false;
                expected *= sizes[d];
            }
            return true;
        }
        /// <summary>Bytes per element.</summary>
        public long element_size() => ElementSize(dtype);
        /// <summary>In place: removes this tensor from the autograd graph (it becomes a leaf without history).</summary>
        public Tensor detach_() => s_detach_.CallInPlace(this);

        private static readonly Op s_detach_ = Op.Of("aten::detach_");

        /// <summary>self + integer (keeps integer dtypes).</summary>
        public Tensor add(long other) => s_addS.Call(this, other);
        /// <summary>self − integer (keeps integer dtypes).</summary>
        public Tensor sub(long other) => s_subS.Call(this, other);
        /// <summary>self · integer (keeps integer dtypes).</summary>
        public Tensor mul(long other) => s_mulS.Call(this, other);
        /// <summary>In place: self += integer (works on integer tensors).</summary>
        public Tensor add_(long other) => s_addS_.CallInPlace(this, other);
        /// <summary>In place: self −= integer (works on integer tensors).</summary>
        public Tensor sub_(long other) => s_subS_.CallInPlace(this, other);
        /// <summary>In place: self ·= integer (works on integer tensors).</summary>
        public Tensor mul_(long other) => s_mulS_.CallInPlace(this, other);
        /// <summary>In place: sets every element to an integer (works on integer tensors).</summary>
        public Tensor fill_(long value) => s_fillS_.CallInPlace(this, value);
    }
}
