using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Estimation;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Serialization;
using Lipschitz.Nn.Tests.Attacks;
using Lipschitz.Nn.Training;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

/// <summary>The recipe's regulariser inside <see cref="Trainer"/>: CLIP and the spectral penalty in the loss, their state in checkpoints.</summary>
[Collection(DeterministicCollection.Name)]
public sealed class RegularizedTrainingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipnet-reg-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    // λ moves after every epoch (no warm-up, a target the tiny net reaches), so a resume that did not restore it would differ.
    private static readonly RegularizerOptions Clip = new(RegularizerKind.Clip, Lambda: 0.05, Pairs: 16, AscentSteps: 2, StepSize: 0.05,
        Radius: 0.1, TargetAccuracy: 0.99, WarmupEpochs: 0, LambdaStep: 0.02);

    private static TrainerOptions Options(LipschitzModule net, TrainingOptions recipe, string? dir, TextWriter log, bool resume = false) => new()
    {
        Training = recipe,
        Certification = new CertificationOptions(Norm.L2, new[] { 0.1 }),
        OutputDirectory = dir,
        Resume = resume,
        Output = log,
        EvalBatch = 200,
    };

    private static float[] Flat(LipschitzModule m) =>
        m.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.ToArray<float>()).ToArray();

    [Fact]
    public void Clip_InterruptedAfterEpoch1_ThenResumed_EqualsTwoEpochsStraight_BecauseLambdaAndPairsAreRestored()
    {
        ImageDataset train = TestData.Train(256), test = TestData.Test(50);
        string straightDir = Path.Combine(_dir, "straight"), splitDir = Path.Combine(_dir, "split");
        using var straight = new TinyNet(hidden: 16);
        using var split = new TinyNet(hidden: 16);
        ModuleState.Apply(split, straight.state_dict().ToList(), "the straight run's initial weights");
        TrainingOptions recipe = straight.Training! with { Epochs = 2, Regularizer = Clip };

        var straightLog = new StringWriter();
        TrainingResult whole = new Trainer(straight, Options(straight, recipe, straightDir, straightLog)).Fit(train, test);
        RegularizerMetrics r1 = whole.History[0].Regularizer!, r2 = whole.History[1].Regularizer!;
        Assert.Equal("clip", r1.Kind);
        Assert.Equal(0.05, r1.Lambda);
        // The tiny net stays below 99 % training accuracy in epoch 1, so λ fell by the step; epoch 2 used the lower λ.
        Assert.True(whole.History[0].TrainAccuracy < 0.99);
        Assert.Equal(0.03, r1.NextLambda, 12);
        Assert.Equal(r1.NextLambda, r2.Lambda);
        Assert.True(r1.Estimate > 0 && r1.Penalty > 0, $"{r1}");
        Assert.Contains("| clip: λ 0.05, mean penalty", straightLog.ToString());

        using var cts = new CancellationTokenSource();
        new Trainer(split, Options(split, recipe, splitDir, new CancelAfterLine("epoch 1/2 done", cts))).Fit(train, test, cts.Token);
        CheckpointInfo info = Checkpoint.ReadInfo(splitDir);
        Assert.Equal(1, info.Epoch);
        // The manifest records what the regulariser did; the optimizer file holds its state beside the optimizer's.
        Assert.Equal(r1 with { }, info.History[0].Regularizer);
        List<KeyValuePair<string, Tensor>> saved = TensorFile.Load(info.OptimizerPath!);
        try
        {
            Dictionary<string, Tensor> map = saved.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal(0.03, map["regularizer.clip.lambda"].ToDouble(), 12);
            Assert.Equal(new long[] { 16, 1, 28, 28 }, map["regularizer.clip.u"].shape);
            Assert.Equal(new long[] { 16, 1, 28, 28 }, map["regularizer.clip.v"].shape);
            Assert.Equal(new long[] { 16 }, map["regularizer.clip.step"].shape);
        }
        finally
        {
            foreach (var (_, t) in saved) t.Dispose();
        }

        using var resumed = new TinyNet(hidden: 16);
        var log = new StringWriter();
        TrainingResult rest = new Trainer(resumed, Options(resumed, recipe, splitDir, log, resume: true)).Fit(train, test);
        Assert.Contains("optimizer state restored from epoch-0001.optim.pt, with the regulariser's", log.ToString());
        Assert.Equal(Flat(straight), Flat(resumed));
        Assert.Equal(whole.History.Select(m => m.Loss), rest.History.Select(m => m.Loss));
        Assert.Equal(whole.History.Select(m => m.Regularizer), rest.History.Select(m => m.Regularizer));
    }

    [Fact]
    public void Resume_WithTheStateOfAnotherRegulariser_IsRefusedNamingTheFile()
    {
        // An unconstrained network: the spectral penalty has state only for unconstrained layers.
        using var net = new PlainNet();
        var recipe = new TrainingOptions("fashion-mnist", 1, 64, 3, new OptimizerOptions(OptimizerKind.Adam, 0.003, WeightDecay: 0),
            new ObjectiveOptions(ObjectiveKind.CrossEntropy), new ScheduleOptions(ScheduleKind.Constant));
        TrainingOptions spectral = recipe with { Epochs = 1, Regularizer = new RegularizerOptions(RegularizerKind.Spectral, Lambda: 0.01) };
        new Trainer(net, Options(net, spectral, _dir, new StringWriter())).Fit(TestData.Train(128), TestData.Test(50));
        CheckpointInfo info = Checkpoint.ReadInfo(_dir);
        Assert.Equal("spectral", info.History[0].Regularizer!.Kind);
        TrainingOptions clip = recipe with { Epochs = 2, Regularizer = Clip };
        var e = Assert.Throws<CheckpointException>(() => new Trainer(net, Options(net, clip, _dir, new StringWriter(), resume: true)).Fit(TestData.Train(128), TestData.Test(50)));
        Assert.StartsWith(info.OptimizerPath!, e.Message);
        Assert.Contains("regulariser's state does not fit", e.Message);
        Assert.Contains("clip.lambda", e.Message);
        Assert.Equal(1, Checkpoint.ReadInfo(_dir).Epoch);
    }

    [Fact]
    public void Clip_And_TheSpectralPenalty_LowerTheLipschitzConstant_OfAnUnconstrainedNetwork()
    {
        // The same unconstrained MLP, same seed and data, trained without a penalty, with CLIP and with the spectral
        // penalty. Measured independently of the regularisers: the verified upper bound (exact SVD per layer) and a
        // pair-search lower bound on test inputs.
        ImageDataset train = TestData.Train(600), test = TestData.Test(50);
        (double Lower, double Upper, double Accuracy) Run(RegularizerOptions regularizer)
        {
            manual_seed(5);
            using var net = new PlainNet();
            var recipe = new TrainingOptions("fashion-mnist", 4, 50, 3, new OptimizerOptions(OptimizerKind.Adam, 0.003, WeightDecay: 0),
                new ObjectiveOptions(ObjectiveKind.CrossEntropy), new ScheduleOptions(ScheduleKind.Constant), regularizer);
            TrainingResult result = new Trainer(net, Options(net, recipe, null, new StringWriter())).Fit(train, test);
            net.eval();
            (Tensor x, _) = TrainedNets.TestBatch(32);
            using (x)
            {
                LowerBound lower = LowerBound.PairSearch(net, x, steps: 30);
                return (lower.Value, UpperBound.Of(net).Verified, result.History[^1].TrainAccuracy);
            }
        }
        var none = Run(RegularizerOptions.None);
        var clip = Run(new RegularizerOptions(RegularizerKind.Clip, Lambda: 0.5, Pairs: 32, AscentSteps: 3, WarmupEpochs: 10));
        var spectral = Run(new RegularizerOptions(RegularizerKind.Spectral, Lambda: 0.05));
        // Both still learn, and both end with a markedly smaller constant than the unpenalised run, from either side.
        Assert.True(clip.Accuracy > 0.5 && spectral.Accuracy > 0.5, $"accuracy: clip {clip.Accuracy}, spectral {spectral.Accuracy}");
        Assert.True(clip.Lower < 0.7 * none.Lower, $"lower bounds: none {none.Lower}, clip {clip.Lower}");
        Assert.True(clip.Upper < 0.7 * none.Upper, $"upper bounds: none {none.Upper}, clip {clip.Upper}");
        Assert.True(spectral.Upper < 0.7 * none.Upper, $"upper bounds: none {none.Upper}, spectral {spectral.Upper}");
        Assert.True(spectral.Lower < none.Lower, $"lower bounds: none {none.Lower}, spectral {spectral.Lower}");
    }
}
