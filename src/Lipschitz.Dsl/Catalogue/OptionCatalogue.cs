using System;
using System.Collections.Generic;
using System.Linq;
using Lipschitz.Dsl.Diagnostics;

namespace Lipschitz.Dsl.Catalogue;

/// <summary>
/// The options blocks of the language (<c>training:</c>, <c>certify:</c>), their option groups and kinds, each declared
/// once with keys, defaults, allowed values, attribute properties and runtime argument names. The language owns these
/// defaults: generated code passes every value by name, and a test checks the runtime records' own optional-parameter
/// defaults against them.
/// </summary>
public static class OptionCatalogue
{
    private static ParamDef LearningRate(double @default) =>
        ParamDef.Number("lr", "learning rate (the peak of a schedule)", @default, new ValueRange(0, true, 100, false)).Runtime("LearningRate") with { AttributeName = "LearningRate" };

    private static ParamDef WeightDecay(double @default, string doc) =>
        ParamDef.Number("weight_decay", doc, @default, ValueRange.Closed(0, 10)).Runtime("WeightDecay");

    private static readonly ParamDef Betas =
        ParamDef.Numbers("betas", "decay rates of Adam's first and second moments", new[] { 0.9, 0.999 }, new ValueRange(0, false, 1, true), 2, 2).Runtime("Beta1", "Beta2");

    private static readonly ParamDef FinalLearningRate =
        ParamDef.Number("final_lr", "learning rate at the last step", 0, ValueRange.Closed(0, 100)).Runtime("FinalLearningRate") with { AttributeName = "FinalLearningRate" };

    /// <summary>The optimizer group.</summary>
    public static OptionGroupInfo Optimizer { get; } = new()
    {
        Key = "optimizer", Doc = "how the weights are updated", RuntimeType = "Options.OptimizerOptions", RuntimeKindEnum = "Options.OptimizerKind",
        RuntimeArgument = "Optimizer", AttributeName = "Optimizer", DefaultKind = "adam",
        Kinds = EquatableArray.Of(
            new OptionKindInfo
            {
                Key = "adam", RuntimeName = "Adam", Doc = "Adam (Kingma & Ba)",
                Params = EquatableArray.Of(LearningRate(1e-3), Betas, WeightDecay(0, "L2 penalty added to the gradient")),
            },
            new OptionKindInfo
            {
                Key = "adamw", RuntimeName = "AdamW", Doc = "Adam with decoupled weight decay (Loshchilov & Hutter)",
                Params = EquatableArray.Of(LearningRate(1e-3), Betas, WeightDecay(1e-2, "decoupled weight decay")),
            },
            new OptionKindInfo
            {
                Key = "sgd", RuntimeName = "Sgd", Doc = "stochastic gradient descent, optionally with (Nesterov) momentum",
                Params = EquatableArray.Of(
                    LearningRate(0.1),
                    ParamDef.Number("momentum", "momentum factor", 0, new ValueRange(0, false, 1, true)).Runtime("Momentum"),
                    ParamDef.Boolean("nesterov", "Nesterov momentum (needs momentum > 0)", false).Runtime("Nesterov"),
                    WeightDecay(0, "L2 penalty added to the gradient")),
                Checks = p => p.Boolean("nesterov") && !(p.Number("momentum") > 0)
                    ? new[] { ("nesterov", "Nesterov momentum needs momentum > 0") }
                    : Array.Empty<(string, string)>(),
            }),
    };

    /// <summary>The objective group.</summary>
    public static OptionGroupInfo Objective { get; } = new()
    {
        Key = "objective", Doc = "the training loss", RuntimeType = "Options.ObjectiveOptions", RuntimeKindEnum = "Options.ObjectiveKind",
        RuntimeArgument = "Objective", AttributeName = "Objective", DefaultKind = "cross_entropy",
        Kinds = EquatableArray.Of(
            new OptionKindInfo
            {
                Key = "cross_entropy", RuntimeName = "CrossEntropy", Doc = "cross-entropy on the logits",
                Params = EquatableArray.Of(ParamDef.Number("label_smoothing", "weight of the uniform target", 0, new ValueRange(0, false, 1, true)).Runtime("LabelSmoothing")),
            },
            new OptionKindInfo
            {
                Key = "offset_cross_entropy", RuntimeName = "OffsetCrossEntropy", Doc = "t·CE((s − u·onehot(y))/t, y): cross-entropy that asks for a margin u",
                Params = EquatableArray.Of(
                    ParamDef.Number("offset", "margin u subtracted from the true-class logit", Math.Sqrt(2), ValueRange.Closed(0, 1e6)).Runtime("Offset"),
                    ParamDef.Number("temperature", "temperature t", 1, new ValueRange(0, true, 1e6, false)).Runtime("Temperature")),
            }),
    };

    /// <summary>The learning-rate schedule group.</summary>
    public static OptionGroupInfo Schedule { get; } = new()
    {
        Key = "schedule", Doc = "the learning rate over the steps", RuntimeType = "Options.ScheduleOptions", RuntimeKindEnum = "Options.ScheduleKind",
        RuntimeArgument = "Schedule", AttributeName = "Schedule", DefaultKind = "constant",
        Kinds = EquatableArray.Of(
            new OptionKindInfo { Key = "constant", RuntimeName = "Constant", Doc = "a fixed learning rate" },
            new OptionKindInfo { Key = "cosine", RuntimeName = "Cosine", Doc = "cosine annealing to final_lr", Params = EquatableArray.Of(FinalLearningRate) },
            new OptionKindInfo
            {
                Key = "one_cycle", RuntimeName = "OneCycle", Doc = "warm-up to lr, then annealing to final_lr",
                Params = EquatableArray.Of(
                    ParamDef.Number("warmup", "fraction of the steps spent warming up", 0.3, new ValueRange(0, true, 1, true)).Runtime("WarmupFraction") with { AttributeName = "WarmupFraction" },
                    FinalLearningRate),
            }),
    };

    /// <summary>The regulariser group.</summary>
    public static OptionGroupInfo Regularizer { get; } = new()
    {
        Key = "regularizer", Doc = "a penalty added to the training loss", RuntimeType = "Options.RegularizerOptions",
        RuntimeKindEnum = "Options.RegularizerKind", RuntimeArgument = "Regularizer", AttributeName = "Regularizer", DefaultKind = "none",
        Kinds = EquatableArray.Of(
            new OptionKindInfo { Key = "none", RuntimeName = "None", Doc = "no penalty" },
            new OptionKindInfo
            {
                Key = "clip", RuntimeName = "Clip",
                Doc = "CLIP (Bungert et al. 2021): λ·L̂², L̂ the largest difference quotient over a set of input pairs moved by gradient ascent; λ adapts to a target accuracy",
                Params = EquatableArray.Of(
                    ParamDef.Number("lambda", "weight λ of the penalty at the start", 0.01, ValueRange.Closed(0, 1e6)).Runtime("Lambda"),
                    ParamDef.Integer("pairs", "pairs in the Lipschitz set", 128, 1, 1 << 16).Runtime("Pairs"),
                    ParamDef.Integer("ascent_steps", "gradient-ascent steps on the pairs per batch", 5, 0, 1000).Runtime("AscentSteps"),
                    ParamDef.Number("step_size", "the pairs' initial ascent step, in input units", 0.05, new ValueRange(0, false, 1e6, true)).Runtime("StepSize"),
                    ParamDef.Number("radius", "distance between the points of a new pair", 0.1, new ValueRange(0, false, 1e6, true)).Runtime("Radius"),
                    ParamDef.Boolean("halves", "create pairs from two halves of a batch instead of inputs and nearby points", false).Runtime("Halves"),
                    ParamDef.Number("target_accuracy", "λ rises while the epoch's training accuracy stays above this, and falls otherwise", 0.9, ValueRange.Closed(0, 1)).Runtime("TargetAccuracy"),
                    ParamDef.Integer("warmup_epochs", "epochs before λ starts to adapt", 1, 0, 100_000).Runtime("WarmupEpochs"),
                    ParamDef.Number("lambda_step", "change of λ per epoch (λ never goes below 0)", 0.004, ValueRange.Closed(0, 1e6)).Runtime("LambdaStep")),
            },
            new OptionKindInfo
            {
                Key = "spectral", RuntimeName = "Spectral", Doc = "λ·Σ‖W‖₂² over the layers with weights (power iteration): the classical weight penalty",
                Params = EquatableArray.Of(ParamDef.Number("lambda", "weight λ of the penalty", 0.01, ValueRange.Closed(0, 1e6)).Runtime("Lambda")),
            }),
    };

    /// <summary>The training block.</summary>
    public static BlockInfo Training { get; } = new()
    {
        Key = "training", Doc = "the training recipe", RuntimeType = "Options.TrainingOptions", ModuleProperty = "Training", Optional = true,
        AttributeName = "Training", AttributeArguments = EquatableArray.Of("data"),
        Params = EquatableArray.Of(
            ParamDef.Text("data", "the data set: fashion-mnist, or a folder of IDX files").Runtime("Data") with
            {
                Rule = v => ((TextValue)v).Value.Trim().Length > 0,
                RuleText = "not blank",
                RuleMessage = "name a dataset (fashion-mnist) or a folder of IDX files",
            },
            ParamDef.Integer("epochs", "passes over the training set", 10, 1, 100_000).Runtime("Epochs"),
            ParamDef.Integer("batch", "mini-batch size", 128, 1, 1 << 20).Runtime("Batch"),
            ParamDef.Integer("seed", "seed of every random generator used in training", 0, int.MinValue, int.MaxValue).Runtime("Seed")),
        Groups = EquatableArray.Of(Optimizer, Objective, Schedule, Regularizer),
    };

    /// <summary>The certification block.</summary>
    public static BlockInfo Certify { get; } = new()
    {
        Key = "certify", Doc = "how certified accuracy is reported", RuntimeType = "Options.CertificationOptions", ModuleProperty = "Certification",
        AttributeName = "Certify",
        Params = EquatableArray.Of(
            ParamDef.Choose("norm", "the norm perturbations are measured in", "l2", "Norm", new Choice("l2", "L2"), new Choice("linf", "LInf")).Runtime("norm")
                with { ChoiceError = DiagnosticCatalogue.UnknownNorm },
            ParamDef.Numbers("eps", "radii at which certified accuracy is reported", new[] { 0.1, 0.25, 0.5, 1.0 }, new ValueRange(0, true, 1e6, false), 1, DslLimits.MaxEps).Runtime("eps")
                with { Distinct = true, ItemError = DiagnosticCatalogue.BadEps, EmptyError = DiagnosticCatalogue.EmptyEps }),
    };

    /// <summary>Every block, in the order the emitter and docs use.</summary>
    public static IReadOnlyList<BlockInfo> Blocks { get; } = new[] { Training, Certify };

    /// <summary>The block with the key.</summary>
    public static BlockInfo GetBlock(string key) => Blocks.FirstOrDefault(b => b.Key == key) ?? throw new KeyNotFoundException($"no block '{key}'");

    /// <summary>The group whose attribute class is named <paramref name="attributeName"/> (with or without "Attribute"), or null.</summary>
    public static OptionGroupInfo? FindGroupAttribute(string attributeName) =>
        Blocks.SelectMany(b => b.Groups).FirstOrDefault(g => g.AttributeName == Strip(attributeName));

    /// <summary>The block whose attribute class is named <paramref name="attributeName"/>, or null.</summary>
    public static BlockInfo? FindBlockAttribute(string attributeName) => Blocks.FirstOrDefault(b => b.AttributeName == Strip(attributeName));

    /// <summary>The block a group belongs to.</summary>
    public static BlockInfo BlockOf(OptionGroupInfo group) => Blocks.First(b => b.Groups.Any(g => ReferenceEquals(g, group)));

    private static string Strip(string name) => name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
}
