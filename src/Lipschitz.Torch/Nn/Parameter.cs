using System;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A tensor that a module owns and an optimizer updates: a leaf over the same storage as the data it
        /// was made from, outside every dispose scope (the module that registers it disposes it).
        /// </summary>
        public sealed class Parameter : Tensor
        {
            /// <summary>Makes a parameter sharing <paramref name="data"/>'s storage, without its autograd history.</summary>
            public Parameter(Tensor data, bool requires_grad = true)
                : base(Make(data, requires_grad))
            {
                // A module owns its parameters for its whole life, beyond the scope it was built in.
                DetachFromDisposeScope();
            }

            private static IntPtr Make(Tensor data, bool requiresGrad)
            {
                ArgumentNullException.ThrowIfNull(data);
                IntPtr h = NativeMethods.Check(NnNativeMethods.lt_parameter_new(data.Handle, requiresGrad ? 1 : 0));
                GC.KeepAlive(data);
                return h;
            }

            /// <summary>Replaces the data (shape, dtype or device may change) while keeping this parameter object.</summary>
            public void set_data(Tensor data)
            {
                ArgumentNullException.ThrowIfNull(data);
                NativeMethods.Check(NnNativeMethods.lt_tensor_set_data(Handle, data.Handle));
                GC.KeepAlive(data);
            }
        }
    }
}
