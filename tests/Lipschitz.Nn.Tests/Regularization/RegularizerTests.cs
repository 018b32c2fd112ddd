using System.Linq;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Regularization;

[Collection(DeterministicCollection.Name)]
public class RegularizerTests
{
    private static Linear Net(double[,] w)
    {
        int o = w.GetLength(0), i = w.GetLength(1);
        var layer = new Linear(i, o, bias: false);
        layer.to(ScalarType.Float64);
        var flat = new double[o * i];
        for (int r = 0; r < o; r++) for (int c = 0; c < i; c++) flat[r * i + c] = w[r, c];
        using (no_grad()) layer.weight.copy_(tensor(flat).view(o, i));
        return layer;
    }

    private static readonly double[,] W = { { 2, 0, 1, 0 }, { 0, -1, 0, 3 }, { 1, 1, 1, 1 } };

    /// <summary>max_i ‖W(u_i − v_i)‖ / ‖u_i − v_i‖ by hand.</summary>
    private static double MaxQuotient(double[,] w, double[] u, double[] v, int pairs)
    {
        int o = w.GetLength(0), n = w.GetLength(1);
        double best = 0;
        for (int p = 0; p < pairs; p++)
        {
            double num = 0, den = 0;
            for (int r = 0; r < o; r++)
            {
                double s = 0;
                for (int c = 0; c < n; c++) s += w[r, c] * (u[p * n + c] - v[p * n + c]);
                num += s * s;
            }
            for (int c = 0; c < n; c++) den += Math.Pow(u[p * n + c] - v[p * n + c], 2);
            best = Math.Max(best, Math.Sqrt(num / den));
        }
        return best;
    }

    [Fact]
    public void ClipPenalty_IsLambdaTimesTheLargestQuotientSquared_WithTheRightGradient()
    {
        manual_seed(41);
        using Linear net = Net(W);
        var options = new RegularizerOptions(RegularizerKind.Clip, Lambda: 0.3, Pairs: 5, AscentSteps: 0, Radius: 0.5);
        using var clip = new ClipRegularizer(options, seed: 7);
        using Tensor x = rand(new long[] { 8, 4 }, ScalarType.Float64);
        using Tensor penalty = clip.Penalty(net, x);
        double[] u = clip.Pairs!.U.ToArray<double>(), v = clip.Pairs.V.ToArray<double>();
        Assert.Equal(5, clip.Pairs.Count);
        double q = MaxQuotient(W, u, v, 5);
        Assert.Equal(0.3 * q * q, penalty.ToDouble(), 10);
        Assert.Equal(q, clip.LastEstimate, 10);
        // Distance of each new pair: the radius.
        for (int p = 0; p < 5; p++)
            Assert.Equal(0.5, Math.Sqrt(Enumerable.Range(0, 4).Sum(c => Math.Pow(u[p * 4 + c] - v[p * 4 + c], 2))), 10);
        // d penalty / dW against central differences of the hand formula.
        using Tensor grad = autograd.grad(new[] { penalty }, new[] { net.weight })[0];
        double[] g = grad.ToArray<double>();
        const double h = 1e-6;
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
            {
                var plus = (double[,])W.Clone();
                var minus = (double[,])W.Clone();
                plus[r, c] += h;
                minus[r, c] -= h;
                double fd = 0.3 * (Math.Pow(MaxQuotient(plus, u, v, 5), 2) - Math.Pow(MaxQuotient(minus, u, v, 5), 2)) / (2 * h);
                Assert.True(Math.Abs(fd - g[r * 4 + c]) < 1e-5, $"dW[{r},{c}]: autograd {g[r * 4 + c]}, finite differences {fd}");
            }
    }

    [Fact]
    public void PairAscent_NeverLowersAPairsQuotient_AndReachesTheConstantOfALinearMap()
    {
        manual_seed(42);
        using Linear net = Net(W);
        using Tensor x = rand(new long[] { 6, 4 }, ScalarType.Float64);
        using PairSet pairs = PairSet.Around(x, 0.2, 0.05);
        double[] previous = pairs.Quotients(net).ToArray<double>();
        for (int k = 0; k < 60; k++)
        {
            pairs.Ascend(net, 1);
            double[] now = pairs.Quotients(net).ToArray<double>();
            for (int p = 0; p < now.Length; p++) Assert.True(now[p] >= previous[p], $"pair {p} fell from {previous[p]} to {now[p]} at step {k}");
            previous = now;
        }
        using Tensor w = net.weight.detach();
        double sigma = linalg.svdvals(w).max().ToDouble();
        Assert.InRange(previous.Max(), 0.999 * sigma, sigma * (1 + 1e-12));
    }

    [Fact]
    public void Lambda_WaitsForTheWarmup_RisesAboveTheTarget_FallsBelowIt_NeverUnderZero()
    {
        var options = new RegularizerOptions(RegularizerKind.Clip, Lambda: 0.01, TargetAccuracy: 0.8, WarmupEpochs: 2, LambdaStep: 0.006);
        using var clip = new ClipRegularizer(options, 0);
        clip.EndEpoch(1, 0.95);
        clip.EndEpoch(2, 0.10);
        Assert.Equal(0.01, clip.Lambda, 15);
        clip.EndEpoch(3, 0.95);
        Assert.Equal(0.016, clip.Lambda, 15);
        clip.EndEpoch(4, 0.50);
        clip.EndEpoch(5, 0.50);
        clip.EndEpoch(6, 0.50);
        Assert.Equal(0.0, clip.Lambda);
    }

    [Fact]
    public void ClipState_RoundTrips_PairsAndLambda()
    {
        manual_seed(43);
        using Linear net = Net(W);
        var options = new RegularizerOptions(RegularizerKind.Clip, Lambda: 0.05, Pairs: 3, AscentSteps: 2, WarmupEpochs: 0, LambdaStep: 0.01);
        using var a = new ClipRegularizer(options, 1);
        using Tensor x = rand(new long[] { 4, 4 }, ScalarType.Float64);
        a.Penalty(net, x).Dispose();
        a.EndEpoch(1, 1.0);
        var state = a.State();
        using var b = new ClipRegularizer(options, 99);
        b.Restore(state, CPU);
        Assert.Equal(a.Lambda, b.Lambda);
        Assert.True(a.Pairs!.U.Equals(b.Pairs!.U) && a.Pairs.V.Equals(b.Pairs.V) && a.Pairs.StepSize.Equals(b.Pairs.StepSize));
        foreach (var (_, t) in state) t.Dispose();
        var spectral = new SpectralPenalty(new RegularizerOptions(RegularizerKind.Spectral));
        Assert.Throws<ArgumentException>(() => b.Restore(spectral.State().Append(new("spectral.0.u", zeros(3))).ToList(), CPU));
    }

    [Fact]
    public void SpectralPenalty_ConvergesToTheLargestSingularValues_AndIsLambdaTimesTheirSquares()
    {
        manual_seed(44);
        using var model = nn.Sequential(("a", Net(W)), ("relu", nn.ReLU()), ("b", Net(new double[,] { { 1, 2, 0 }, { 0, 1, -1 } })));
        using var penalty = new SpectralPenalty(new RegularizerOptions(RegularizerKind.Spectral, Lambda: 0.5));
        using Tensor x = zeros(new long[] { 1, 4 }, ScalarType.Float64);
        double value = 0;
        for (int k = 0; k < 50; k++)
        {
            using Tensor p = penalty.Penalty(model, x);
            value = p.ToDouble();
        }
        double s1 = linalg.svdvals(tensor(new double[] { 2, 0, 1, 0, 0, -1, 0, 3, 1, 1, 1, 1 }).view(3, 4)).max().ToDouble();
        double s2 = linalg.svdvals(tensor(new double[] { 1, 2, 0, 0, 1, -1 }).view(2, 3)).max().ToDouble();
        Assert.Equal(0.5 * (s1 * s1 + s2 * s2), value, 8);
        Assert.Equal(s1 + s2, penalty.LastEstimate, 8);
    }

    [Fact]
    public void SpectralPenalty_LeavesConstrainedLayersAlone()
    {
        // An AOL layer's P has any scale (the rescaling removes it): only the unconstrained layer is penalised.
        manual_seed(45);
        var aol = new AolLinear(3, 4);
        aol.to(ScalarType.Float64);
        using (no_grad()) aol.weight.mul_(100);
        using var model = nn.Sequential(("aol", aol), ("b", Net(new double[,] { { 1, 2, 0, 0 }, { 0, 1, -1, 0 } })));
        using var penalty = new SpectralPenalty(new RegularizerOptions(RegularizerKind.Spectral, Lambda: 1));
        using Tensor x = zeros(new long[] { 1, 3 }, ScalarType.Float64);
        double value = 0;
        for (int k = 0; k < 50; k++)
        {
            using Tensor p = penalty.Penalty(model, x);
            value = p.ToDouble();
        }
        double s = linalg.svdvals(tensor(new double[] { 1, 2, 0, 0, 0, 1, -1, 0 }).view(2, 4)).max().ToDouble();
        Assert.Equal(s * s, value, 8);
    }
}
