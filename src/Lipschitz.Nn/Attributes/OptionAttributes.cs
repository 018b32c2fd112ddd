using System;
using Lipschitz.Nn.Options;

namespace Lipschitz.Nn;

/// <summary>The training recipe of an attributed network (the YAML <c>training:</c> block); unset properties take the language's defaults (docs/layers.md).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TrainingAttribute : Attribute
{
    /// <summary>Training on <paramref name="data"/>: fashion-mnist, or a folder of IDX files.</summary>
    public TrainingAttribute(string data) => Data = data;

    /// <summary>The data set.</summary>
    public string Data { get; }

    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; set; }

    /// <summary>Mini-batch size.</summary>
    public int Batch { get; set; }

    /// <summary>Seed of every random generator used in training.</summary>
    public int Seed { get; set; }
}

/// <summary>The optimizer of an attributed network's training (YAML <c>training: { optimizer: … }</c>); needs [Training].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OptimizerAttribute : Attribute
{
    /// <summary>The optimizer <paramref name="kind"/>; set only the properties that kind takes.</summary>
    public OptimizerAttribute(OptimizerKind kind) => Kind = kind;

    /// <summary>Which optimizer.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>The (peak) learning rate.</summary>
    public double LearningRate { get; set; }

    /// <summary>Adam's first- and second-moment decays (Adam, AdamW).</summary>
    public double[]? Betas { get; set; }

    /// <summary>Weight decay.</summary>
    public double WeightDecay { get; set; }

    /// <summary>Momentum (SGD).</summary>
    public double Momentum { get; set; }

    /// <summary>Nesterov momentum (SGD).</summary>
    public bool Nesterov { get; set; }
}

/// <summary>The loss of an attributed network's training (YAML <c>training: { objective: … }</c>); needs [Training].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ObjectiveAttribute : Attribute
{
    /// <summary>The objective <paramref name="kind"/>; set only the properties that kind takes.</summary>
    public ObjectiveAttribute(ObjectiveKind kind) => Kind = kind;

    /// <summary>Which loss.</summary>
    public ObjectiveKind Kind { get; }

    /// <summary>Label smoothing (cross-entropy).</summary>
    public double LabelSmoothing { get; set; }

    /// <summary>Margin subtracted from the true-class logit (offset cross-entropy).</summary>
    public double Offset { get; set; }

    /// <summary>Temperature (offset cross-entropy).</summary>
    public double Temperature { get; set; }
}

/// <summary>The learning-rate schedule of an attributed network's training (YAML <c>training: { schedule: … }</c>); needs [Training].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ScheduleAttribute : Attribute
{
    /// <summary>The schedule <paramref name="kind"/>; set only the properties that kind takes.</summary>
    public ScheduleAttribute(ScheduleKind kind) => Kind = kind;

    /// <summary>Which schedule.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>Fraction of the steps spent warming up (one-cycle).</summary>
    public double WarmupFraction { get; set; }

    /// <summary>The learning rate at the last step (cosine, one-cycle).</summary>
    public double FinalLearningRate { get; set; }
}

/// <summary>The regulariser of the training recipe, as <c>training: regularizer:</c> in YAML.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RegularizerAttribute : Attribute
{
    /// <summary>Chooses the regulariser.</summary>
    public RegularizerAttribute(RegularizerKind kind) => Kind = kind;

    /// <summary>The regulariser.</summary>
    public RegularizerKind Kind { get; }

    /// <summary>The weight λ (CLIP: its starting value).</summary>
    public double Lambda { get; set; }

    /// <summary>CLIP: pairs in the Lipschitz set.</summary>
    public int Pairs { get; set; }

    /// <summary>CLIP: ascent steps on the pairs per batch.</summary>
    public int AscentSteps { get; set; }

    /// <summary>CLIP: the pairs' initial ascent step.</summary>
    public double StepSize { get; set; }

    /// <summary>CLIP: the distance between a new pair's points.</summary>
    public double Radius { get; set; }

    /// <summary>CLIP: pairs from two halves of a batch.</summary>
    public bool Halves { get; set; }

    /// <summary>CLIP: λ rises while the training accuracy stays above this.</summary>
    public double TargetAccuracy { get; set; }

    /// <summary>CLIP: epochs before λ adapts.</summary>
    public int WarmupEpochs { get; set; }

    /// <summary>CLIP: the change of λ per epoch.</summary>
    public double LambdaStep { get; set; }
}

/// <summary>How an attributed network's certified accuracy is reported (the YAML <c>certify:</c> block).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CertifyAttribute : Attribute
{
    /// <summary>The norm perturbations are measured in.</summary>
    public Norm Norm { get; set; }

    /// <summary>The radii at which certified accuracy is reported.</summary>
    public double[]? Eps { get; set; }
}
