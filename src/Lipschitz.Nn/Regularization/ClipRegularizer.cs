using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Regularization;

/// <summary>
/// CLIP, "Cheap Lipschitz Training" (Bungert, Raab, Roith, Schwinn, Tenbrinck, SSVM 2021): the penalty λ·L̂² with L̂
/// the largest difference quotient ‖f(u) − f(v)‖₂/‖u − v‖₂ over a set of input pairs that is itself moved, before each
/// batch, by a few steps of gradient ascent on the quotient (per-pair adaptive steps, see <see cref="PairSet"/>).
/// After the warm-up epochs λ rises by a fixed step while an epoch's training accuracy stays above the target and
/// falls (never below 0) otherwise.
/// </summary>
/// <remarks>
/// The pair set persists across batches and epochs (as in the paper's Algorithm 1) and is saved with checkpoints; it
/// is created from the first batch, from each input and a point at distance <c>radius</c> from it, or from two halves
/// of the batch. The authors' code (TimRoith/CLIP, flip/train.py) departs from the paper in ways this does not follow:
/// it draws fresh pairs from every batch (x and x + U(0, 0.1) noise), moves them with SGD whose momentum argument is
/// the learning rate (a slip: momentum = lr), and keeps λ within [λ₀/1000, 4λ₀] with a step that decays by 0.999 per
/// epoch.
/// </remarks>
public sealed class ClipRegularizer : ITrainingRegularizer
{
    private readonly RegularizerOptions _o;
    private readonly Generator _random;
    private PairSet? _pairs;

    /// <summary>Creates the regulariser; <paramref name="seed"/> seeds the pairs' noise.</summary>
    public ClipRegularizer(RegularizerOptions options, long seed)
    {
        if (options.Kind != RegularizerKind.Clip) throw new ArgumentException($"CLIP options expected, got {options.Kind}", nameof(options));
        _o = options;
        Lambda = options.Lambda;
        _random = new Generator((ulong)seed);
    }

    /// <inheritdoc />
    public double Lambda { get; private set; }

    /// <inheritdoc />
    public double LastEstimate { get; private set; }

    /// <summary>The pair set, once the first batch has created it.</summary>
    public PairSet? Pairs => _pairs;

    /// <inheritdoc />
    public Tensor Penalty(nn.Module<Tensor, Tensor> model, Tensor inputs)
    {
        _pairs ??= Create(inputs);
        if (!_pairs.U.shape.AsSpan(1).SequenceEqual(inputs.shape.AsSpan(1)))
            throw new InvalidOperationException($"the CLIP pairs are inputs of shape [{string.Join(", ", _pairs.U.shape.Skip(1))}] but the batch's are [{string.Join(", ", inputs.shape.Skip(1))}]");
        _pairs.Ascend(model, _o.AscentSteps);
        using var scope = NewDisposeScope();
        Tensor estimate = _pairs.QuotientsForTraining(model).max();
        LastEstimate = estimate.ToDouble();
        return (estimate.square() * Lambda).MoveToOuterDisposeScope();
    }

    private PairSet Create(Tensor inputs)
    {
        long n = inputs.size(0);
        if (_o.Halves)
        {
            long count = Math.Min(_o.Pairs, n / 2);
            return PairSet.Halves(inputs.narrow(0, 0, 2 * count), _o.StepSize);
        }
        using Tensor first = inputs.narrow(0, 0, Math.Min(_o.Pairs, n));
        // The generator is on the CPU: draw there, then move.
        using Tensor cpu = first.cpu();
        using PairSet made = PairSet.Around(cpu, _o.Radius, _o.StepSize, _random);
        return PairSet.FromTensors(made.U.to(inputs.device), made.V.to(inputs.device), made.StepSize.to(inputs.device));
    }

    /// <inheritdoc />
    public void EndEpoch(int epoch, double trainAccuracy)
    {
        if (epoch <= _o.WarmupEpochs) return;
        Lambda = trainAccuracy > _o.TargetAccuracy ? Lambda + _o.LambdaStep : Math.Max(0, Lambda - _o.LambdaStep);
    }

    /// <inheritdoc />
    public List<KeyValuePair<string, Tensor>> State()
    {
        var state = new List<KeyValuePair<string, Tensor>>
        {
            new("clip.lambda", tensor(Lambda, ScalarType.Float64)),
            new("clip.estimate", tensor(LastEstimate, ScalarType.Float64)),
        };
        if (_pairs is not null)
        {
            state.Add(new("clip.u", _pairs.U.cpu()));
            state.Add(new("clip.v", _pairs.V.cpu()));
            state.Add(new("clip.step", _pairs.StepSize.cpu()));
        }
        return state;
    }

    /// <inheritdoc />
    public void Restore(IReadOnlyList<KeyValuePair<string, Tensor>> state, Device device)
    {
        var map = state.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (!map.TryGetValue("clip.lambda", out Tensor? lambda) || lambda.numel() != 1)
            throw new ArgumentException("the state holds no CLIP λ (clip.lambda); it is not a CLIP regulariser's state");
        double value = lambda.ToDouble();
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentException($"the saved λ {value} is not a finite non-negative number");
        PairSet? pairs = null;
        if (map.TryGetValue("clip.u", out Tensor? u))
        {
            if (!map.TryGetValue("clip.v", out Tensor? v) || !map.TryGetValue("clip.step", out Tensor? step))
                throw new ArgumentException("the CLIP state has pairs (clip.u) without clip.v or clip.step");
            using Tensor ud = u.to(device), vd = v.to(device), sd = step.to(device);
            pairs = PairSet.FromTensors(ud, vd, sd);
        }
        Lambda = value;
        LastEstimate = map.TryGetValue("clip.estimate", out Tensor? e) ? e.ToDouble() : 0;
        _pairs?.Dispose();
        _pairs = pairs;
    }

    /// <summary>Frees the pairs.</summary>
    public void Dispose() => _pairs?.Dispose();
}
