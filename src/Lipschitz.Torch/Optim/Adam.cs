using System;
using System.Collections.Generic;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch.Modules;

using static torch;

/// <summary>
/// Adam, PyTorch's update: g += λp (Adam) or p ·= 1 − lr·λ (AdamW); m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
/// p −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε), with t counted per parameter.
/// </summary>
public class Adam : optim.Optimizer
{
    private readonly IntPtr[] _expAvg, _expAvgSq;
    private readonly Tensor?[] _expAvgOwners, _expAvgSqOwners;
    private readonly long[] _steps;
    private readonly bool _decoupled;
    private double _beta1, _beta2;

    /// <summary>Creates the optimizer; see <see cref="optim.Adam"/>.</summary>
    public Adam(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
        : this(parameters, lr, beta1, beta2, eps, weight_decay, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<nn.Parameter> parameters, double lr, double beta1, double beta2, double eps, double weight_decay, bool decoupled)
        : base(parameters, lr)
    {
        CheckBeta(beta1, nameof(beta1));
        CheckBeta(beta2, nameof(beta2));
        CheckNonNegative(eps, nameof(eps));
        CheckNonNegative(weight_decay, nameof(weight_decay));
        _beta1 = beta1;
        _beta2 = beta2;
        Eps = eps;
        WeightDecay = weight_decay;
        _decoupled = decoupled;
        int n = Parameters.Count;
        _expAvg = new IntPtr[n];
        _expAvgSq = new IntPtr[n];
        _expAvgOwners = new Tensor?[n];
        _expAvgSqOwners = new Tensor?[n];
        _steps = new long[n];
    }

    /// <summary>β₁, the decay of the first-moment estimate (the one-cycle scheduler cycles it).</summary>
    public double Beta1
    {
        get => _beta1;
        set
        {
            CheckBeta(value, nameof(value));
            _beta1 = value;
        }
    }

    /// <summary>β₂, the decay of the second-moment estimate.</summary>
    public double Beta2
    {
        get => _beta2;
        set
        {
            CheckBeta(value, nameof(value));
            _beta2 = value;
        }
    }

    /// <summary>ε added to the denominator.</summary>
    public double Eps { get; }

    /// <summary>The weight-decay factor λ (L2 in the gradient for Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; }

    /// <summary>How many updates a parameter has had.</summary>
    public long StepCount(int parameterIndex) => _steps[parameterIndex];

    /// <summary>The first-moment estimate m of a parameter, or null before its first step.</summary>
    public Tensor? ExpAvg(int parameterIndex) => _expAvgOwners[parameterIndex];

    /// <summary>The second-moment estimate v of a parameter, or null before its first step.</summary>
    public Tensor? ExpAvgSq(int parameterIndex) => _expAvgSqOwners[parameterIndex];

    /// <inheritdoc />
    public override unsafe void step()
    {
        ThrowIfDisposed();
        IntPtr[] ps = Handles();
        int status;
        fixed (IntPtr* p = ps)
        fixed (IntPtr* m = _expAvg)
        fixed (IntPtr* v = _expAvgSq)
        fixed (long* s = _steps)
            status = NnNativeMethods.lt_adam_step(p, m, v, s, ps.Length, LearningRate, _beta1, _beta2, Eps, WeightDecay, _decoupled ? 1 : 0);
        Adopt(_expAvg, _expAvgOwners);
        Adopt(_expAvgSq, _expAvgSqOwners);
        GC.KeepAlive(Parameters);
        NativeMethods.Check(status);
    }

    /// <inheritdoc />
    protected override IEnumerable<Hyperparameter> Hyperparameters() => new Hyperparameter[]
    {
        new("beta1", _beta1, v => Beta1 = v),
        new("beta2", _beta2, v => Beta2 = v),
        new("eps", Eps),
        new("weight_decay", WeightDecay),
        new("decoupled_weight_decay", _decoupled ? 1 : 0),
    };

    private static readonly string[] s_stateNames = { StepName, ExpAvgName, ExpAvgSqName };
    private const string ExpAvgName = "exp_avg", ExpAvgSqName = "exp_avg_sq";

    /// <inheritdoc />
    protected override IReadOnlyList<string> StateNames => s_stateNames;

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Tensor Value)> ExportState(int index)
    {
        if (_expAvgOwners[index] is not { } m || _expAvgSqOwners[index] is not { } v) yield break;
        yield return (StepName, tensor(_steps[index]));
        yield return (ExpAvgName, m.detach());
        yield return (ExpAvgSqName, v.detach());
    }

    /// <inheritdoc />
    protected override void ImportState(int index, IReadOnlyDictionary<string, Tensor>? state)
    {
        _expAvgOwners[index]?.Dispose();
        _expAvgSqOwners[index]?.Dispose();
        Tensor? m = state?[ExpAvgName], v = state?[ExpAvgSqName];
        _expAvgOwners[index] = m;
        _expAvgSqOwners[index] = v;
        _expAvg[index] = m?.Handle ?? IntPtr.Zero;
        _expAvgSq[index] = v?.Handle ?? IntPtr.Zero;
        if (state?[StepName] is { } step)
        {
            _steps[index] = step.item<long>();
            step.Dispose();
        }
        else _steps[index] = 0;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        DisposeAll(_expAvgOwners);
        DisposeAll(_expAvgSqOwners);
        Array.Clear(_expAvg);
        Array.Clear(_expAvgSq);
    }
}

/// <summary>AdamW: Adam whose weight decay shrinks the parameters directly (p ·= 1 − lr·λ) instead of entering the gradient.</summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer; see <see cref="optim.AdamW"/>.</summary>
    public AdamW(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 1e-2)
        : base(parameters, lr, beta1, beta2, eps, weight_decay, decoupled: true)
    {
    }
}
