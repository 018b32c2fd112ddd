namespace Lipschitz.Torch;

public static partial class torch
{
    private static readonly Op s_cat = Op.Of("aten::cat"), s_stack = Op.Of("aten::stack");

    /// <summary>Joins tensors along an existing dimension.</summary>
    public static Tensor cat(Tensor[] tensors, long dim = 0) => s_cat.Call(tensors, dim);

    /// <summary>Joins tensors along a new dimension.</summary>
    public static Tensor stack(Tensor[] tensors, long dim = 0) => s_stack.Call(tensors, dim);

    public partial class Tensor
    {
        private static readonly Op s_narrow = Op.Of("aten::narrow"), s_view = Op.Of("aten::view"), s_reshape = Op.Of("aten::reshape");
        private static readonly Op s_toDtype = Op.Of("aten::to.dtype"), s_contiguous = Op.Of("aten::contiguous"), s_clone = Op.Of("aten::clone");
        private static readonly Op s_detach = Op.Of("aten::detach");

        /// <summary>A view of <paramref name="length"/> entries of one dimension starting at <paramref name="start"/>.</summary>
        public Tensor narrow(long dim, long start, long length) => s_narrow.Call(this, dim, start, length);

        /// <summary>A view with another shape over the same data (one size may be −1).</summary>
        public Tensor view(params long[] shape) => s_view.Call(this, shape);

        /// <summary>The same values with another shape (a view when possible, else a copy).</summary>
        public Tensor reshape(params long[] shape) => s_reshape.Call(this, shape);

        /// <summary>Converts the elements to another type (a new tensor; autograd flows through).</summary>
        public Tensor to(ScalarType type) => s_toDtype.Call(this, type);

        /// <summary>The tensor on another device (and optionally with another element type).</summary>
        public Tensor to(Device device, ScalarType? type = null, bool copy = false) =>
            new(Native.NativeMethods.Check(Native.NativeMethods.lt_tensor_to(Handle, (int)device.type, device.index, type.HasValue ? (int)type.Value : -1, copy ? 1 : 0)));

        /// <summary>A contiguous tensor with the same values (itself if already contiguous).</summary>
        public Tensor contiguous() => s_contiguous.Call(this);

        /// <summary>A copy of the data (autograd flows through).</summary>
        public Tensor clone() => s_clone.Call(this);

        /// <summary>The same data without autograd history.</summary>
        public Tensor detach() => s_detach.Call(this);
    }
}
