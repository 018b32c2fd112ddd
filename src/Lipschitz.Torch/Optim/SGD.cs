using System;
using System.Collections.Generic;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch.Modules;

using static torch;

/// <summary>
/// Stochastic gradient descent, PyTorch's update: d = g + λp; b = μb + (1−τ)d (b = d at the first step);
/// d = d + μb (Nesterov) or b; p −= lr·d.
/// </summary>
public sealed class SGD : optim.Optimizer
{
    private readonly IntPtr[] _buffers;
    private readonly Tensor?[] _bufferOwners;
    private double _momentum;

    /// <summary>Creates the optimizer; see <see cref="optim.SGD"/>.</summary>
    public SGD(IEnumerable<nn.Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        CheckNonNegative(momentum, nameof(momentum));
        CheckNonNegative(dampening, nameof(dampening));
        CheckNonNegative(weight_decay, nameof(weight_decay));
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening");
        _momentum = momentum;
        Dampening = dampening;
        WeightDecay = weight_decay;
        Nesterov = nesterov;
        _buffers = new IntPtr[Parameters.Count];
        _bufferOwners = new Tensor?[Parameters.Count];
    }

    /// <summary>The momentum factor μ (the one-cycle scheduler cycles it).</summary>
    public double Momentum
    {
        get => _momentum;
        set
        {
            CheckNonNegative(value, nameof(value));
            _momentum = value;
        }
    }

    /// <summary>The dampening τ of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>The L2 weight-decay factor λ added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>The momentum buffer of a parameter (a view of the optimizer's state), or null before its first step.</summary>
    public Tensor? MomentumBuffer(int parameterIndex) => _bufferOwners[parameterIndex];

    /// <inheritdoc />
    public override unsafe void step()
    {
        ThrowIfDisposed();
        IntPtr[] ps = Handles();
        int status;
        fixed (IntPtr* p = ps)
        fixed (IntPtr* b = _buffers)
            status = NnNativeMethods.lt_sgd_step(p, b, ps.Length, LearningRate, _momentum, Dampening, WeightDecay, Nesterov ? 1 : 0);
        Adopt(_buffers, _bufferOwners);
        GC.KeepAlive(Parameters);
        NativeMethods.Check(status);
    }

    /// <inheritdoc />
    protected override IEnumerable<Hyperparameter> Hyperparameters() => new Hyperparameter[]
    {
        new("momentum", _momentum, v => Momentum = v),
        new("dampening", Dampening),
        new("weight_decay", WeightDecay),
        new("nesterov", Nesterov ? 1 : 0),
    };

    private static readonly string[] s_stateNames = { MomentumBufferName };
    private const string MomentumBufferName = "momentum_buffer";

    /// <inheritdoc />
    protected override IReadOnlyList<string> StateNames => s_stateNames;

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Tensor Value)> ExportState(int index)
    {
        if (_bufferOwners[index] is { } b) yield return (MomentumBufferName, b.detach());
    }

    /// <inheritdoc />
    protected override void ImportState(int index, IReadOnlyDictionary<string, Tensor>? state)
    {
        _bufferOwners[index]?.Dispose();
        Tensor? b = state?[MomentumBufferName];
        _bufferOwners[index] = b;
        _buffers[index] = b?.Handle ?? IntPtr.Zero;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        DisposeAll(_bufferOwners);
        Array.Clear(_buffers);
    }
}
