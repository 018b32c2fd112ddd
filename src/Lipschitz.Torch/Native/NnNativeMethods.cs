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
    [DllImport(NativeMethods.Lib)] internal static extern int lt_sgd_step(IntPtr* parameters, IntPtr* buffers, int n, double lr, double momentum,
        double dampening, double weightDecay, int nesterov);
    [DllImport(NativeMethods.Lib)] internal static extern int lt_adam_step(IntPtr* parameters, IntPtr* expAvg, IntPtr* expAvgSq, long* steps, int n,
        double lr, double beta1, double beta2, double eps, double weightDecay, int decoupled);
}
