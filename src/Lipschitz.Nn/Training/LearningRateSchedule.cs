using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Training;

/// <summary>
/// A learning-rate schedule as a function of the step, with PyTorch's formulas (CosineAnnealingLR's recursion,
/// OneCycleLR's phases and β₁/momentum cycling), applied to every parameter group of a TorchSharp optimizer. Unlike
/// TorchSharp's schedulers it can be set to any step (a resumed run continues where it stopped), it is right at the
/// last step, and it sets momentum on the parameter groups, which is what the optimizers read.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at step <paramref name="step"/> (0 before the first optimizer step).</summary>
    public abstract double LearningRate(int step);

    /// <summary>The momentum (SGD) or β₁ (Adam) at <paramref name="step"/>, or null when the schedule leaves it alone.</summary>
    public virtual double? Momentum(int step) => null;

    /// <summary>Sets the learning rate (and momentum, if scheduled) of every parameter group for step <paramref name="step"/>.</summary>
    public void Apply(optim.Optimizer optimizer, int step)
    {
        double lr = LearningRate(step);
        double? momentum = Momentum(step);
        foreach (optim.ILearningRateController group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
            if (momentum is double m) SetMomentum(group, m);
        }
    }

    /// <summary>Sets momentum (SGD) or β₁ (Adam, AdamW) of one parameter group.</summary>
    internal static void SetMomentum(optim.ILearningRateController group, double value)
    {
        switch (group)
        {
            case optim.IBetas betas:
                betas.Betas = (value, betas.Betas.Item2);
                break;
            case optim.IMomentum sgd:
                sgd.Momentum = value;
                break;
            default:
                throw new NotSupportedException($"{group.GetType().FullName} has neither momentum nor β₁ to schedule");
        }
    }
}

/// <summary>The same learning rate at every step.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    private readonly double _lr;

    /// <summary>Creates the schedule.</summary>
    public ConstantSchedule(double lr) => _lr = lr;

    /// <inheritdoc />
    public override double LearningRate(int step) => _lr;
}

/// <summary>PyTorch's CosineAnnealingLR(T_max, eta_min) stepped once per optimizer step, with its recursive update (bit for bit).</summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    private readonly double _base, _min;
    private readonly int _tMax;
    private readonly List<double> _values = new();

    /// <summary>Creates the schedule from <paramref name="lr"/> down to <paramref name="finalLr"/> over <paramref name="steps"/> steps.</summary>
    public CosineSchedule(double lr, int steps, double finalLr)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one step");
        _base = lr;
        _tMax = steps;
        _min = finalLr;
        _values.Add(lr);
    }

    /// <inheritdoc />
    public override double LearningRate(int step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "steps start at 0");
        for (int t = _values.Count; t <= step; t++)
        {
            double previous = _values[t - 1];
            double next = (t - 1 - _tMax) % (2 * _tMax) == 0
                ? previous + (_base - _min) * (1 - Math.Cos(Math.PI / _tMax)) / 2
                : (1 + Math.Cos(Math.PI * t / _tMax)) / (1 + Math.Cos(Math.PI * (t - 1) / _tMax)) * (previous - _min) + _min;
            _values.Add(next);
        }
        return _values[step];
    }
}

/// <summary>PyTorch's OneCycleLR (two phases, cosine annealing, momentum cycled between 0.95 and 0.85).</summary>
public sealed class OneCycleSchedule : LearningRateSchedule
{
    private readonly (double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum)[] _phases;
    private readonly int _totalSteps;

    /// <summary>Creates the schedule: from max_lr/25 up to <paramref name="maxLr"/> over <paramref name="warmup"/> of the steps, then down to <paramref name="finalLr"/>.</summary>
    public OneCycleSchedule(double maxLr, int totalSteps, double warmup, double finalLr, double baseMomentum = 0.85, double maxMomentum = 0.95)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "at least one step");
        if (!(warmup >= 0 && warmup <= 1)) throw new ArgumentOutOfRangeException(nameof(warmup), warmup, "a fraction in [0, 1]");
        if (!(maxLr > 0)) throw new ArgumentOutOfRangeException(nameof(maxLr), maxLr, "must be positive");
        // PyTorch's div_factor 25, and the final_div_factor that lands on finalLr (1e4 when none is given).
        double initial = maxLr / 25;
        double finalDiv = finalLr > 0 ? maxLr / 25 / finalLr : 1e4;
        double min = initial / finalDiv;
        _totalSteps = totalSteps;
        _phases = new[]
        {
            (warmup * totalSteps - 1, initial, maxLr, maxMomentum, baseMomentum),
            (totalSteps - 1.0, maxLr, min, baseMomentum, maxMomentum),
        };
    }

    /// <inheritdoc />
    public override double LearningRate(int step) => At(step).Lr;

    /// <inheritdoc />
    public override double? Momentum(int step) => At(step).Momentum;

    private (double Lr, double Momentum) At(int step)
    {
        if (step < 0 || step > _totalSteps) throw new ArgumentOutOfRangeException(nameof(step), step, $"the schedule has {_totalSteps} steps");
        double start = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (step <= phase.EndStep || i == _phases.Length - 1)
            {
                double pct = (step - start) / (phase.EndStep - start);
                return (Anneal(phase.StartLr, phase.EndLr, pct), Anneal(phase.StartMomentum, phase.EndMomentum, pct));
            }
            start = phase.EndStep;
        }
        throw new InvalidOperationException("unreachable: the last phase always matches");
    }

    private static double Anneal(double start, double end, double pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);
}
