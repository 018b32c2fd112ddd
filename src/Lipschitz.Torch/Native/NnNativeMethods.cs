using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lipschitz.Torch.Native;

/// <summary>Entry points of native/shim_nn.cpp and native/shim_optim.cpp (parameters, modules, fused optimizer steps).</summary>
internal static unsafe class NnNativeMethods
{
    static NnNativeMethods()
    {
        // The environment must be prepared before the library loads; NativeMethods' constructor does that.
        RuntimeHelpers.RunClassConstructor(typeof(NativeMethods).TypeHandle);
    }

    [DllImport(NativeMethods.Lib)] internal static extern IntPtr lt_parameter_new(IntPtr t, int requiresGrad);
    [DllImport(NativeMethods.Lib)] internal static extern int lt_tensor_set_data(IntPtr t, IntPtr src);
}
