using System;
using System.Collections.Generic;
using System.Globalization;
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

            /// <summary>
            /// The optimizer's state as a flat dict of tensors, loadable by <see cref="load_state_dict"/> and writable with
            /// <see cref="torch.save"/>: <c>param_groups.0.num_params</c> (int64), <c>param_groups.0.lr</c> and the other
            /// hyperparameters (float64 scalars), and per parameter <c>i</c> that has state its tensors <c>state.i.NAME</c>
            /// (<c>momentum_buffer</c> for SGD; <c>step</c>, <c>exp_avg</c>, <c>exp_avg_sq</c> for Adam and AdamW). Moment
            /// tensors share memory with the live state (like PyTorch's); the caller disposes the returned tensors.
            /// </summary>
            public Dictionary<string, Tensor> state_dict()
            {
                ThrowIfDisposed();
                var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                try
                {
                    result[NumParamsKey] = tensor((long)Parameters.Count);
                    result[GroupPrefix + "lr"] = Scalar(LearningRate);
                    foreach (Hyperparameter h in Hyperparameters()) result[GroupPrefix + h.Name] = Scalar(h.Value);
                    for (int i = 0; i < Parameters.Count; i++)
                        foreach (var (name, value) in ExportState(i))
                            result[$"{StatePrefix}{i.ToString(CultureInfo.InvariantCulture)}.{name}"] = value;
                }
                catch
                {
                    foreach (Tensor t in result.Values) t.Dispose();
                    throw;
                }
                return result;
            }

            /// <summary>
            /// Restores a state written by <see cref="state_dict"/> of an optimizer of the same kind over parameters of the
            /// same shapes and dtypes: the moments and step counts (copied; the caller keeps its tensors), the learning rate and
            /// the hyperparameters that schedulers change. Nothing changes unless everything fits; otherwise an
            /// <see cref="OptimizerStateMismatchException"/> lists every problem (parameter count, missing or unexpected keys,
            /// shape, dtype, and differing fixed hyperparameters).
            /// </summary>
            public void load_state_dict(IDictionary<string, Tensor> state_dict)
            {
                ThrowIfDisposed();
                ArgumentNullException.ThrowIfNull(state_dict);
                var problems = new List<string>();
                var used = new HashSet<string>(StringComparer.Ordinal);
                int n = Parameters.Count;

                double? Read(string key)
                {
                    if (!state_dict.TryGetValue(key, out Tensor? t)) { problems.Add($"key '{key}' is missing"); return null; }
                    used.Add(key);
                    if (t.numel() != 1) { problems.Add($"'{key}' should hold one number but has shape [{string.Join(", ", t.shape)}]"); return null; }
                    return t.item<double>();
                }

                double? count = Read(NumParamsKey);
                if (count is double c && c != n)
                    problems.Add($"the state is of {c.ToString(CultureInfo.InvariantCulture)} parameters, this {GetType().Name} has {n}");
                double? lr = Read(GroupPrefix + "lr");
                if (lr is double l && !double.IsFinite(l)) problems.Add($"'{GroupPrefix}lr' is {l.ToString(CultureInfo.InvariantCulture)}, not a finite learning rate");
                var restores = new List<(Hyperparameter h, double value)>();
                foreach (Hyperparameter h in Hyperparameters())
                {
                    if (Read(GroupPrefix + h.Name) is not double v) continue;
                    if (h.Restore is not null) restores.Add((h, v));
                    else if (v != h.Value)
                        problems.Add($"{h.Name} is {v.ToString("R", CultureInfo.InvariantCulture)} in the state but {h.Value.ToString("R", CultureInfo.InvariantCulture)} in this {GetType().Name}");
                }

                IReadOnlyList<string> names = StateNames;
                var perParameter = new Dictionary<string, Tensor>?[n];
                for (int i = 0; i < n; i++)
                {
                    string prefix = StatePrefix + i.ToString(CultureInfo.InvariantCulture) + ".";
                    var present = names.Where(name => state_dict.ContainsKey(prefix + name)).ToList();
                    if (present.Count == 0) continue;
                    foreach (string name in present) used.Add(prefix + name);
                    if (present.Count != names.Count)
                    {
                        problems.Add($"parameter {i} has only part of its state ({string.Join(", ", present)}; missing {string.Join(", ", names.Except(present))})");
                        continue;
                    }
                    var entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                    long[] shape = Parameters[i].shape;
                    ScalarType dtype = Parameters[i].dtype;
                    foreach (string name in names)
                    {
                        Tensor t = state_dict[prefix + name];
                        entries[name] = t;
                        if (name == StepName)
                        {
                            if (t.numel() != 1) problems.Add($"'{prefix}{name}' should hold one number but has shape [{string.Join(", ", t.shape)}]");
                            else if (t.item<double>() is var s && !(s >= 0 && s == Math.Floor(s) && s < long.MaxValue))
                                problems.Add($"'{prefix}{name}' is {s.ToString(CultureInfo.InvariantCulture)}, not a step count");
                            continue;
                        }
                        long[] actual = t.shape;
                        if (!actual.AsSpan().SequenceEqual(shape))
                            problems.Add($"'{prefix}{name}' has shape [{string.Join(", ", actual)}] but parameter {i} has shape [{string.Join(", ", shape)}]");
                        else if (t.dtype != dtype)
                            problems.Add($"'{prefix}{name}' has dtype {t.dtype} but parameter {i} has dtype {dtype}");
                    }
                    perParameter[i] = entries;
                }
                var unexpected = state_dict.Keys.Where(k => !used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (unexpected.Count > 0) problems.Add($"unexpected keys: {string.Join(", ", unexpected)}");
                if (problems.Count > 0) throw new OptimizerStateMismatchException(GetType().Name, problems);

                // Everything fits: copy the tensors first (the only step that can fail), then swap them in.
                var copies = new Dictionary<string, Tensor>?[n];
                try
                {
                    using (no_grad())
                        for (int i = 0; i < n; i++)
                        {
                            if (perParameter[i] is not { } entries) continue;
                            var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                            copies[i] = copy;
                            foreach (var (name, given) in entries)
                            {
                                Tensor t = name == StepName ? tensor((long)given.item<double>()) : empty_like(Parameters[i]);
                                t.DetachFromDisposeScope();
                                copy[name] = t;
                                if (name != StepName) t.copy_(given);
                            }
                        }
                }
                catch
                {
                    foreach (var copy in copies)
                        if (copy is not null)
                            foreach (Tensor t in copy.Values) t.Dispose();
                    throw;
                }
                LearningRate = lr!.Value;
                foreach (var (h, value) in restores) h.Restore!(value);
                for (int i = 0; i < n; i++) ImportState(i, copies[i]);
            }

            /// <summary>A hyperparameter as <see cref="state_dict"/> records it; <paramref name="Restore"/> sets it on load (null: it must match).</summary>
            /// <param name="Name">The key after <c>param_groups.0.</c>.</param>
            /// <param name="Value">The current value (booleans as 0 or 1).</param>
            /// <param name="Restore">Sets the value when a state is loaded, or null for fixed settings, which must be equal.</param>
            protected sealed record Hyperparameter(string Name, double Value, Action<double>? Restore = null);

            /// <summary>The hyperparameters besides the learning rate, in a fixed order.</summary>
            protected abstract IEnumerable<Hyperparameter> Hyperparameters();

            /// <summary>The names of a parameter's state tensors (all present once it has had a step, none before).</summary>
            protected abstract IReadOnlyList<string> StateNames { get; }

            /// <summary>The state tensors of parameter <paramref name="index"/> (none before its first step); the caller disposes them.</summary>
            protected abstract IEnumerable<(string Name, Tensor Value)> ExportState(int index);

            /// <summary>
            /// Replaces the state of parameter <paramref name="index"/> with <paramref name="state"/> (tensors the optimizer now
            /// owns, already validated and shaped like the parameter; the step count as an int64 scalar), or clears it when null.
            /// </summary>
            protected abstract void ImportState(int index, IReadOnlyDictionary<string, Tensor>? state);

            /// <summary>The name of the per-parameter step count in the state (a scalar, not shaped like the parameter).</summary>
            protected const string StepName = "step";

            private const string GroupPrefix = "param_groups.0.";
            private const string NumParamsKey = GroupPrefix + "num_params";
            private const string StatePrefix = "state.";

            private static Tensor Scalar(double value) => full(Array.Empty<long>(), value, ScalarType.Float64);

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
