using System;
using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Optimizers (SGD, Adam, AdamW) and learning-rate schedulers, with PyTorch's update formulas.</summary>
    public static partial class optim
    {
        /// <summary>
        /// Base of the optimizers: one group of parameters, a learning rate that schedulers change between steps,
        /// and per-parameter state (momentum buffers, moment estimates) that the optimizer owns and disposes.
        /// </summary>
        public abstract class Optimizer : IDisposable
        {
            private double _lr;

            /// <summary>Takes the parameters to update (each once) and the learning rate.</summary>
            protected Optimizer(IEnumerable<nn.Parameter> parameters, double lr)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                var list = new List<nn.Parameter>();
                var seen = new HashSet<nn.Parameter>(ReferenceEqualityComparer.Instance);
                foreach (nn.Parameter p in parameters)
                {
                    ArgumentNullException.ThrowIfNull(p, nameof(parameters));
                    if (seen.Add(p)) list.Add(p);
                }
                if (list.Count == 0) throw new ArgumentException("the optimizer got an empty parameter list", nameof(parameters));
                Parameters = list;
                if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "the learning rate must be ≥ 0");
                LearningRate = lr;
                InitialLearningRate = lr;
            }

            /// <summary>The parameters this optimizer updates.</summary>
            public IReadOnlyList<nn.Parameter> Parameters { get; }

            /// <summary>The learning rate of the next step (schedulers set it; like PyTorch, a schedule may step slightly past its end).</summary>
            public double LearningRate
            {
                get => _lr;
                set
                {
                    if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "the learning rate must be finite");
                    _lr = value;
                }
            }

            /// <summary>The learning rate the optimizer was created with (schedulers start from it).</summary>
            public double InitialLearningRate { get; }

            /// <summary>Clears the gradients of all parameters (sets them to none).</summary>
            public void zero_grad()
            {
                foreach (nn.Parameter p in Parameters) p.grad = null;
            }

            /// <summary>Updates every parameter that has a gradient; parameters without one are left alone.</summary>
            public abstract void step();

            /// <summary>Whether Dispose ran.</summary>
            protected bool IsDisposed { get; private set; }

            /// <summary>Throws if the optimizer was disposed.</summary>
            protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

            /// <summary>Frees the optimizer state (not the parameters).</summary>
            public void Dispose()
            {
                if (IsDisposed) return;
                IsDisposed = true;
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Frees the state tensors.</summary>
            protected abstract void Dispose(bool disposing);

            internal static void CheckNonNegative(double value, string name)
            {
                if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and ≥ 0");
            }

            internal static void CheckBeta(double value, string name)
            {
                if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1)");
            }

            // Wraps state handles that the native step created, so they are freed with the optimizer (or its finalizers).
            internal static void Adopt(IntPtr[] handles, Tensor?[] owners)
            {
                for (int k = 0; k < handles.Length; k++)
                    if (handles[k] != IntPtr.Zero && owners[k] is null)
                        owners[k] = new Tensor(handles[k]).DetachFromDisposeScope();
            }

            internal static void DisposeAll(Tensor?[] tensors)
            {
                for (int k = 0; k < tensors.Length; k++)
                {
                    tensors[k]?.Dispose();
                    tensors[k] = null;
                }
            }

            internal IntPtr[] Handles() => Parameters.Select(p => p.Handle).ToArray();
        }

        /// <summary>Stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum (PyTorch's formulas).</summary>
        public static Modules.SGD SGD(IEnumerable<nn.Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
            bool nesterov = false) => new(parameters, lr, momentum, dampening, weight_decay, nesterov);

        /// <summary>Adam (Kingma and Ba) with L2 weight decay added to the gradient (PyTorch's formulas).</summary>
        public static Modules.Adam Adam(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 0) => new(parameters, lr, beta1, beta2, eps, weight_decay);

        /// <summary>AdamW (Loshchilov and Hutter): Adam with decoupled weight decay (PyTorch's formulas).</summary>
        public static Modules.AdamW AdamW(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 1e-2) => new(parameters, lr, beta1, beta2, eps, weight_decay);
    }
}
