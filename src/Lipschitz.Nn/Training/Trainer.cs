using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Training;

/// <summary>The error raised when the training loss stops being finite; no checkpoint of the diverged weights is written.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the error.</summary>
    public TrainingDivergedException(string message) : base(message)
    {
    }
}

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
/// <param name="History">Metrics of every completed epoch (including those before a resume).</param>
/// <param name="Report">The certificate on the test set after the last completed epoch, or null when none completed in this run.</param>
/// <param name="Interrupted">True when cancellation stopped training before the last epoch.</param>
/// <param name="Checkpoint">The last checkpoint written (or resumed from), or null.</param>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, CertificationReport? Report, bool Interrupted, CheckpointInfo? Checkpoint);

/// <summary>
/// Trains a <see cref="LipschitzModule"/> with its declared recipe: seeded mini-batches, the declared objective,
/// optimizer and learning-rate schedule; after each epoch it certifies the test set and writes a checkpoint.
/// Every batch runs in its own dispose scope, so native memory stays flat across epochs.
/// </summary>
public sealed class Trainer
{
    private readonly LipschitzModule _model;
    private readonly TrainerOptions _options;

    /// <summary>Creates a trainer for <paramref name="model"/>.</summary>
    public Trainer(LipschitzModule model, TrainerOptions options)
    {
        _model = model;
        _options = options;
        if (options.Training.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Training.Epochs, "at least one epoch");
        if (options.Training.Batch < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Training.Batch, "a batch holds at least one sample");
    }

    /// <summary>Checks that a data set fits the network's input shape and classes; throws with a message naming both otherwise.</summary>
    public static void CheckFits(LipschitzModule model, ImageDataset data)
    {
        IReadOnlyList<long> shape = model.InputShape;
        bool fits = (shape.Count == 3 && shape[0] == 1 && shape[1] == data.Height && shape[2] == data.Width)
                    || (shape.Count == 1 && shape[0] == (long)data.Height * data.Width);
        if (!fits)
            throw new DataFormatException(data.Name,
                $"images are 1×{data.Height}×{data.Width} but network '{model.GetName()}' takes input [{string.Join(", ", shape)}]");
        if (data.Classes > model.Classes)
            throw new DataFormatException(data.Name, $"the data has {data.Classes} classes but network '{model.GetName()}' has {model.Classes}");
    }

    /// <summary>
    /// Runs the epochs (continuing after the checkpoint when resuming) until done or <paramref name="cancel"/> fires.
    /// Degenerate data (no images, one class, identical images) is refused before anything is written; the output
    /// folder follows the rules of <see cref="RunFolder"/>.
    /// </summary>
    public TrainingResult Fit(ImageDataset train, ImageDataset test, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        CheckFits(_model, train);
        CheckFits(_model, test);
        train.CheckTrainable();
        test.CheckNotEmpty();
        TrainingOptions recipe = _options.Training;
        TextWriter output = _options.Output;
        var history = new List<EpochMetrics>();
        int firstEpoch = 1;
        CheckpointInfo? checkpoint = null;
        if (_options.OutputDirectory is not null)
        {
            RunFolderPlan plan = RunFolder.Open(_options.OutputDirectory, _model, _options.Resume, _options.Overwrite, recipe.Epochs);
            foreach (string note in plan.Notes) output.WriteLine(note);
            checkpoint = plan.Resume;
        }
        else if (_options.Resume)
        {
            throw new InvalidOperationException("resuming needs the checkpoint folder (--out)");
        }
        if (checkpoint is not null)
        {
            Checkpoint.LoadWeights(checkpoint, _model);
            history.AddRange(checkpoint.History);
            firstEpoch = checkpoint.Epoch + 1;
        }

        var loader = new BatchLoader(train, recipe.Batch, shuffle: true, seed: recipe.Seed);
        var testLoader = new BatchLoader(test, _options.EvalBatch, shuffle: false, seed: 0);
        int batchesPerEpoch = loader.BatchCount;
        using optim.Optimizer optimizer = CreateOptimizer(recipe.Optimizer);
        using ITrainingRegularizer? regularizer = Regularizers.Create(recipe.Regularizer, recipe.Seed);
        if (checkpoint is not null)
        {
            // A resumed run continues the optimizer's moments and step counts from the checkpoint, and the regulariser's
            // λ and pairs. The learning rate and the momentum are the recipe's, set by the schedule at the resumed step
            // (--epochs may have changed its length).
            string optimizerNote = "the checkpoint holds no optimizer state, so the optimizer's moments start afresh";
            if (checkpoint.OptimizerPath is { } optimizerPath)
            {
                bool restored = Checkpoint.LoadOptimizerState(checkpoint, optimizer, regularizer, DeviceOf(_model));
                optimizerNote = "optimizer state restored from " + Path.GetFileName(optimizerPath);
                if (regularizer is not null)
                    optimizerNote += restored ? ", with the regulariser's" : "; it holds no regulariser state, so the regulariser starts afresh";
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resuming from {checkpoint.Path}: epoch {checkpoint.Epoch} of {recipe.Epochs} done ({optimizerNote})"));
        }
        LearningRateSchedule schedule = CreateSchedule(recipe, batchesPerEpoch * recipe.Epochs);
        // A resumed run continues the schedule where the checkpoint left it.
        int step = (firstEpoch - 1) * batchesPerEpoch;

        ITrainingProgress progress = _options.Progress ?? new ProgressReporter(output, _options.Interactive);
        CertificationReport? report = null;
        bool interrupted = false;
        for (int epoch = firstEpoch; epoch <= recipe.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lambda = regularizer?.Lambda ?? 0;
            (double loss, double accuracy, double penalty, int seen, bool stopped) =
                TrainEpoch(loader, epoch, recipe, optimizer, regularizer, schedule, ref step, progress, checkpoint, cancel);
            double trainSeconds = clock.Elapsed.TotalSeconds;
            if (stopped)
            {
                interrupted = true;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"interrupted in epoch {epoch} after {seen} samples; the last complete checkpoint is {(checkpoint is null ? "(none)" : checkpoint.Path)}"));
                break;
            }
            RegularizerMetrics? regularized = null;
            if (regularizer is not null)
            {
                regularizer.EndEpoch(epoch, accuracy);
                regularized = new RegularizerMetrics(KindName(recipe.Regularizer.Kind), lambda, penalty, regularizer.LastEstimate, regularizer.Lambda);
            }
            var evalClock = Stopwatch.StartNew();
            report = Certifier.Certify(_model, testLoader, _options.Certification, test.Name);
            double evalSeconds = evalClock.Elapsed.TotalSeconds;
            var metrics = new EpochMetrics(epoch, loss, accuracy, seen / trainSeconds, test.Count / evalSeconds, clock.Elapsed.TotalSeconds,
                report.CleanAccuracy, report.Points.Select(p => new CertifiedAccuracy(p.Eps, p.Accuracy)).ToArray())
            {
                Regularizer = regularized,
            };
            history.Add(metrics);
            output.WriteLine(Summary(metrics, recipe.Epochs));
            if (_options.OutputDirectory is not null)
            {
                List<KeyValuePair<string, Tensor>> optimizerState = OptimizerState.Capture(optimizer);
                if (regularizer is not null)
                    foreach (var (key, value) in regularizer.State())
                        optimizerState.Add(new(Checkpoint.RegularizerPrefix + key, value));
                try
                {
                    checkpoint = Checkpoint.Save(_options.OutputDirectory, _model, epoch, history, optimizerState);
                }
                finally
                {
                    foreach (var (_, t) in optimizerState) t.Dispose();
                }
            }
            output.Flush();
        }
        return new TrainingResult(history, report, interrupted, checkpoint);
    }

    private (double Loss, double Accuracy, double Penalty, int Seen, bool Stopped) TrainEpoch(BatchLoader loader, int epoch, TrainingOptions recipe,
        optim.Optimizer optimizer, ITrainingRegularizer? regularizer, LearningRateSchedule schedule, ref int step, ITrainingProgress progress,
        CheckpointInfo? lastGood, CancellationToken cancel)
    {
        _model.train();
        progress.Begin();
        double lossSum = 0, penaltySum = 0;
        long correct = 0;
        int seen = 0, batchIndex = 0;
        int batches = loader.BatchCount;
        var clock = Stopwatch.StartNew();
        bool flat = _model.InputShape.Count == 1;
        Device device = DeviceOf(_model);
        foreach (Batch batch in loader.Batches(epoch))
        {
            using (var scope = NewDisposeScope())
            {
                using Batch b = batch;
                Tensor images = b.Images.to(device);
                Tensor labels = b.Labels.to(device);
                Tensor input = flat ? images.view(b.Count, -1) : images;
                Tensor logits = _model.call(input);
                Tensor loss = Objectives.Loss(recipe.Objective, logits, labels);
                double lossValue = loss.ToDouble(), penaltyValue = 0;
                if (regularizer is not null)
                {
                    Tensor penalty = regularizer.Penalty(_model, input);
                    penaltyValue = penalty.ToDouble();
                    loss = loss + penalty;
                }
                if (!double.IsFinite(lossValue) || !double.IsFinite(penaltyValue))
                {
                    if (double.IsFinite(lossValue))
                    {
                        progress.End();
                        throw new TrainingDivergedException(string.Create(CultureInfo.InvariantCulture,
                            $"the regulariser's penalty became {penaltyValue} at epoch {epoch} batch {batchIndex + 1} (λ {regularizer!.Lambda:G4}); " +
                            $"{(lastGood is null ? "no checkpoint was written in this run" : $"last good checkpoint kept at {lastGood.Path} (epoch {lastGood.Epoch})")}; lower λ or the learning rate"));
                    }
                    progress.End();
                    string kept = lastGood is null
                        ? "no checkpoint was written in this run"
                        : $"last good checkpoint kept at {lastGood.Path} (epoch {lastGood.Epoch})";
                    throw new TrainingDivergedException(string.Create(CultureInfo.InvariantCulture,
                        $"loss became {(double.IsNaN(lossValue) ? "NaN" : lossValue > 0 ? "+∞" : "-∞")} at epoch {epoch} batch {batchIndex + 1}; {kept}; lower the learning rate"));
                }
                optimizer.zero_grad();
                loss.backward();
                schedule.Apply(optimizer, step);
                optimizer.step();
                step++;
                lossSum += lossValue * b.Count;
                penaltySum += penaltyValue;
                using (no_grad())
                {
                    Tensor predicted = logits.argmax(1);
                    Tensor hits = predicted.eq(labels);
                    correct += hits.sum().item<long>();
                }
                seen += b.Count;
            }
            batchIndex++;
            double elapsed = clock.Elapsed.TotalSeconds;
            double rate = seen / Math.Max(elapsed, 1e-9);
            if (regularizer is not null) progress.Note(RegularizerNote(recipe.Regularizer.Kind, regularizer));
            progress.Update(epoch, recipe.Epochs, batchIndex, batches, lossSum / seen, (double)correct / seen, rate,
                (loader.SampleCount - seen) / Math.Max(rate, 1e-9));
            if (cancel.IsCancellationRequested && batchIndex < batches)
            {
                progress.End();
                return (lossSum / seen, (double)correct / seen, penaltySum / batchIndex, seen, true);
            }
        }
        progress.End();
        return (lossSum / Math.Max(seen, 1), (double)correct / Math.Max(seen, 1), penaltySum / Math.Max(batchIndex, 1), seen, false);
    }

    private static string KindName(RegularizerKind kind) => kind switch
    {
        RegularizerKind.Clip => "clip",
        RegularizerKind.Spectral => "spectral",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string RegularizerNote(RegularizerKind kind, ITrainingRegularizer r) =>
        FormattableString.Invariant($"λ {r.Lambda:G4}  {(kind == RegularizerKind.Clip ? "L̂" : "Σσ")} {r.LastEstimate:0.000}");

    private static string Summary(EpochMetrics m, int epochs)
    {
        string certified = string.Join("  ", m.Certified.Select(c => string.Create(CultureInfo.InvariantCulture, $"cert@{c.Eps:0.###} {100 * c.Accuracy:0.00}%")));
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch}/{epochs} done in {m.EpochSeconds:0.0} s: loss {m.Loss:0.0000}  train acc {100 * m.TrainAccuracy:0.00}%  {m.TrainSamplesPerSecond:0} samples/s  " +
            $"| test: clean {100 * m.CleanAccuracy:0.00}%  {certified}  ({m.EvalImagesPerSecond:0} images/s)") + RegularizerSummary(m.Regularizer);
    }

    private static string RegularizerSummary(RegularizerMetrics? r)
    {
        if (r is null) return "";
        string next = r.NextLambda != r.Lambda ? FormattableString.Invariant($", next λ {r.NextLambda:G4}") : "";
        return FormattableString.Invariant($" | {r.Kind}: λ {r.Lambda:G4}, mean penalty {r.Penalty:0.0000}, {(r.Kind == "clip" ? "L̂" : "Σσ")} {r.Estimate:0.000}{next}");
    }

    private optim.Optimizer CreateOptimizer(OptimizerOptions o)
    {
        var parameters = _model.parameters().ToArray();
        return o.Kind switch
        {
            OptimizerKind.Adam => optim.Adam(parameters, o.LearningRate, o.Beta1, o.Beta2, weight_decay: o.WeightDecay),
            OptimizerKind.AdamW => optim.AdamW(parameters, o.LearningRate, o.Beta1, o.Beta2, weight_decay: o.WeightDecay),
            OptimizerKind.Sgd => optim.SGD(parameters, o.LearningRate, o.Momentum, weight_decay: o.WeightDecay, nesterov: o.Nesterov),
            _ => throw new ArgumentOutOfRangeException(nameof(o), o.Kind, "unknown optimizer"),
        };
    }

    /// <summary>The schedule of a recipe over <paramref name="totalSteps"/> optimizer steps.</summary>
    public static LearningRateSchedule CreateSchedule(TrainingOptions recipe, int totalSteps)
    {
        ScheduleOptions s = recipe.Schedule;
        double lr = recipe.Optimizer.LearningRate;
        return s.Kind switch
        {
            ScheduleKind.Constant => new ConstantSchedule(lr),
            ScheduleKind.Cosine => new CosineSchedule(lr, totalSteps, s.FinalLearningRate),
            ScheduleKind.OneCycle => new OneCycleSchedule(lr, totalSteps, s.WarmupFraction, s.FinalLearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(recipe), s.Kind, "unknown schedule"),
        };
    }

    /// <summary>The device of a module's parameters (CPU for a module without parameters).</summary>
    public static Device DeviceOf(nn.Module model)
    {
        foreach (var p in model.parameters()) return p.device;
        return CPU;
    }
}
