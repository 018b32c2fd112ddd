using System;
using System.Runtime.InteropServices;

namespace Lipschitz.Torch.Native;

/// <summary>A boxed operator argument as the native shim reads it (layout matches <c>lt_arg</c> in shim.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeArg
{
    public int Tag;
    public int Len;
    public long I;
    public double D;
    public IntPtr P;
}

/// <summary>Entry points of the C++ shim (native/shim*.cpp).</summary>
internal static unsafe class NativeMethods
{
    internal const string Lib = "lipschitz_torch";

    static NativeMethods()
    {
        NativeLoader.EnsurePreloadEnvironment();
        // libtorch here starts with one intra-op thread; use every core unless told otherwise.
        Check(lt_set_num_threads(NativeLoader.DefaultThreadCount()));
    }

    [DllImport(Lib)] internal static extern IntPtr lt_last_error();
    [DllImport(Lib)] internal static extern void lt_clear_error();
    [DllImport(Lib)] internal static extern int lt_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int lt_get_num_threads();
    [DllImport(Lib)] internal static extern void lt_manual_seed(ulong seed);
    [DllImport(Lib)] internal static extern int lt_cuda_is_available();
    [DllImport(Lib)] internal static extern int lt_cuda_device_count();

    [DllImport(Lib)] internal static extern void lt_tensor_free(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr lt_tensor_alias(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int lt_tensor_dim(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern void lt_tensor_shape(IntPtr t, long* shape);
    [DllImport(Lib), SuppressGCTransition] internal static extern void lt_tensor_strides(IntPtr t, long* strides);
    [DllImport(Lib), SuppressGCTransition] internal static extern long lt_tensor_numel(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int lt_tensor_dtype(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int lt_tensor_device_type(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int lt_tensor_device_index(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int lt_tensor_requires_grad(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int lt_tensor_is_leaf(IntPtr t);
    [DllImport(Lib)] internal static extern long lt_tensor_version(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr lt_tensor_storage_ptr(IntPtr t);
    [DllImport(Lib)] internal static extern int lt_tensor_set_requires_grad(IntPtr t, int value);
    [DllImport(Lib)] internal static extern IntPtr lt_tensor_from_data(void* data, long* shape, int ndim, int dtype);
    [DllImport(Lib)] internal static extern int lt_tensor_copy_to(IntPtr t, int dtype, void* dst, long nbytes);
    [DllImport(Lib)] internal static extern int lt_tensor_copy_from(IntPtr t, void* src, long nbytes);
    [DllImport(Lib)] internal static extern int lt_tensor_item_double(IntPtr t, out double value);
    [DllImport(Lib)] internal static extern int lt_tensor_item_int64(IntPtr t, out long value);
    [DllImport(Lib)] internal static extern IntPtr lt_tensor_to(IntPtr t, int deviceType, int deviceIndex, int dtype, int copy);
    [DllImport(Lib)] internal static extern IntPtr lt_tensor_to_string(IntPtr t);
    [DllImport(Lib)] internal static extern void lt_string_free(IntPtr s);

    [DllImport(Lib)] internal static extern IntPtr lt_op_find([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string overload);
    [DllImport(Lib)] internal static extern int lt_op_call(IntPtr op, NativeArg* args, int nargs, IntPtr* outs, int maxOuts);
    [DllImport(Lib)] internal static extern IntPtr lt_op_schema(IntPtr op);

    [DllImport(Lib)] internal static extern int lt_backward(IntPtr t, IntPtr grad, int retainGraph, int createGraph);
    [DllImport(Lib)] internal static extern int lt_autograd_grad(IntPtr* outputs, int nout, IntPtr* inputs, int nin, IntPtr* gradOutputs, int retainGraph, int createGraph, int allowUnused, IntPtr* results);
    [DllImport(Lib)] internal static extern IntPtr lt_tensor_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int lt_tensor_set_grad(IntPtr t, IntPtr grad);
    [DllImport(Lib), SuppressGCTransition] internal static extern int lt_grad_enabled();
    [DllImport(Lib), SuppressGCTransition] internal static extern void lt_set_grad_enabled(int enabled);

    [DllImport(Lib)] internal static extern int lt_pickle_state_dict(IntPtr* names, IntPtr* tensors, int n, out IntPtr data, out long length);
    [DllImport(Lib)] internal static extern void lt_buffer_free(IntPtr p);
    [DllImport(Lib)] internal static extern IntPtr lt_unpickle_state_dict(byte* data, long length);
    [DllImport(Lib)] internal static extern int lt_state_dict_count(IntPtr sd);
    [DllImport(Lib)] internal static extern IntPtr lt_state_dict_name(IntPtr sd, int k);
    [DllImport(Lib)] internal static extern IntPtr lt_state_dict_tensor(IntPtr sd, int k);
    [DllImport(Lib)] internal static extern void lt_state_dict_free(IntPtr sd);

    /// <summary>Throws a <see cref="TorchException"/> with libtorch's message.</summary>
    internal static Exception LastError()
    {
        string message = Marshal.PtrToStringUTF8(lt_last_error()) ?? "unknown libtorch error";
        lt_clear_error();
        return new TorchException(message);
    }

    internal static void Check(int status)
    {
        if (status < 0) throw LastError();
    }

    internal static IntPtr Check(IntPtr handle)
    {
        if (handle == IntPtr.Zero) throw LastError();
        return handle;
    }

    internal static string TakeString(IntPtr s)
    {
        if (s == IntPtr.Zero) throw LastError();
        try { return Marshal.PtrToStringUTF8(s) ?? string.Empty; }
        finally { lt_string_free(s); }
    }
}
