using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The norm ‖K‖ of a stride-1 'same'-padded convolution (odd kernel, padding k/2) as the convolution layers of the
/// zoo need it: while training, a power-iteration estimate differentiable in the kernel (one step per call on a
/// persistent vector, as in spectral normalisation) of the circular convolution on the torus the verified bound uses;
/// in eval mode, the verified upper bound
/// <see cref="Estimation.OperatorNorm.ConvUpper"/> for the input size at hand, cached until the kernel or the size
/// changes.
/// </summary>
/// <remarks>
/// The power-iteration vector is not a registered buffer: its shape follows the input size, and it is only a warm start
/// (state dicts and checkpoints stay independent of the sizes a layer has seen). It starts from a fixed generator, so
/// training is deterministic for a seed. The estimate is a lower bound of the torus norm, which bounds ‖K‖ on the image
/// (zero padding embeds into the torus); a layer divided by it may exceed its bound while training, never in eval mode,
/// where certificates are computed with the verified bound.
/// </remarks>
internal sealed class ConvNormTracker : IDisposable
{
    private readonly int _steps;
    private Tensor? _vector;
    private readonly EvalCache _cache = new();

    /// <summary>A tracker doing <paramref name="steps"/> power-iteration steps per training call.</summary>
    internal ConvNormTracker(int steps = 1) => _steps = steps;

    /// <summary>How many times the verified bound was computed (for tests of the cache).</summary>
    internal int VerifiedComputations { get; private set; }

    /// <summary>The padding of a 'same' convolution with the kernel.</summary>
    internal static long[] Same(Tensor kernel) => new[] { kernel.size(2) / 2, kernel.size(3) / 2 };

    /// <summary>
    /// ‖K u‖ for the unit u reached by power iteration on KᵀK, K the circular convolution on the (H + 2p)×(W + 2p) torus
    /// (the operator whose norm the eval-mode bound computes, so training and eval divide by the same quantity, up to
    /// convergence and the bound's margin); u is held fixed, so the result is differentiable in <paramref name="kernel"/>.
    /// A 0-dimensional tensor of the kernel's dtype and device.
    /// </summary>
    internal Tensor Estimate(Tensor kernel, long height, long width)
    {
        long ph = kernel.size(2) / 2, pw = kernel.size(3) / 2;
        using (no_grad())
        {
            long[] shape = { 1, kernel.size(1), height + 2 * ph, width + 2 * pw };
            if (_vector is null || !_vector.shape.AsSpan().SequenceEqual(shape) || _vector.dtype != kernel.dtype || _vector.device_type != kernel.device_type || _vector.device_index != kernel.device_index)
            {
                _vector?.Dispose();
                var generator = new Generator(0, kernel.device);
                using Tensor start = randn(shape, dtype: kernel.dtype, device: kernel.device, generator: generator);
                _vector = start.detach().clone().DetachFromDisposeScope();
            }
            using Tensor k = kernel.detach();
            using Tensor adjoint = k.transpose(0, 1).flip(2, 3);   // the circular correlation's adjoint: transposed, reversed taps
            for (int i = 0; i < _steps; i++)
            {
                using Tensor norm = _vector.norm();
                using Tensor unit = _vector / norm.clamp_min(1e-30);
                using Tensor image = Circular(unit, k);
                using Tensor back = Circular(image, adjoint);
                _vector.copy_(back);
            }
        }
        using Tensor n = _vector.norm();
        using Tensor u = _vector / n.clamp_min(1e-30);
        using Tensor ku = Circular(u, kernel);
        return ku.norm();
    }

    /// <summary>The circular cross-correlation of <paramref name="x"/> with an odd, centred kernel (the size is kept).</summary>
    internal static Tensor Circular(Tensor x, Tensor kernel)
    {
        long ph = kernel.size(2) / 2, pw = kernel.size(3) / 2;
        using Tensor wrapped = nn.functional.pad(x, new[] { pw, pw, ph, ph }, PaddingModes.Circular);
        return nn.functional.conv2d(wrapped, kernel);
    }

    /// <summary>A verified upper bound of ‖K‖ on height×width inputs (zero padding k/2), cached while the kernel and size are unchanged.</summary>
    internal double Verified(Tensor kernel, long height, long width)
    {
        if (_cache.TryGet(kernel, height, width, out double value)) return value;
        value = Estimation.OperatorNorm.ConvUpper(kernel, 1, kernel.size(2) / 2, height, width);
        _cache.Store(kernel, height, width, value);
        VerifiedComputations++;
        return value;
    }

    /// <summary>Drops the cached bound.</summary>
    internal void Invalidate() => _cache.Invalidate();

    /// <summary>Frees the vector and the cache.</summary>
    public void Dispose()
    {
        _vector?.Dispose();
        _vector = null;
        _cache.Dispose();
    }
}

/// <summary>
/// One value computed from a tensor and an input size (a verified norm, a per-frequency transform), kept while a private
/// copy of the tensor equals it (dtype, device, shape and every value, as <see cref="ConstrainedWeight"/> decides) and the
/// size is the same.
/// </summary>
internal sealed class EvalCache : IDisposable
{
    private Tensor? _snapshot;
    private long _height, _width;
    private double _number;
    private Tensor? _tensor;

    /// <summary>Whether a value for this tensor and size is held; if so, the number.</summary>
    internal bool TryGet(Tensor source, long height, long width, out double number)
    {
        number = _number;
        return Holds(source, height, width);
    }

    /// <summary>Whether a value for this tensor and size is held; if so, an alias of the tensor (the caller disposes it).</summary>
    internal bool TryGet(Tensor source, long height, long width, out Tensor? tensor)
    {
        tensor = Holds(source, height, width) && _tensor is not null ? _tensor.alias() : null;
        return tensor is not null;
    }

    private bool Holds(Tensor source, long height, long width)
    {
        if (_snapshot is null || height != _height || width != _width) return false;
        if (_snapshot.dtype != source.dtype || _snapshot.device_type != source.device_type || _snapshot.device_index != source.device_index) return false;
        if (!_snapshot.shape.AsSpan().SequenceEqual(source.shape)) return false;
        using (no_grad()) return _snapshot.Equals(source);
    }

    /// <summary>Keeps <paramref name="number"/> for the tensor and size.</summary>
    internal void Store(Tensor source, long height, long width, double number) => Store(source, height, width, number, null);

    /// <summary>Keeps <paramref name="tensor"/> (taking ownership) for the source tensor and size.</summary>
    internal void Store(Tensor source, long height, long width, Tensor tensor) => Store(source, height, width, 0, tensor);

    private void Store(Tensor source, long height, long width, double number, Tensor? tensor)
    {
        Invalidate();
        using (no_grad()) _snapshot = source.detach().clone().DetachFromDisposeScope();
        _height = height;
        _width = width;
        _number = number;
        _tensor = tensor?.DetachFromDisposeScope();
    }

    /// <summary>Forgets the value.</summary>
    internal void Invalidate()
    {
        _snapshot?.Dispose();
        _snapshot = null;
        _tensor?.Dispose();
        _tensor = null;
    }

    /// <summary>Frees the copies.</summary>
    public void Dispose() => Invalidate();
}
