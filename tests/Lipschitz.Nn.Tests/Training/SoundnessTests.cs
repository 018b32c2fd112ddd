using System.Linq;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Training;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

/// <summary>The certificate is a theorem about the trained network; a strong attack inside the radius must never break it.</summary>
public sealed class SoundnessTests
{
    /// <summary>
    /// Projected gradient ascent on the margin loss max_{j≠y} f_j − f_y within the L2 ball of radius r_i around each
    /// sample (no clipping to [0, 1]: the certificate covers every perturbation); returns the predictions at the end
    /// and at every step's best point.
    /// </summary>
    private static bool[] Attack(TinyNet net, Tensor x, Tensor y, double[] radii, int steps)
    {
        long n = x.size(0);
        var flipped = new bool[n];
        using var scope = NewDisposeScope();
        Tensor r = tensor(radii.Select(v => (float)v).ToArray(), new long[] { n, 1, 1, 1 });
        // Start from a random point on the sphere of radius r/2 so the first gradient is not degenerate.
        Tensor delta = randn(x.shape);
        {
            Tensor norm = delta.view(n, -1).norm(1, keepdim: true).view(n, 1, 1, 1);
            delta = delta / norm * r * 0.5;
        }
        Tensor yCol = y.view(n, 1);
        for (int step = 0; step < steps; step++)
        {
            using var inner = NewDisposeScope();
            Tensor d = delta.detach().requires_grad_(true);
            Tensor logits = net.call(x + d);
            Tensor trueLogit = logits.gather(1, yCol);
            Tensor masked = logits.scatter(1, yCol, full_like(trueLogit, -1e9));
            Tensor best = masked.amax(new long[] { 1 }, keepdim: true);
            Tensor objective = (best - trueLogit).sum();
            Tensor g = autograd.grad(new[] { objective }, new[] { d })[0]!;
            Tensor gNorm = g.view(n, -1).norm(1, keepdim: true).view(n, 1, 1, 1) + 1e-12;
            Tensor stepped = d.detach() + g / gNorm * r * 0.25;
            Tensor sNorm = stepped.view(n, -1).norm(1, keepdim: true).view(n, 1, 1, 1);
            Tensor scale = (r / (sNorm + 1e-12)).clamp_max(1.0);
            Tensor next = stepped * scale;
            using (no_grad())
            {
                Tensor predicted = net.call(x + next).argmax(1);
                bool[] wrong = predicted.ne(y).ToArray<bool>();
                for (int i = 0; i < n; i++) flipped[i] |= wrong[i];
            }
            delta = next.MoveToOuterDisposeScope();
        }
        return flipped;
    }

    [Fact]
    public void PgdAttack_InsideTheCertifiedRadius_NeverChangesThePrediction()
    {
        manual_seed(0);
        using var net = new TinyNet(hidden: 64);
        new Trainer(net, new TrainerOptions
        {
            Training = net.Training with { Epochs = 2 },
            Certification = new CertificationOptions(Norm.L2, new[] { 0.1 }),
        }).Fit(TestData.Train(512), TestData.Test(100));
        net.eval();

        ImageDataset test = TestData.Test(200);
        using var scope = NewDisposeScope();
        using var batch = new BatchLoader(test, 200, false, 0).Gather(Enumerable.Range(0, 200).ToArray());
        double[] radius;
        bool[] correct;
        using (no_grad())
        {
            Tensor logits = net.call(batch.Images);
            radius = net.CertifiedRadius(logits).ToArray<double>();
            correct = logits.argmax(1).eq(batch.Labels).ToArray<bool>();
        }
        int[] certified = Enumerable.Range(0, 200).Where(i => correct[i] && radius[i] > 1e-3).ToArray();
        Assert.True(certified.Length >= 50, $"only {certified.Length} certified samples to attack");
        Tensor idx = tensor(certified.Select(i => (long)i).ToArray(), new long[] { certified.Length });
        Tensor x = batch.Images.index_select(0, idx);
        Tensor y = batch.Labels.index_select(0, idx);

        // Inside 99.9 % of the certified radius: no prediction may change.
        double[] inside = certified.Select(i => radius[i] * 0.999).ToArray();
        bool[] flippedInside = Attack(net, x, y, inside, steps: 30);
        Assert.DoesNotContain(true, flippedInside);

        // The same attack at four times the radius does flip predictions: it is strong enough to notice a broken certificate.
        double[] outside = certified.Select(i => radius[i] * 4).ToArray();
        bool[] flippedOutside = Attack(net, x, y, outside, steps: 30);
        Assert.True(flippedOutside.Count(f => f) > certified.Length / 4, $"the attack flipped only {flippedOutside.Count(f => f)} of {certified.Length} at 4× the radius");
    }
}
