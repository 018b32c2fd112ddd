using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Training;

/// <summary>An optimizer state that does not fit the optimizer it is loaded into; the message names the difference.</summary>
public sealed class OptimizerStateMismatchException : Exception
{
    /// <summary>Creates the error.</summary>
    public OptimizerStateMismatchException(string message) : base(message)
    {
    }
}

/// <summary>
/// The state of TorchSharp's SGD, Adam and AdamW (moment estimates, momentum buffers, step counts) as named tensors, so
/// that it can be saved beside a checkpoint in PyTorch's file format and restored bit for bit. Keys:
/// <c>optimizer.NAME</c> (the optimizer's class, a marker), <c>param_groups.G.num_params</c>, <c>param_groups.G.lr</c>,
/// and per parameter <c>i</c> (in the optimizer's order) <c>state.i.step</c>, <c>state.i.exp_avg</c>,
/// <c>state.i.exp_avg_sq</c>, <c>state.i.max_exp_avg_sq</c> (Adam/AdamW) or <c>state.i.momentum_buffer</c> (SGD).
/// Hyperparameters (learning rate, betas, momentum) are recorded but not restored: a resumed run takes them from its
/// recipe and its schedule. Files of the runtime before TorchSharp (the same keys without the marker) are read too.
/// </summary>
public static class OptimizerState
{
    /// <summary>The optimizer's state as new CPU tensors (the caller disposes them).</summary>
    public static List<KeyValuePair<string, Tensor>> Capture(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var result = new List<KeyValuePair<string, Tensor>>();
        // Temporaries (CPU copies' wrappers) die with the scope; the captured tensors are detached from it.
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            result.Add(new("optimizer." + optimizer.GetType().Name, tensor(1L)));
            int g = 0;
            foreach (optim.ILearningRateController group in optimizer.ParamGroups)
            {
                int count = ((ParamGroup)group).Parameters.Count();
                result.Add(new($"param_groups.{g}.num_params", tensor((long)count)));
                result.Add(new($"param_groups.{g}.lr", tensor(group.LearningRate, ScalarType.Float64)));
                g++;
            }
            IReadOnlyList<TorchSharp.Modules.OptimizerState> states = States(optimizer);
            for (int i = 0; i < states.Count; i++)
            {
                string p = "state." + i.ToString(CultureInfo.InvariantCulture) + ".";
                switch (states[i])
                {
                    case Adam.State a:
                        result.Add(new(p + "step", tensor(a.step)));
                        result.Add(new(p + "exp_avg", a.exp_avg.cpu().clone()));
                        result.Add(new(p + "exp_avg_sq", a.exp_avg_sq.cpu().clone()));
                        if (a.max_exp_avg_sq is not null) result.Add(new(p + "max_exp_avg_sq", a.max_exp_avg_sq.cpu().clone()));
                        break;
                    case AdamW.State a:
                        result.Add(new(p + "step", tensor(a.step)));
                        result.Add(new(p + "exp_avg", a.exp_avg.cpu().clone()));
                        result.Add(new(p + "exp_avg_sq", a.exp_avg_sq.cpu().clone()));
                        if (a.max_exp_avg_sq is not null) result.Add(new(p + "max_exp_avg_sq", a.max_exp_avg_sq.cpu().clone()));
                        break;
                    case SGD.State s:
                        if (s.momentum_buffer is not null) result.Add(new(p + "momentum_buffer", s.momentum_buffer.cpu().clone()));
                        break;
                    default:
                        throw new NotSupportedException($"saving the state of {optimizer.GetType().Name} is not supported (SGD, Adam and AdamW are)");
                }
            }
            foreach (var (_, t) in result) t.DetachFromDisposeScope();
        }
        return result;
    }

    /// <summary>
    /// Restores moments, buffers and step counts captured by <see cref="Capture"/> into <paramref name="optimizer"/> (same class,
    /// same parameter count and shapes); anything else is an <see cref="OptimizerStateMismatchException"/> and changes nothing.
    /// </summary>
    public static void Restore(optim.Optimizer optimizer, IReadOnlyList<KeyValuePair<string, Tensor>> state)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var map = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (k, v) in state) map[k] = v;
        string? kind = map.Keys.FirstOrDefault(k => k.StartsWith("optimizer.", StringComparison.Ordinal))?["optimizer.".Length..]
            ?? PreviousBindingKind(map)
            ?? throw new OptimizerStateMismatchException("the file names no optimizer (no optimizer.NAME entry and no known hyperparameters); it is not an optimizer state");
        if (kind != optimizer.GetType().Name)
            throw new OptimizerStateMismatchException($"the file holds the state of {kind}, but this run uses {optimizer.GetType().Name}");
        IReadOnlyList<TorchSharp.Modules.OptimizerState> states = States(optimizer);
        Parameter[] parameters = optimizer.ParamGroups.Cast<ParamGroup>().SelectMany(g => g.Parameters).ToArray();
        long saved = 0;
        for (int g = 0; map.TryGetValue($"param_groups.{g}.num_params", out Tensor? n); g++) saved += n.ToInt64();
        if (saved != parameters.Length)
            throw new OptimizerStateMismatchException($"the file holds state for {saved} parameters, this optimizer has {parameters.Length}");

        // Check everything first, then assign: a refused file leaves the optimizer as it was.
        var assignments = new List<Action>();
        for (int i = 0; i < states.Count; i++)
        {
            string p = "state." + i.ToString(CultureInfo.InvariantCulture) + ".";
            Parameter param = parameters[i];
            Tensor Moment(string name) => Fitting(map, p + name, param) ?? throw new OptimizerStateMismatchException($"'{p + name}' is missing");
            switch (states[i])
            {
                case Adam.State a:
                {
                    long step = Step(map, p);
                    Tensor m = Moment("exp_avg"), v = Moment("exp_avg_sq");
                    Tensor? vmax = a.max_exp_avg_sq is null ? null : Moment("max_exp_avg_sq");
                    assignments.Add(() => { a.step = step; a.exp_avg.copy_(m); a.exp_avg_sq.copy_(v); a.max_exp_avg_sq?.copy_(vmax!); });
                    break;
                }
                case AdamW.State a:
                {
                    long step = Step(map, p);
                    Tensor m = Moment("exp_avg"), v = Moment("exp_avg_sq");
                    Tensor? vmax = a.max_exp_avg_sq is null ? null : Moment("max_exp_avg_sq");
                    assignments.Add(() => { a.step = step; a.exp_avg.copy_(m); a.exp_avg_sq.copy_(v); a.max_exp_avg_sq?.copy_(vmax!); });
                    break;
                }
                case SGD.State s:
                {
                    Tensor? buffer = Fitting(map, p + "momentum_buffer", param);
                    assignments.Add(() =>
                    {
                        s.momentum_buffer?.Dispose();
                        s.momentum_buffer = buffer?.to(param.device, copy: true).DetachFromDisposeScope();
                    });
                    break;
                }
                default:
                    throw new NotSupportedException($"restoring the state of {optimizer.GetType().Name} is not supported (SGD, Adam and AdamW are)");
            }
        }
        using (no_grad())
        {
            foreach (Action assign in assignments) assign();
        }
    }

    // The runtime before TorchSharp wrote the same keys without the marker, but with every hyperparameter.
    private static string? PreviousBindingKind(Dictionary<string, Tensor> map)
    {
        if (map.ContainsKey("param_groups.0.momentum")) return nameof(SGD);
        if (!map.ContainsKey("param_groups.0.beta1")) return null;
        return map.TryGetValue("param_groups.0.decoupled_weight_decay", out Tensor? d) && d.ToDouble() != 0 ? nameof(AdamW) : nameof(Adam);
    }

    private static IReadOnlyList<TorchSharp.Modules.OptimizerState> States(optim.Optimizer optimizer) => optimizer switch
    {
        OptimizerHelper helper => helper.state_dict().State,
        _ => throw new NotSupportedException($"{optimizer.GetType().Name} does not expose its state"),
    };

    private static long Step(Dictionary<string, Tensor> map, string prefix)
    {
        if (!map.TryGetValue(prefix + "step", out Tensor? t) || t.numel() != 1)
            throw new OptimizerStateMismatchException($"'{prefix}step' is missing");
        long step = t.is_floating_point() ? (long)t.ToDouble() : t.ToInt64();
        if (step < 0) throw new OptimizerStateMismatchException($"'{prefix}step' is negative ({step})");
        return step;
    }

    private static Tensor? Fitting(Dictionary<string, Tensor> map, string key, Parameter param)
    {
        if (!map.TryGetValue(key, out Tensor? t)) return null;
        if (!t.shape.SequenceEqual(param.shape))
            throw new OptimizerStateMismatchException($"'{key}' has shape [{string.Join(", ", t.shape)}] but its parameter is [{string.Join(", ", param.shape)}]");
        if (t.dtype != param.dtype)
            throw new OptimizerStateMismatchException($"'{key}' is {t.dtype} but its parameter is {param.dtype}");
        return t;
    }
}
