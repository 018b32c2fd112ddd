using System;
using System.Runtime.InteropServices;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>A multi-dimensional array with autograd, owning one libtorch tensor handle.</summary>
    public partial class Tensor : IDisposable
    {
        private IntPtr _handle;

        internal DisposeScope? OwningScope;

        /// <summary>Takes ownership of a native handle and registers with the current dispose scope.</summary>
        internal Tensor(IntPtr handle)
        {
            if (handle == IntPtr.Zero) throw new ArgumentException("null tensor handle", nameof(handle));
            _handle = handle;
            DisposeScope.Register(this);
        }

        /// <summary>Frees the native tensor if the owner forgot to.</summary>
        ~Tensor() => Free();

        /// <summary>The native handle; throws once the tensor is disposed.</summary>
        internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed");

        /// <summary>True once the tensor has been disposed.</summary>
        public bool IsInvalid => _handle == IntPtr.Zero;

        /// <summary>Frees the native tensor now; further use throws <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            Free();
            GC.SuppressFinalize(this);
        }

        private void Free()
        {
            IntPtr h = _handle;
            _handle = IntPtr.Zero;
            if (h != IntPtr.Zero) NativeMethods.lt_tensor_free(h);
        }

        /// <summary>Moves this tensor to the scope enclosing its owning scope, so it outlives that scope.</summary>
        public Tensor MoveToOuterDisposeScope()
        {
            OwningScope?.MoveToOuter(this);
            return this;
        }

        /// <summary>Takes this tensor out of every dispose scope; the caller disposes it.</summary>
        public Tensor DetachFromDisposeScope()
        {
            OwningScope?.Detach(this);
            return this;
        }

        /// <summary>Number of dimensions.</summary>
        public long dim() => NativeMethods.lt_tensor_dim(Handle);

        /// <summary>Number of dimensions.</summary>
        public long Dimensions => dim();

        /// <summary>The sizes of all dimensions.</summary>
        public unsafe long[] shape
        {
            get
            {
                IntPtr h = Handle;
                var s = new long[NativeMethods.lt_tensor_dim(h)];
                fixed (long* p = s) NativeMethods.lt_tensor_shape(h, p);
                return s;
            }
        }

        /// <summary>The strides of all dimensions, in elements.</summary>
        public unsafe long[] stride()
        {
            IntPtr h = Handle;
            var s = new long[NativeMethods.lt_tensor_dim(h)];
            fixed (long* p = s) NativeMethods.lt_tensor_strides(h, p);
            return s;
        }

        /// <summary>The size of one dimension (negative counts from the end).</summary>
        public long size(int dim)
        {
            long[] s = shape;
            int d = dim < 0 ? dim + s.Length : dim;
            if (d < 0 || d >= s.Length) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"tensor has {s.Length} dimensions");
            return s[d];
        }

        /// <summary>The sizes of all dimensions.</summary>
        public long[] size() => shape;

        /// <summary>Total number of elements.</summary>
        public long numel() => NativeMethods.lt_tensor_numel(Handle);

        /// <summary>Total number of elements.</summary>
        public long NumberOfElements => numel();

        /// <summary>The element type.</summary>
        public ScalarType dtype => (ScalarType)NativeMethods.lt_tensor_dtype(Handle);

        /// <summary>The device the tensor lives on.</summary>
        public Device device
        {
            get
            {
                IntPtr h = Handle;
                return new Device((DeviceType)NativeMethods.lt_tensor_device_type(h), NativeMethods.lt_tensor_device_index(h));
            }
        }

        /// <summary>Whether autograd records operations on this tensor; setting it is requires_grad_.</summary>
        public bool requires_grad
        {
            get => NativeMethods.lt_tensor_requires_grad(Handle) != 0;
            set => NativeMethods.Check(NativeMethods.lt_tensor_set_requires_grad(Handle, value ? 1 : 0));
        }

        /// <summary>Sets whether autograd records operations on this tensor, and returns it.</summary>
        public Tensor requires_grad_(bool requires = true)
        {
            requires_grad = requires;
            return this;
        }

        /// <summary>True for tensors that autograd accumulates gradients into (not results of recorded ops).</summary>
        public bool is_leaf => NativeMethods.lt_tensor_is_leaf(Handle) != 0;

        /// <summary>libtorch's version counter (<c>_version()</c>), bumped by every in-place change of the data.</summary>
        public long Version => NativeMethods.lt_tensor_version(Handle);

        /// <summary>The address of the storage, to tell whether two tensors share memory.</summary>
        internal IntPtr StoragePointer => NativeMethods.lt_tensor_storage_ptr(Handle);

        /// <summary>A second wrapper over the same tensor (shared data and autograd identity).</summary>
        public Tensor alias() => new(NativeMethods.Check(NativeMethods.lt_tensor_alias(Handle)));

        /// <summary>The value of a one-element tensor.</summary>
        public T item<T>() where T : unmanaged
        {
            IntPtr h = Handle;
            if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(byte))
            {
                NativeMethods.Check(NativeMethods.lt_tensor_item_int64(h, out long l));
                return (T)Convert.ChangeType(l, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
            }
            if (typeof(T) == typeof(bool))
            {
                NativeMethods.Check(NativeMethods.lt_tensor_item_int64(h, out long b));
                return (T)(object)(b != 0);
            }
            NativeMethods.Check(NativeMethods.lt_tensor_item_double(h, out double d));
            if (typeof(T) == typeof(double)) return (T)(object)d;
            if (typeof(T) == typeof(float)) return (T)(object)(float)d;
            throw new NotSupportedException($"item<{typeof(T).Name}> is not supported");
        }

        /// <summary>Copies the values, converted to <typeparamref name="T"/>, in row-major order into a new array.</summary>
        public T[] ToArray<T>() where T : unmanaged
        {
            var result = new T[checked((int)numel())];
            CopyTo<T>(result);
            return result;
        }

        /// <summary>Copies the values, converted to <typeparamref name="T"/>, in row-major order into <paramref name="destination"/>.</summary>
        public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
        {
            ScalarType type = ScalarTypeOf<T>();
            long n = numel();
            if (destination.Length != n)
                throw new ArgumentException($"destination holds {destination.Length} elements, the tensor {n}", nameof(destination));
            fixed (T* p = destination)
                NativeMethods.Check(NativeMethods.lt_tensor_copy_to(Handle, (int)type, p, n * sizeof(T)));
        }

        /// <summary>Overwrites the values of this contiguous CPU tensor of element type <typeparamref name="T"/> (no autograd record; bumps <see cref="Version"/>).</summary>
        public unsafe void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
        {
            if (ScalarTypeOf<T>() != dtype)
                throw new ArgumentException($"source is {typeof(T).Name}, the tensor {DTypeName(dtype)}", nameof(source));
            fixed (T* p = source)
                NativeMethods.Check(NativeMethods.lt_tensor_copy_from(Handle, p, (long)source.Length * sizeof(T)));
        }

        /// <summary>Shape, dtype, device and the values (long tensors shown with their edges only).</summary>
        public override string ToString() => IsInvalid ? "tensor(disposed)" : TensorFormatter.Format(this);
    }

    /// <summary>The element type that a .NET type copies as.</summary>
    public static ScalarType ScalarTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(short)) return ScalarType.Int16;
        if (typeof(T) == typeof(byte)) return ScalarType.Byte;
        if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(System.Numerics.Complex)) return ScalarType.ComplexFloat64;
        throw new NotSupportedException($"{typeof(T).Name} has no tensor element type");
    }

    /// <summary>A new tensor holding a copy of <paramref name="values"/> with the given shape (default: one dimension).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> values, long[]? shape = null, ScalarType? dtype = null, bool requires_grad = false) where T : unmanaged
    {
        long[] dims = shape ?? new[] { (long)values.Length };
        long n = 1;
        foreach (long d in dims)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape", nameof(shape));
            n *= d;
        }
        if (n != values.Length)
            throw new ArgumentException($"shape [{string.Join(", ", dims)}] holds {n} elements but {values.Length} values were given", nameof(shape));
        IntPtr h;
        fixed (T* p = values)
        fixed (long* s = dims)
            h = NativeMethods.Check(NativeMethods.lt_tensor_from_data(p, s, dims.Length, (int)ScalarTypeOf<T>()));
        var t = new Tensor(h);
        if (dtype.HasValue && dtype.Value != t.dtype)
        {
            Tensor converted = t.to(dtype.Value);
            t.Dispose();
            t = converted;
        }
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>A new tensor holding a copy of <paramref name="values"/> with the given shape.</summary>
    public static Tensor tensor<T>(T[] values, long[]? shape = null, ScalarType? dtype = null, bool requires_grad = false) where T : unmanaged =>
        tensor<T>((ReadOnlySpan<T>)values, shape, dtype, requires_grad);

    /// <summary>A 0-dimensional tensor holding one value.</summary>
    public static unsafe Tensor tensor(double value, ScalarType dtype = ScalarType.Float32, bool requires_grad = false)
    {
        Tensor t = tensor<double>(new[] { value }, Array.Empty<long>(), dtype);
        if (requires_grad) t.requires_grad = true;
        return t;
    }
}
