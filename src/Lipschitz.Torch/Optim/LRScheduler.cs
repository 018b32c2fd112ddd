using System;
using System.Collections.Generic;

namespace Lipschitz.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Learning-rate schedulers: call <c>step()</c> once after each optimizer step (or epoch), as in PyTorch.</summary>
        public static partial class lr_scheduler
        {
            /// <summary>
            /// Base of the schedulers: construction sets the learning rate of step 0; each <see cref="step"/> advances
            /// <see cref="last_epoch"/> and sets the optimizer's learning rate to the schedule's value there.
            /// </summary>
            public abstract class LRScheduler
            {
                private double _lastLr;

                /// <summary>Binds the schedule to <paramref name="optimizer"/>; derived constructors call <see cref="Start"/>.</summary>
                protected LRScheduler(Optimizer optimizer)
                {
                    Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
                    BaseLearningRate = optimizer.InitialLearningRate;
                }

                /// <summary>The optimizer whose learning rate is scheduled.</summary>
                public Optimizer Optimizer { get; }

                /// <summary>The learning rate the schedule starts from (PyTorch's base_lrs).</summary>
                public double BaseLearningRate { get; protected set; }

                /// <summary>The number of steps taken (0 right after construction).</summary>
                public int last_epoch { get; private set; } = -1;

                /// <summary>Sets the learning rate of step 0; derived constructors call it last.</summary>
                protected void Start() => step();

                /// <summary>Advances one step and sets the optimizer's learning rate.</summary>
                public void step()
                {
                    last_epoch++;
                    _lastLr = LearningRateAt(last_epoch);
                    Optimizer.LearningRate = _lastLr;
                }

                /// <summary>The learning rate set by the latest step (one entry: this binding has one parameter group).</summary>
                public IReadOnlyList<double> get_last_lr() => new[] { _lastLr };

                /// <summary>The schedule's learning rate at step <paramref name="epoch"/> (it may also set other optimizer settings).</summary>
                protected abstract double LearningRateAt(int epoch);
            }

            /// <summary>Multiplies the learning rate by <paramref name="gamma"/> every <paramref name="step_size"/> steps.</summary>
            public static impl.StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) => new(optimizer, step_size, gamma);

            /// <summary>Cosine annealing from the initial learning rate to <paramref name="eta_min"/> over <paramref name="T_max"/> steps.</summary>
            public static impl.CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0) => new(optimizer, T_max, eta_min);

            /// <summary>
            /// The one-cycle policy (Smith and Topin) with PyTorch's defaults: the learning rate rises from max_lr/div_factor to
            /// max_lr over pct_start of the steps, then falls to max_lr/(div_factor·final_div_factor); momentum (SGD) or β₁ (Adam)
            /// cycles the other way between max_momentum and base_momentum.
            /// </summary>
            public static impl.OneCycleLR OneCycleLR(Optimizer optimizer, double max_lr, int total_steps, double pct_start = 0.3,
                impl.OneCycleLR.AnnealStrategy anneal_strategy = impl.OneCycleLR.AnnealStrategy.Cos, bool cycle_momentum = true,
                double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4,
                bool three_phase = false) =>
                new(optimizer, max_lr, total_steps, pct_start, anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor,
                    final_div_factor, three_phase);
        }
    }
}
