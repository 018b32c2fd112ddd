using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Base of every module: owns the parameters, buffers and submodules registered with it (in
        /// registration order, which fixes the state-dict key order) and disposes them with itself.
        /// </summary>
        public abstract class Module : IDisposable
        {
            private readonly string _name;
            private readonly List<string> _parameterNames = new();
            private readonly Dictionary<string, Parameter?> _parameters = new();
            private readonly List<string> _bufferNames = new();
            private readonly Dictionary<string, (Tensor Tensor, bool Persistent)> _buffers = new();
            private readonly List<string> _moduleNames = new();
            private readonly Dictionary<string, Module> _modules = new();
            private bool _disposed;

            /// <summary>Creates a module; <paramref name="name"/> names it in messages (the class name, usually).</summary>
            protected Module(string name)
            {
                ArgumentException.ThrowIfNullOrEmpty(name);
                _name = name;
            }

            /// <summary>The name given at construction.</summary>
            public string GetName() => _name;

            /// <summary>Whether the module is in training mode (the default) rather than evaluation mode.</summary>
            public bool training { get; private set; } = true;

            /// <summary>Registers (or replaces) a submodule under <paramref name="name"/>; this module disposes it.</summary>
            public void register_module(string name, Module module)
            {
                ArgumentNullException.ThrowIfNull(module);
                CheckName(name, "module");
                if (ReferenceEquals(module, this)) throw new ArgumentException($"{_name}: a module cannot contain itself", nameof(module));
                if (!_modules.ContainsKey(name)) _moduleNames.Add(name);
                _modules[name] = module;
            }

            /// <summary>Registers (or replaces) a parameter under <paramref name="name"/>; null keeps the name with no tensor (a bias-less layer).</summary>
            public void register_parameter(string name, Parameter? parameter)
            {
                CheckName(name, "parameter");
                if (!_parameters.ContainsKey(name)) _parameterNames.Add(name);
                _parameters[name] = parameter;
            }

            /// <summary>
            /// Registers (or replaces) a buffer: state saved in the state dict (when <paramref name="persistent"/>)
            /// but not trained. The module takes the tensor out of dispose scopes and disposes it with itself.
            /// </summary>
            public void register_buffer(string name, Tensor tensor, bool persistent = true)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                CheckName(name, "buffer");
                if (!_buffers.ContainsKey(name)) _bufferNames.Add(name);
                tensor.DetachFromDisposeScope();
                _buffers[name] = (tensor, persistent);
            }

            private void CheckName(string name, string kind)
            {
                ArgumentException.ThrowIfNullOrEmpty(name);
                if (name.Contains('.', StringComparison.Ordinal))
                    throw new ArgumentException($"{_name}: {kind} name '{name}' must not contain '.'", nameof(name));
                if (kind != "parameter" && _parameters.ContainsKey(name) || kind != "buffer" && _buffers.ContainsKey(name) ||
                    kind != "module" && _modules.ContainsKey(name))
                    throw new ArgumentException($"{_name}: '{name}' is already registered as another kind than {kind}", nameof(name));
            }

            /// <summary>The parameters of this module and (with <paramref name="recurse"/>) its submodules, each once.</summary>
            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            /// <summary>The parameters with dotted names ("conv0.weight"), each tensor once, in registration order.</summary>
            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, module) in NamedModules(recurse))
                    foreach (string n in module._parameterNames)
                    {
                        Parameter? p = module._parameters[n];
                        if (p is not null && seen.Add(p)) yield return (prefix + n, p);
                    }
            }

            /// <summary>The buffers of this module and (with <paramref name="recurse"/>) its submodules.</summary>
            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

            /// <summary>The buffers with dotted names, each tensor once, in registration order.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, module) in NamedModules(recurse))
                    foreach (string n in module._bufferNames)
                    {
                        Tensor b = module._buffers[n].Tensor;
                        if (seen.Add(b)) yield return (prefix + n, b);
                    }
            }

            /// <summary>The direct submodules with their names.</summary>
            public IEnumerable<(string name, Module module)> named_children()
            {
                foreach (string n in _moduleNames) yield return (n, _modules[n]);
            }

            /// <summary>The direct submodules.</summary>
            public IEnumerable<Module> children() => named_children().Select(c => c.module);

            /// <summary>This module and all modules below it, each once, parents first.</summary>
            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            /// <summary>This module (named "") and all modules below it with dotted names, each once, parents first.</summary>
            public IEnumerable<(string name, Module module)> named_modules()
            {
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, module) in NamedModules(true))
                    if (seen.Add(module)) yield return (prefix.Length == 0 ? "" : prefix[..^1], module);
            }

            // (prefix with trailing '.', module) for this module and, when recursing, every descendant (depth first).
            private IEnumerable<(string prefix, Module module)> NamedModules(bool recurse)
            {
                yield return ("", this);
                if (!recurse) yield break;
                foreach (string n in _moduleNames)
                    foreach (var (prefix, m) in _modules[n].NamedModules(true))
                        yield return (n + "." + prefix, m);
            }

            /// <summary>Sets training mode on this module and every submodule.</summary>
            public void train(bool on = true)
            {
                foreach (Module m in modules())
                {
                    bool changed = m.training != on;
                    m.training = on;
                    if (changed) m.OnTrainingModeChanged(on);
                }
            }

            /// <summary>Sets evaluation mode on this module and every submodule.</summary>
            public void eval() => train(false);

            /// <summary>Called on each module whose mode changed (layers drop or build their eval-mode caches here).</summary>
            protected virtual void OnTrainingModeChanged(bool training)
            {
            }

            /// <summary>Clears the gradients of all parameters (sets them to none, as PyTorch 2 does by default).</summary>
            public void zero_grad()
            {
                foreach (Parameter p in parameters()) p.grad = null;
            }

            /// <summary>
            /// The parameters and persistent buffers by dotted name: detached tensors sharing the module's storage
            /// (new wrappers, owned by the current dispose scope or the caller).
            /// </summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var result = new Dictionary<string, Tensor>();
                foreach (var (name, tensor) in StateEntries()) result[name] = tensor.detach();
                return result;
            }

            // The live tensors of the state dict, in key order; shared tensors appear under every name (as in PyTorch).
            internal IEnumerable<(string name, Tensor tensor)> StateEntries()
            {
                foreach (var (prefix, module) in NamedModules(true))
                {
                    foreach (string n in module._parameterNames)
                        if (module._parameters[n] is Parameter p) yield return (prefix + n, p);
                    foreach (string n in module._bufferNames)
                        if (module._buffers[n].Persistent) yield return (prefix + n, module._buffers[n].Tensor);
                }
            }

            /// <summary>
            /// Copies the values of <paramref name="state_dict"/> into the parameters and buffers. Nothing is changed
            /// unless every key fits: shape mismatches always fail, and with <paramref name="strict"/> missing and
            /// unexpected keys fail too; the <see cref="StateDictMismatchException"/> names all of them.
            /// Returns the missing and unexpected keys (empty when strict).
            /// </summary>
            public (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(IDictionary<string, Tensor> state_dict, bool strict = true) =>
                LoadStateDict(state_dict, strict, null);

            internal (IList<string> missing_keys, IList<string> unexpected_keys) LoadStateDict(IDictionary<string, Tensor> source, bool strict, string? file)
            {
                ArgumentNullException.ThrowIfNull(source);
                var own = StateEntries().ToList();
                var ownNames = new HashSet<string>(own.Select(e => e.name), StringComparer.Ordinal);
                var missing = new List<string>();
                var mismatched = new List<StateDictMismatchException.ShapeMismatch>();
                foreach (var (name, tensor) in own)
                {
                    if (!source.TryGetValue(name, out Tensor? given)) missing.Add(name);
                    else
                    {
                        long[] expected = tensor.shape, actual = given.shape;
                        if (!expected.AsSpan().SequenceEqual(actual)) mismatched.Add(new(name, expected, actual));
                    }
                }
                var unexpected = source.Keys.Where(k => !ownNames.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (mismatched.Count > 0 || strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new StateDictMismatchException(_name, file, missing, unexpected, mismatched);

                using (no_grad())
                    foreach (var (name, tensor) in own)
                        if (source.TryGetValue(name, out Tensor? given))
                            tensor.copy_(given);
                return (missing, unexpected);
            }

            /// <summary>Writes the state dict to <paramref name="path"/> atomically; Python's torch.load reads it as a dict of tensors.</summary>
            public Module save(string path)
            {
                StateDictFile.Save(path, StateEntries().ToList());
                return this;
            }

            /// <summary>Loads a state dict written by <see cref="save"/>; errors name the file and the keys that do not fit.</summary>
            public Module load(string path, bool strict = true)
            {
                Dictionary<string, Tensor> loaded = StateDictFile.Load(path);
                try
                {
                    LoadStateDict(loaded, strict, path);
                }
                finally
                {
                    foreach (Tensor t in loaded.Values) t.Dispose();
                }
                return this;
            }

            /// <summary>Converts every floating-point parameter and buffer to <paramref name="type"/> in place (the same Parameter objects); integer buffers keep their type, as in PyTorch.</summary>
            public Module to(ScalarType type)
            {
                if (!is_floating_point(type)) throw new ArgumentException($"{_name}.to: modules convert to floating-point types only, not {DTypeName(type)}", nameof(type));
                return Convert(t => is_floating_point(t.dtype) ? t.to(type) : null);
            }

            /// <summary>Moves every parameter and buffer to <paramref name="device"/> in place (the same Parameter objects).</summary>
            public Module to(Device device) => Convert(t => t.to(device));

            /// <summary>Moves every parameter and buffer and converts the floating-point ones in place (the same Parameter objects).</summary>
            public Module to(Device device, ScalarType type)
            {
                if (!is_floating_point(type)) throw new ArgumentException($"{_name}.to: modules convert to floating-point types only, not {DTypeName(type)}", nameof(type));
                return Convert(t => t.to(device, is_floating_point(t.dtype) ? type : null));
            }

            // convert returns the replacement data, or null to leave a tensor as it is.
            private Module Convert(Func<Tensor, Tensor?> convert)
            {
                using (no_grad())
                {
                    foreach (Parameter p in parameters())
                    {
                        using Tensor? converted = convert(p);
                        if (converted is null) continue;
                        p.grad = null;
                        p.set_data(converted);
                    }
                    foreach (Tensor b in buffers())
                    {
                        using Tensor? converted = convert(b);
                        if (converted is null) continue;
                        NativeMethods.Check(NnNativeMethods.lt_tensor_set_data(b.Handle, converted.Handle));
                    }
                }
                foreach (Module m in modules()) m.OnConverted();
                return this;
            }

            /// <summary>Called on every converted module (this one and all below it) after <see cref="to(ScalarType)"/> or <see cref="to(Device)"/> changed the tensors (drop caches here).</summary>
            protected virtual void OnConverted()
            {
            }

            /// <summary>A one-line summary: name, parameter count.</summary>
            public override string ToString()
            {
                long n = 0;
                foreach (Parameter p in parameters()) n += p.numel();
                return $"{_name} ({n} parameters)";
            }

            /// <summary>Disposes the parameters, buffers and submodules.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Frees native memory; overrides free their own tensors (caches) and call the base.</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (_disposed || !disposing) return;
                _disposed = true;
                foreach (string n in _moduleNames) _modules[n].Dispose();
                foreach (string n in _parameterNames) _parameters[n]?.Dispose();
                foreach (string n in _bufferNames) _buffers[n].Tensor.Dispose();
            }
        }

        /// <summary>A module with a typed forward function.</summary>
        public abstract class Module<T, TResult> : Module
        {
            /// <summary>Creates a module; <paramref name="name"/> names it in messages.</summary>
            protected Module(string name) : base(name)
            {
            }

            /// <summary>Computes the module's output.</summary>
            public abstract TResult forward(T input);

            /// <summary>Computes the module's output (the same as <see cref="forward"/>).</summary>
            public TResult call(T input) => forward(input);
        }
    }
}
