using System.IO;
using System.Linq;
using System.Threading;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Serialization;
using Lipschitz.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

[Collection(DeterministicCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipnet-train-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static TrainerOptions Options(TinyNet net, string? dir, int epochs, StringWriter log, bool resume = false) => new()
    {
        Training = net.Training with { Epochs = epochs },
        Certification = new CertificationOptions(Norm.L2, new[] { 0.05, 0.1, 0.25 }),
        OutputDirectory = dir,
        Resume = resume,
        Output = log,
        EvalBatch = 200,
    };

    private static float[] Flat(LipschitzModule m) =>
        m.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.ToArray<float>()).ToArray();

    [Fact]
    public void Training_LeavesNoTensorAlive_WhateverTheNumberOfEpochs()
    {
        // TorchSharp's exact count of live tensor objects created on this thread (a tensor that leaks and is later
        // finalized on the finalizer thread still counts here): training with checkpoints and certification after
        // every epoch must give back all but the model's own, for one epoch and for four. (Before the scopes in
        // OptimizerState, TensorFile and ModuleState, 50 leaked per epoch.)
        manual_seed(9);
        using var net = new TinyNet(hidden: 16);
        ImageDataset train = TestData.Train(300), test = TestData.Test(120);
        LifetimeStatistics stats = DisposeScopeManager.Statistics.TensorStatistics;
        long before = stats.ThreadTotalLiveCount;
        new Trainer(net, Options(net, Path.Combine(_dir, "one"), epochs: 1, new StringWriter())).Fit(train, test);
        long afterOne = stats.ThreadTotalLiveCount - before;
        new Trainer(net, Options(net, Path.Combine(_dir, "four"), epochs: 4, new StringWriter())).Fit(train, test);
        long afterFour = stats.ThreadTotalLiveCount - before;
        // What stays is the eval-mode weight cache the model owns: per AOL layer its constrained weight and the copy of
        // the parameter it was computed from.
        int cached = 2 * net.modules().OfType<Lipschitz.Nn.Layers.AolLayer>().Count();
        Assert.Equal(cached, afterOne);
        Assert.Equal(cached, afterFour);
    }

    [Fact]
    public void ShortTraining_OnAFewHundredSamples_LearnsAndCertifies()
    {
        manual_seed(0);
        using var net = new TinyNet();
        var log = new StringWriter();
        var trainer = new Trainer(net, Options(net, _dir, epochs: 3, log));
        TrainingResult result = trainer.Fit(TestData.Train(640), TestData.Test(400));

        Assert.False(result.Interrupted);
        Assert.Equal(new[] { 1, 2, 3 }, result.History.Select(m => m.Epoch));
        Assert.True(result.History[^1].Loss < result.History[0].Loss, log.ToString());
        // Chance is 10 %; a 1-Lipschitz MLP reaches well above that in three short epochs.
        Assert.True(result.Report!.CleanAccuracy > 0.5, log.ToString());
        Assert.True(result.Report.Points[0].Accuracy > 0.1, log.ToString());
        // Certified accuracy can only fall as eps grows, and never exceeds clean accuracy.
        Assert.True(result.Report.Points.Zip(result.Report.Points.Skip(1)).All(p => p.First.Accuracy >= p.Second.Accuracy));
        Assert.True(result.Report.Points[0].Accuracy <= result.Report.CleanAccuracy);
        Assert.Equal(3, Checkpoint.ReadInfo(_dir).Epoch);
        // Plain progress lines (output is not a terminal) and one summary per epoch.
        string text = log.ToString();
        Assert.DoesNotContain("\r", text);
        Assert.Equal(3, text.Split('\n').Count(l => l.Contains("done in", StringComparison.Ordinal)));
    }

    [Fact]
    public void Cancelling_MidEpoch_LeavesTheLastCompleteCheckpoint_AndResumeContinuesFromIt()
    {
        manual_seed(0);
        using var net = new TinyNet(hidden: 32);
        var log = new StringWriter();
        new Trainer(net, Options(net, _dir, epochs: 1, log)).Fit(TestData.Train(256), TestData.Test(100));
        CheckpointInfo first = Checkpoint.ReadInfo(_dir);
        byte[] firstWeights = File.ReadAllBytes(first.StatePath);
        float[] epoch1 = Flat(net); // the weights the checkpoint was written from

        // Resuming with nothing left to do only loads: a fresh network must then hold exactly epoch 1's weights.
        manual_seed(77);
        using var probe = new TinyNet(hidden: 32);
        float[] initial = Flat(probe);
        Assert.NotEqual(epoch1, initial);
        TrainingResult loaded = new Trainer(probe, Options(probe, _dir, epochs: 1, log, resume: true)).Fit(TestData.Train(256), TestData.Test(100));
        Assert.Null(loaded.Report);
        Assert.Equal(epoch1, Flat(probe));

        // Cancel as soon as epoch 2 starts: it stops at the next batch boundary without writing anything.
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        TrainingResult stopped = new Trainer(net, Options(net, _dir, epochs: 3, log, resume: true)).Fit(TestData.Train(256), TestData.Test(100), cts.Token);
        Assert.True(stopped.Interrupted);
        CheckpointInfo after = Checkpoint.ReadInfo(_dir);
        Assert.Equal(1, after.Epoch);
        Assert.Equal(firstWeights, File.ReadAllBytes(after.StatePath));

        // Resuming in a fresh network picks up epoch 1's weights and runs epochs 2 and 3 only.
        manual_seed(99);
        using var fresh = new TinyNet(hidden: 32);
        TrainingResult resumed = new Trainer(fresh, Options(fresh, _dir, epochs: 3, log, resume: true)).Fit(TestData.Train(256), TestData.Test(100));
        Assert.Equal(new[] { 1, 2, 3 }, resumed.History.Select(m => m.Epoch));
        Assert.Equal(first.History[0].Loss, resumed.History[0].Loss);
        Assert.Equal(first.History[0].CleanAccuracy, resumed.History[0].CleanAccuracy);
        Assert.Equal(first.History[0].Certified, resumed.History[0].Certified);
        Assert.Equal(3, Checkpoint.ReadInfo(_dir).Epoch);
        Assert.Contains("resuming from", log.ToString());
    }

    [Fact]
    public void Certifier_AgreesWithTheModulesOwnCertifiedAccuracy()
    {
        manual_seed(5);
        using var net = new TinyNet(hidden: 32);
        new Trainer(net, Options(net, null, epochs: 1, new StringWriter())).Fit(TestData.Train(256), TestData.Test(100));
        ImageDataset test = TestData.Test(300);
        var certification = new CertificationOptions(Norm.L2, new[] { 0.0, 0.1, 0.3 });
        CertificationReport report = Certifier.Certify(net, new BatchLoader(test, 128, false, 0), certification);
        net.eval();
        using var scope = NewDisposeScope();
        using var batch = new BatchLoader(test, 300, false, 0).Gather(Enumerable.Range(0, 300).ToArray());
        using (no_grad())
        {
            Tensor logits = net.call(batch.Images);
            foreach (CertifiedPoint p in report.Points)
                Assert.Equal(net.CertifiedAccuracy(logits, batch.Labels, p.Eps), p.Accuracy, 12);
        }
    }

    [Fact]
    public void DivergingLoss_StopsWithAnError_AndKeepsTheLastGoodCheckpoint()
    {
        manual_seed(0);
        using var net = new TinyNet(hidden: 16);
        var log = new StringWriter();
        new Trainer(net, Options(net, _dir, epochs: 1, log)).Fit(TestData.Train(192), TestData.Test(50));
        CheckpointInfo good = Checkpoint.ReadInfo(_dir);
        string goodJson = File.ReadAllText(good.Path);
        byte[] goodWeights = File.ReadAllBytes(good.StatePath);

        // Adam moves every weight by about lr per step, so lr 1e30 overflows float32 on the first step.
        TrainerOptions absurd = Options(net, _dir, epochs: 2, log, resume: true) with
        {
            Training = net.Training with { Epochs = 2, Optimizer = new OptimizerOptions(OptimizerKind.Adam, 1e30, WeightDecay: 0) },
        };
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(net, absurd).Fit(TestData.Train(192), TestData.Test(50)));
        Assert.Matches(@"loss became (NaN|\+∞|-∞) at epoch 2 batch \d+", e.Message);
        Assert.Contains("last good checkpoint kept at " + good.Path, e.Message);
        Assert.Equal(goodJson, File.ReadAllText(good.Path));
        Assert.Equal(new[] { Path.GetFileName(good.OptimizerPath!), Path.GetFileName(good.StatePath) },
            Directory.GetFiles(_dir, "epoch-*.pt").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(goodWeights, File.ReadAllBytes(good.StatePath));
        Assert.DoesNotContain("epoch 2/2 done", log.ToString());
    }

    [Fact]
    public void FreshRun_IntoAFolderHoldingACheckpoint_IsRefused_UnlessOverwriting()
    {
        manual_seed(0);
        using var net = new TinyNet(hidden: 16);
        new Trainer(net, Options(net, _dir, epochs: 1, new StringWriter())).Fit(TestData.Train(128), TestData.Test(50));
        string json = File.ReadAllText(Path.Combine(_dir, Checkpoint.InfoFileName));
        var e = Assert.Throws<Lipschitz.Nn.IO.OutputPathException>(() => new Trainer(net, Options(net, _dir, epochs: 1, new StringWriter())).Fit(TestData.Train(128), TestData.Test(50)));
        Assert.Contains(_dir, e.Message);
        Assert.Contains("--resume", e.Message);
        Assert.Equal(json, File.ReadAllText(Path.Combine(_dir, Checkpoint.InfoFileName)));
        TrainingResult forced = new Trainer(net, Options(net, _dir, epochs: 1, new StringWriter()) with { Overwrite = true }).Fit(TestData.Train(128), TestData.Test(50));
        Assert.Equal(1, forced.Checkpoint!.Epoch);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public void InterruptedAfterEpoch1_ThenResumed_EqualsTwoEpochsStraight_BecauseTheOptimizerStateIsRestored(OptimizerKind kind)
    {
        OptimizerOptions optimizer = kind == OptimizerKind.Sgd
            ? new OptimizerOptions(OptimizerKind.Sgd, 0.05, WeightDecay: 0, Momentum: 0.9, Nesterov: true)
            : new OptimizerOptions(OptimizerKind.Adam, 0.005, WeightDecay: 0);
        // A cosine schedule, so the learning rate must continue from the right position as well.
        TrainerOptions Recipe(TinyNet net, string dir, StringWriter log, bool resume) => Options(net, dir, epochs: 2, log, resume) with
        {
            Training = net.Training with { Epochs = 2, Optimizer = optimizer, Schedule = new ScheduleOptions(ScheduleKind.Cosine) },
        };
        ImageDataset train = TestData.Train(256), test = TestData.Test(50);
        string straightDir = Path.Combine(_dir, "straight"), splitDir = Path.Combine(_dir, "split"), oldDir = Path.Combine(_dir, "old");

        using var straight = new TinyNet(hidden: 16);
        using var split = new TinyNet(hidden: 16);
        // TorchSharp's state_dict() holds the live parameters: copy them, do not dispose them.
        ModuleState.Apply(split, straight.state_dict().ToList(), "the straight run's initial weights");
        TrainingResult whole = new Trainer(straight, Recipe(straight, straightDir, new StringWriter(), false)).Fit(train, test);

        // Epoch 1, then stop during epoch 2 (as Ctrl-C would): the checkpoint holds epoch 1 and its optimizer state.
        using var cts = new CancellationTokenSource();
        TrainingResult first = new Trainer(split, Recipe(split, splitDir, new CancelAfterLine("epoch 1/2 done", cts), false)).Fit(train, test, cts.Token);
        Assert.True(first.Interrupted);
        CheckpointInfo info = Checkpoint.ReadInfo(splitDir);
        Assert.Equal(1, info.Epoch);
        Assert.Equal("epoch-0001.optim.pt", info.OptimizerFile);
        Assert.True(File.Exists(info.OptimizerPath));
        // The same checkpoint without its optimizer state, as an older checkpoint would be.
        Directory.CreateDirectory(oldDir);
        foreach (string f in Directory.GetFiles(splitDir)) File.Copy(f, Path.Combine(oldDir, Path.GetFileName(f)));
        string json = File.ReadAllText(Path.Combine(oldDir, Checkpoint.InfoFileName));
        Assert.Contains("\"optimizerFile\": \"epoch-0001.optim.pt\"", json);
        File.WriteAllText(Path.Combine(oldDir, Checkpoint.InfoFileName), json.Replace("\"optimizerFile\": \"epoch-0001.optim.pt\"", "\"optimizerFile\": null", StringComparison.Ordinal));

        // Resuming in a fresh network ends with exactly the straight run's weights and losses.
        using var resumed = new TinyNet(hidden: 16);
        var log = new StringWriter();
        TrainingResult rest = new Trainer(resumed, Recipe(resumed, splitDir, log, true)).Fit(train, test);
        Assert.Contains("optimizer state restored from epoch-0001.optim.pt", log.ToString());
        Assert.Equal(Flat(straight), Flat(resumed));
        Assert.Equal(whole.History.Select(m => m.Loss), rest.History.Select(m => m.Loss));
        Assert.Equal(new[] { "epoch-0002.optim.pt", "epoch-0002.pt" },
            Directory.GetFiles(splitDir, "epoch-*").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Control: resuming without the optimizer state says so and ends elsewhere (the test can tell).
        using var afresh = new TinyNet(hidden: 16);
        var oldLog = new StringWriter();
        new Trainer(afresh, Recipe(afresh, oldDir, oldLog, true)).Fit(train, test);
        Assert.Contains("the checkpoint holds no optimizer state, so the optimizer's moments start afresh", oldLog.ToString());
        Assert.NotEqual(Flat(straight), Flat(afresh));
    }

    [Fact]
    public void Resume_WithTheOptimizerStateOfAnotherOptimizer_IsRefusedNamingTheFile()
    {
        using var net = new TinyNet(hidden: 16);
        new Trainer(net, Options(net, _dir, epochs: 1, new StringWriter())).Fit(TestData.Train(128), TestData.Test(50));
        CheckpointInfo info = Checkpoint.ReadInfo(_dir);
        // The recipe now says SGD: the saved Adam state does not fit it.
        TrainerOptions sgd = Options(net, _dir, epochs: 2, new StringWriter(), resume: true) with
        {
            Training = net.Training with { Epochs = 2, Optimizer = new OptimizerOptions(OptimizerKind.Sgd, 0.05, WeightDecay: 0, Momentum: 0.9) },
        };
        var e = Assert.Throws<CheckpointException>(() => new Trainer(net, sgd).Fit(TestData.Train(128), TestData.Test(50)));
        Assert.StartsWith(info.OptimizerPath!, e.Message);
        Assert.Contains("the file holds the state of Adam, but this run uses SGD", e.Message);
        Assert.Equal(1, Checkpoint.ReadInfo(_dir).Epoch);
    }
}
