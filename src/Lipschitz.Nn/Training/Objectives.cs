using System;
using Lipschitz.Nn.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Training;

/// <summary>The training losses a description can declare under <c>objective:</c>.</summary>
public static class Objectives
{
    /// <summary>The mean loss of a batch of logits [N, C] against labels [N] (int64) under <paramref name="objective"/>.</summary>
    public static Tensor Loss(ObjectiveOptions objective, Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return objective.Kind switch
        {
            ObjectiveKind.CrossEntropy => nn.functional.cross_entropy(logits, labels, label_smoothing: objective.LabelSmoothing),
            ObjectiveKind.OffsetCrossEntropy => OffsetCrossEntropy(logits, labels, objective.Offset, objective.Temperature, objective.LabelSmoothing),
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective.Kind, "unknown objective"),
        };
    }

    /// <summary>
    /// ℓ = t·CE((s − u·onehot(y))/t, y): lowering the true logit by the offset u makes the loss keep pushing until
    /// the margin exceeds about u, which is what a certificate margin/(√2·L) needs; the temperature t sharpens it.
    /// </summary>
    public static Tensor OffsetCrossEntropy(Tensor logits, Tensor labels, double offset, double temperature, double labelSmoothing = 0)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive");
        long classes = logits.size(1);
        using Tensor oneHot = nn.functional.one_hot(labels, classes);
        using Tensor shift = oneHot.to(logits.dtype);
        using Tensor lowered = shift.mul(offset);
        using Tensor shifted = logits.sub(lowered);
        using Tensor scaled = shifted.div(temperature);
        using Tensor ce = nn.functional.cross_entropy(scaled, labels, label_smoothing: labelSmoothing);
        return ce.mul(temperature);
    }
}
