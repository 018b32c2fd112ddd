using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            /// <summary>The scheduler classes that the <see cref="lr_scheduler"/> factory methods return.</summary>
            public static class impl
            {
                /// <summary>lr = base·γ^⌊t/step_size⌋.</summary>
                public sealed class StepLR : LRScheduler
                {
                    private readonly int _stepSize;
                    private readonly double _gamma;

                    /// <summary>Creates the schedule and sets the learning rate of step 0.</summary>
                    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) : base(optimizer)
                    {
                        if (step_size < 1) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, "step_size must be ≥ 1");
                        _stepSize = step_size;
                        _gamma = gamma;
                        Start();
                    }

                    /// <inheritdoc />
                    protected override double LearningRateAt(int epoch) => BaseLearningRate * Math.Pow(_gamma, epoch / _stepSize);
                }

                /// <summary>lr = η_min + (base − η_min)·(1 + cos(π·t/T_max))/2 (PyTorch's closed form; periodic past T_max).</summary>
                public sealed class CosineAnnealingLR : LRScheduler
                {
                    private readonly int _tMax;
                    private readonly double _etaMin;

                    /// <summary>Creates the schedule and sets the learning rate of step 0.</summary>
                    public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0) : base(optimizer)
                    {
                        if (T_max < 1) throw new ArgumentOutOfRangeException(nameof(T_max), T_max, "T_max must be ≥ 1");
                        _tMax = T_max;
                        _etaMin = eta_min;
                        Start();
                    }

                    /// <inheritdoc />
                    protected override double LearningRateAt(int epoch) =>
                        _etaMin + (BaseLearningRate - _etaMin) * (1 + Math.Cos(Math.PI * epoch / _tMax)) / 2;
                }

                /// <summary>The one-cycle policy with PyTorch's phases, annealing and momentum cycling.</summary>
                public sealed class OneCycleLR : LRScheduler
                {
                    /// <summary>How the learning rate moves within a phase.</summary>
                    public enum AnnealStrategy
                    {
                        /// <summary>Half a cosine wave.</summary>
                        Cos,
                        /// <summary>A straight line.</summary>
                        Linear,
                    }

                    private readonly record struct Phase(double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum);

                    private readonly Phase[] _phases;
                    private readonly int _totalSteps;
                    private readonly AnnealStrategy _anneal;
                    private readonly bool _cycleMomentum;

                    /// <summary>Creates the schedule: sets lr = max_lr/div_factor and, when cycling, the momentum to max_momentum.</summary>
                    public OneCycleLR(Optimizer optimizer, double max_lr, int total_steps, double pct_start = 0.3, AnnealStrategy anneal_strategy = AnnealStrategy.Cos,
                        bool cycle_momentum = true, double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25,
                        double final_div_factor = 1e4, bool three_phase = false) : base(optimizer)
                    {
                        if (total_steps < 1) throw new ArgumentOutOfRangeException(nameof(total_steps), total_steps, "total_steps must be ≥ 1");
                        if (!(pct_start >= 0 && pct_start <= 1)) throw new ArgumentOutOfRangeException(nameof(pct_start), pct_start, "pct_start must be in [0, 1]");
                        if (!(max_lr > 0)) throw new ArgumentOutOfRangeException(nameof(max_lr), max_lr, "max_lr must be > 0");
                        if (cycle_momentum && optimizer is not Modules.SGD and not Modules.Adam)
                            throw new ArgumentException($"{optimizer.GetType().Name} has neither momentum nor beta1 to cycle; pass cycle_momentum: false", nameof(optimizer));
                        _totalSteps = total_steps;
                        _anneal = anneal_strategy;
                        _cycleMomentum = cycle_momentum;
                        double initial = max_lr / div_factor, min = initial / final_div_factor;
                        _phases = three_phase
                            ? new[]
                            {
                                new Phase(pct_start * total_steps - 1, initial, max_lr, max_momentum, base_momentum),
                                new Phase(2 * pct_start * total_steps - 2, max_lr, initial, base_momentum, max_momentum),
                                new Phase(total_steps - 1, initial, min, max_momentum, max_momentum),
                            }
                            : new[]
                            {
                                new Phase(pct_start * total_steps - 1, initial, max_lr, max_momentum, base_momentum),
                                new Phase(total_steps - 1, max_lr, min, base_momentum, max_momentum),
                            };
                        BaseLearningRate = initial;
                        optimizer.LearningRate = initial;
                        if (cycle_momentum) SetMomentum(max_momentum);
                        Start();
                    }

                    private void SetMomentum(double value)
                    {
                        switch (Optimizer)
                        {
                            case Modules.Adam adam: adam.Beta1 = value; break;
                            case Modules.SGD sgd: sgd.Momentum = value; break;
                        }
                    }

                    private double Anneal(double start, double end, double pct) => _anneal == AnnealStrategy.Cos
                        ? end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1)
                        : (end - start) * pct + start;

                    /// <inheritdoc />
                    protected override double LearningRateAt(int epoch)
                    {
                        if (epoch > _totalSteps)
                            throw new InvalidOperationException($"Tried to step {epoch} times. The specified number of total steps is {_totalSteps}");
                        double start = 0;
                        for (int i = 0; i < _phases.Length; i++)
                        {
                            Phase phase = _phases[i];
                            if (epoch <= phase.EndStep || i == _phases.Length - 1)
                            {
                                double pct = (epoch - start) / (phase.EndStep - start);
                                if (_cycleMomentum) SetMomentum(Anneal(phase.StartMomentum, phase.EndMomentum, pct));
                                return Anneal(phase.StartLr, phase.EndLr, pct);
                            }
                            start = phase.EndStep;
                        }
                        throw new InvalidOperationException("unreachable: the last phase always matches");
                    }
                }
            }
        }
    }
}
