using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The eval-mode quantities of a layer of the dense families (a constrained weight, SLL's scales, CPL's step, Sandwich's
/// factors), computed without autograd from several parameters and kept until any of them changes. As in
/// <see cref="ConstrainedWeight"/>, "changes" is decided by comparing each parameter with a private copy taken when the
/// cache was filled (dtype, device, shape and every value), which sees optimizer steps, <c>load_state_dict</c>,
/// <c>Module.to()</c> and in-place writes alike.
/// </summary>
internal sealed class DenseEvalCache : IDisposable
{
    private Tensor[]? _values;
    private Tensor[]? _snapshots;

    /// <summary>How many times the cache was (re)filled; for tests.</summary>
    internal int CacheMisses { get; private set; }

    /// <summary>
    /// The cached values as aliases owned by the caller (dispose them), recomputed by <paramref name="compute"/> when any
    /// of <paramref name="sources"/> changed. <paramref name="compute"/> runs without autograd inside a dispose scope and
    /// must return new tensors (never a source itself).
    /// </summary>
    internal Tensor[] Get(IReadOnlyList<Tensor> sources, Func<Tensor[]> compute)
    {
        using (no_grad())
        {
            if (_values is null || !Unchanged(sources))
            {
                Invalidate();
                using (NewDisposeScope())
                {
                    Tensor[] values = compute();
                    foreach (Tensor v in values) v.DetachFromDisposeScope();
                    _values = values;
                    _snapshots = sources.Select(s => s.detach().clone().DetachFromDisposeScope()).ToArray();
                }
                CacheMisses++;
            }
            return _values.Select(v => v.alias()).ToArray();
        }
    }

    private bool Unchanged(IReadOnlyList<Tensor> sources)
    {
        if (_snapshots is null || _snapshots.Length != sources.Count) return false;
        for (int i = 0; i < sources.Count; i++)
        {
            Tensor s = _snapshots[i], p = sources[i];
            if (s.dtype != p.dtype || s.device_type != p.device_type || s.device_index != p.device_index) return false;
            if (!s.shape.AsSpan().SequenceEqual(p.shape)) return false;
            if (!s.Equals(p)) return false;
        }
        return true;
    }

    /// <summary>Drops the cached values; the next eval forward recomputes them.</summary>
    internal void Invalidate()
    {
        if (_values is not null) foreach (Tensor v in _values) v.Dispose();
        _values = null;
        if (_snapshots is not null) foreach (Tensor s in _snapshots) s.Dispose();
        _snapshots = null;
    }

    /// <summary>Frees the cached values.</summary>
    public void Dispose() => Invalidate();
}
