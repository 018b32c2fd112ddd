using System;
using System.Collections.Generic;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch;

/// <summary>The torch API: tensors, operations, autograd, modules and optimizers, named as in PyTorch and TorchSharp.</summary>
public static partial class torch
{
    /// <summary>Seeds every random generator of libtorch, so runs are reproducible.</summary>
    public static void manual_seed(long seed) => NativeMethods.lt_manual_seed(unchecked((ulong)seed));

    /// <summary>Sets the number of intra-op threads (default: the core count, or LIPSCHITZ_NUM_THREADS).</summary>
    public static void set_num_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        NativeMethods.Check(NativeMethods.lt_set_num_threads(threads));
    }

    /// <summary>The number of intra-op threads.</summary>
    public static int get_num_threads() => NativeMethods.lt_get_num_threads();

    /// <summary>Whether autograd records operations on this thread.</summary>
    public static bool is_grad_enabled() => NativeMethods.lt_grad_enabled() != 0;

    /// <summary>Disables autograd on this thread until the returned guard is disposed.</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Enables autograd on this thread until the returned guard is disposed.</summary>
    public static IDisposable enable_grad() => new GradModeGuard(true);

    private sealed class GradModeGuard : IDisposable
    {
        private readonly bool _previous;
        private bool _disposed;

        public GradModeGuard(bool enabled)
        {
            _previous = NativeMethods.lt_grad_enabled() != 0;
            NativeMethods.lt_set_grad_enabled(enabled ? 1 : 0);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            NativeMethods.lt_set_grad_enabled(_previous ? 1 : 0);
        }
    }

    public partial class Tensor
    {
        /// <summary>Accumulates the gradient of this tensor into the .grad of the leaves it depends on.</summary>
        public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false)
        {
            NativeMethods.Check(NativeMethods.lt_backward(Handle, gradient is null ? IntPtr.Zero : gradient.Handle, retain_graph ? 1 : 0, create_graph ? 1 : 0));
            GC.KeepAlive(gradient);
        }

        /// <summary>The accumulated gradient (a new wrapper each time), or null; setting null clears it.</summary>
        public Tensor? grad
        {
            get
            {
                IntPtr g = NativeMethods.lt_tensor_grad(Handle);
                return g == IntPtr.Zero ? null : new Tensor(g);
            }
            set
            {
                NativeMethods.Check(NativeMethods.lt_tensor_set_grad(Handle, value is null ? IntPtr.Zero : value.Handle));
                GC.KeepAlive(value);
            }
        }
    }

    /// <summary>Gradients with respect to chosen inputs.</summary>
    public static class autograd
    {
        /// <summary>
        /// The gradients of <paramref name="outputs"/> (weighted by <paramref name="grad_outputs"/>) with respect
        /// to each of <paramref name="inputs"/>; with <paramref name="create_graph"/> the results are differentiable.
        /// An input the outputs do not depend on yields null when <paramref name="allow_unused"/>, else an error.
        /// </summary>
        public static unsafe Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? grad_outputs = null,
            bool retain_graph = false, bool create_graph = false, bool allow_unused = false)
        {
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException($"{grad_outputs.Count} grad_outputs for {outputs.Count} outputs", nameof(grad_outputs));
            var outs = new IntPtr[outputs.Count];
            var ins = new IntPtr[inputs.Count];
            var gouts = grad_outputs is null ? null : new IntPtr[outputs.Count];
            var results = new IntPtr[inputs.Count];
            for (int k = 0; k < outs.Length; k++) outs[k] = outputs[k].Handle;
            for (int k = 0; k < ins.Length; k++) ins[k] = inputs[k].Handle;
            if (gouts is not null)
                for (int k = 0; k < gouts.Length; k++) gouts[k] = grad_outputs![k]?.Handle ?? IntPtr.Zero;
            fixed (IntPtr* o = outs)
            fixed (IntPtr* i = ins)
            fixed (IntPtr* g = gouts)
            fixed (IntPtr* r = results)
                NativeMethods.Check(NativeMethods.lt_autograd_grad(o, outs.Length, i, ins.Length, g, retain_graph || create_graph ? 1 : 0,
                    create_graph ? 1 : 0, allow_unused ? 1 : 0, r));
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            var grads = new Tensor?[results.Length];
            for (int k = 0; k < results.Length; k++)
            {
                if (results[k] != IntPtr.Zero) grads[k] = new Tensor(results[k]);
                else if (!allow_unused) throw new TorchException($"input {k} was not used to compute the outputs (pass allow_unused: true to get null)");
            }
            return grads;
        }
    }
}
