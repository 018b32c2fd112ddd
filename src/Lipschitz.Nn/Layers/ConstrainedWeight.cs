using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The constrained weight of a layer, computed from its free parameter in every training forward (so gradients reach
/// the parameter) and cached in eval mode until the parameter changes.
/// </summary>
/// <remarks>
/// TorchSharp exposes no tensor version counter, so "changes" is decided by comparing the parameter with a private
/// copy taken when the cache was filled: element type, device, shape and every value (<c>torch.equal</c>). That sees
/// every way a parameter can change — optimizer steps, <c>load_state_dict</c>, <c>Module.to()</c> (a new tensor of
/// another type or device), and a user's in-place <c>copy_</c> under <c>no_grad</c> or a write through
/// <c>Tensor.bytes</c> — at the price of one extra copy of the parameter and one comparison per eval forward, which
/// reads the parameter twice: far less than recomputing the rescaling (for AOL a Gram matrix). A parameter holding
/// NaN never equals its copy, so such a weight is recomputed on every call (correct, only slower).
/// The cached weight is computed without autograd: eval mode is for inference, attacks and certificates, which
/// differentiate with respect to inputs, never to parameters.
/// </remarks>
internal sealed class ConstrainedWeight : IDisposable
{
    private readonly Func<Tensor, Tensor> _compute;
    private Tensor? _cached;
    private Tensor? _snapshot;

    /// <summary>Wraps the rescaling <paramref name="compute"/> (parameter → constrained weight).</summary>
    internal ConstrainedWeight(Func<Tensor, Tensor> compute) => _compute = compute;

    /// <summary>How many times the cached weight was (re)computed; for tests of the cache.</summary>
    internal int CacheMisses { get; private set; }

    /// <summary>
    /// The constrained weight, owned by the caller (dispose it): computed afresh with autograd while
    /// <paramref name="training"/>, else an alias of the cached one, recomputed if the parameter changed.
    /// </summary>
    internal Tensor Get(Parameter parameter, bool training)
    {
        if (training)
        {
            Invalidate();
            return _compute(parameter);
        }
        using (no_grad())
        {
            if (_cached is null || !Unchanged(parameter))
            {
                Invalidate();
                // Temporaries of the rescaling die with this scope; the cache keeps only its two tensors.
                using (NewDisposeScope())
                {
                    _cached = _compute(parameter).DetachFromDisposeScope();
                    _snapshot = parameter.detach().clone().DetachFromDisposeScope();
                }
                CacheMisses++;
            }
            return _cached.alias();
        }
    }

    private bool Unchanged(Parameter parameter)
    {
        Tensor s = _snapshot!;
        if (s.dtype != parameter.dtype || s.device_type != parameter.device_type || s.device_index != parameter.device_index) return false;
        if (!s.shape.AsSpan().SequenceEqual(parameter.shape)) return false;
        return s.Equals(parameter);
    }

    /// <summary>Drops the cached weight; the next eval forward recomputes it.</summary>
    internal void Invalidate()
    {
        _cached?.Dispose();
        _cached = null;
        _snapshot?.Dispose();
        _snapshot = null;
    }

    /// <summary>Frees the cached weight.</summary>
    public void Dispose() => Invalidate();
}
