using System;
using Lipschitz.Torch;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The constrained weight of a layer, computed from its free parameter in every training forward (so
/// gradients reach the parameter) and cached in eval mode until the parameter changes.
/// </summary>
/// <remarks>
/// "Changes" is read from the parameter's version counter (bumped by every in-place update: optimizer
/// steps, copy_, load_state_dict, Tensor.CopyFrom's raw copy, and Parameter.set_data's storage swap, as Module.to
/// does) together with its storage address, element type and device. Module.to also calls
/// <see cref="Invalidate"/> through OnConverted, which it runs on every module it converts.
/// The cached weight is computed without autograd: eval mode is for inference, attacks and certificates,
/// which differentiate with respect to inputs, never to parameters.
/// </remarks>
internal sealed class ConstrainedWeight : IDisposable
{
    private readonly Func<Tensor, Tensor> _compute;
    private Tensor? _cached;
    private (long Version, IntPtr Storage, ScalarType Type, Device Device) _key;

    /// <summary>Wraps the rescaling <paramref name="compute"/> (parameter → constrained weight).</summary>
    internal ConstrainedWeight(Func<Tensor, Tensor> compute) => _compute = compute;

    /// <summary>How many times the cached weight was (re)computed; for tests of the cache.</summary>
    internal int CacheMisses { get; private set; }

    /// <summary>
    /// The constrained weight, owned by the caller (dispose it): computed afresh with autograd while
    /// <paramref name="training"/>, else an alias of the cached one, recomputed if the parameter changed.
    /// </summary>
    internal Tensor Get(nn.Parameter parameter, bool training)
    {
        if (training)
        {
            Invalidate();
            return _compute(parameter);
        }
        var key = (parameter.Version, parameter.StoragePointer, parameter.dtype, parameter.device);
        if (_cached is null || _key != key)
        {
            Invalidate();
            using (no_grad())
            {
                Tensor w = _compute(parameter);
                _cached = w.DetachFromDisposeScope();
            }
            _key = key;
            CacheMisses++;
        }
        return _cached.alias();
    }

    /// <summary>Drops the cached weight; the next eval forward recomputes it.</summary>
    internal void Invalidate()
    {
        _cached?.Dispose();
        _cached = null;
    }

    /// <summary>Frees the cached weight.</summary>
    public void Dispose() => Invalidate();
}
