using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>Independent measurements for the convolution families: exact matrices, Jacobians, pair ratios, Adam pushes.</summary>
internal static class ConvZoo
{
    /// <summary>A layer moved to float64.</summary>
    internal static T F64<T>(T layer) where T : nn.Module<Tensor, Tensor>
    {
        layer.to(ScalarType.Float64);
        return layer;
    }

    /// <summary>Copies <paramref name="value"/> into a parameter.</summary>
    internal static void Set(Tensor parameter, Tensor value)
    {
        using (no_grad()) parameter.copy_(value);
    }

    /// <summary>The matrix of an affine layer's linear part on [c, h, w] inputs, [inputs, outputs], from impulse responses (f(eᵢ) − f(0)).</summary>
    internal static Tensor Matrix(nn.Module<Tensor, Tensor> f, long c, long h, long w)
    {
        long n = c * h * w;
        using var noGrad = no_grad();
        using Tensor eye = torch.eye(n, dtype: ScalarType.Float64);
        using Tensor impulses = eye.view(n, c, h, w);
        using Tensor zero = zeros(new[] { 1, c, h, w }, ScalarType.Float64);
        using Tensor responses = f.call(impulses);
        using Tensor offset = f.call(zero);
        using Tensor linear = responses - offset;
        return linear.reshape(n, -1);
    }

    /// <summary>The smallest and largest singular values of an affine layer's linear part on [c, h, w].</summary>
    internal static (double Min, double Max) Singular(nn.Module<Tensor, Tensor> f, long c, long h, long w)
    {
        using Tensor m = Matrix(f, c, h, w);
        using Tensor s = linalg.svdvals(m);
        return (s.min().ToDouble(), s.max().ToDouble());
    }

    /// <summary>The exact operator norm of an affine layer on [c, h, w] (SVD of its matrix).</summary>
    internal static double ExactNorm(nn.Module<Tensor, Tensor> f, long c, long h, long w)
    {
        using Tensor m = Matrix(f, c, h, w);
        return OperatorNorms.SigmaMax(m);
    }

    /// <summary>‖K‖ of the circular convolution with kernel <paramref name="w"/> (odd, centred) on the n×m torus: SVD of its matrix.</summary>
    internal static double CircularExact(Tensor w, long n, long m)
    {
        long pad = w.size(2) / 2;
        using var k = new Lambda(x =>
        {
            using Tensor wrapped = nn.functional.pad(x, new[] { pad, pad, pad, pad }, PaddingModes.Circular);
            return nn.functional.conv2d(wrapped, w);
        });
        return ExactNorm(k, w.size(1), n, m);
    }

    /// <summary>Calls a layer <paramref name="times"/> times in training mode (power-iteration vectors converge), then leaves it in eval mode.</summary>
    internal static void Warm(nn.Module<Tensor, Tensor> f, long c, long h, long w, int times = 200)
    {
        f.train();
        using var noGrad = no_grad();
        using Tensor x = zeros(new[] { 1, c, h, w }, ScalarType.Float64);
        for (int i = 0; i < times; i++) f.call(x).Dispose();
        f.eval();
    }

    /// <summary>The largest Jacobian norm (exact, SVD) of a layer over <paramref name="points"/> random inputs of [c, h, w].</summary>
    internal static double MaxJacobianNorm(nn.Module<Tensor, Tensor> f, long c, long h, long w, int points, double scale = 1)
    {
        double worst = 0;
        for (int i = 0; i < points; i++)
        {
            using Tensor r = randn(new[] { 1, c, h, w }, ScalarType.Float64);
            using Tensor x = r * scale;
            using Tensor j = OperatorNorms.Jacobian(f, x);
            worst = Math.Max(worst, OperatorNorms.SigmaMax(j));
        }
        return worst;
    }

    /// <summary>The largest ‖f(x) − f(y)‖ / ‖x − y‖ over random pairs (near and far).</summary>
    internal static double MaxPairRatio(nn.Module<Tensor, Tensor> f, long c, long h, long w, int pairs)
    {
        using var noGrad = no_grad();
        double worst = 0;
        foreach (double distance in new[] { 1e-3, 0.1, 3 })
        {
            using Tensor x = randn(new long[] { pairs, c, h, w }, ScalarType.Float64);
            using Tensor d = randn(new long[] { pairs, c, h, w }, ScalarType.Float64);
            using Tensor y = x + d * distance;
            using Tensor fx = f.call(x);
            using Tensor fy = f.call(y);
            using Tensor num = (fx - fy).reshape(pairs, -1).norm(1);
            using Tensor den = (x - y).reshape(pairs, -1).norm(1);
            using Tensor ratio = num / den;
            worst = Math.Max(worst, ratio.max().ToDouble());
        }
        return worst;
    }

    /// <summary>
    /// <paramref name="steps"/> Adam steps (lr 0.05) on every parameter of a training-mode layer, maximising the stretch
    /// ‖f(x) − f(y)‖² / ‖x − y‖² of random near pairs: a push of the norm towards (and past, if it could) the bound.
    /// </summary>
    internal static void PushNormUp(nn.Module<Tensor, Tensor> f, long c, long h, long w, int steps)
    {
        f.train();
        using var adam = optim.Adam(f.parameters(), lr: 0.05);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            Tensor x = randn(new long[] { 8, c, h, w }, ScalarType.Float64);
            Tensor y = x + randn(new long[] { 8, c, h, w }, ScalarType.Float64) * 0.01;
            Tensor stretch = (f.call(x) - f.call(y)).pow(2).sum() / (x - y).pow(2).sum();
            Tensor loss = -stretch;
            loss.backward();
            adam.step();
        }
        f.eval();
    }

    /// <summary>Autograd's gradient of Σ f(x)·g (fixed random x, g) in a few entries of <paramref name="parameter"/>, against central differences.</summary>
    internal static void CheckGradient(nn.Module<Tensor, Tensor> f, Tensor parameter, long c, long h, long w, int entries = 4)
    {
        f.train();
        using Tensor x = randn(new[] { 2, c, h, w }, ScalarType.Float64, generator: new Generator(5));
        Tensor Objective()
        {
            using Tensor y = f.call(x);
            using Tensor square = y * y;
            return square.sum();
        }
        using (Tensor loss = Objective())
        {
            foreach (var p in f.parameters()) p.grad?.zero_();
            loss.backward();
        }
        using Tensor grad = parameter.grad!.detach().clone();
        using Tensor flat = parameter.detach().reshape(-1);
        using Tensor gradFlat = grad.reshape(-1);
        var rng = new Random(5);
        for (int e = 0; e < entries; e++)
        {
            long i = rng.NextInt64(flat.size(0));
            double original = flat[i].ToDouble(), h0 = 1e-6;
            double Value(double v)
            {
                using (no_grad()) flat[i] = v;
                using Tensor l = Objective();
                return l.ToDouble();
            }
            double numeric = (Value(original + h0) - Value(original - h0)) / (2 * h0);
            using (no_grad()) flat[i] = original;
            double analytic = gradFlat[i].ToDouble();
            Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"entry {i}: autograd {analytic}, finite differences {numeric}");
        }
        f.eval();
    }
}

public class SllConv2dTests
{
    private static SllConv2d Layer(long c, long k, int seed)
    {
        manual_seed(seed);
        var layer = ConvZoo.F64(new SllConv2d(c, k));
        using Tensor p = randn(new[] { c, c, k, k }, ScalarType.Float64);
        using Tensor q = randn(new[] { c }, ScalarType.Float64);
        ConvZoo.Set(layer.weight, p);
        ConvZoo.Set(layer.log_q, q);
        layer.eval();
        return layer;
    }

    [Theory]
    [InlineData(2, 3, 4)]
    [InlineData(3, 3, 3)]
    [InlineData(2, 5, 5)]
    public void JacobianNorms_AndPairRatios_AreAtMostOne_RandomAndAfterAdam(long c, long k, long size)
    {
        using var layer = Layer(c, k, 40 + (int)k);
        double random = ConvZoo.MaxJacobianNorm(layer, c, size, size, 6);
        Assert.InRange(random, 0.3, 1 + 1e-9);
        Assert.InRange(ConvZoo.MaxPairRatio(layer, c, size, size, 16), 0.1, 1 + 1e-9);
        ConvZoo.PushNormUp(layer, c, size, size, 20);
        double pushed = ConvZoo.MaxJacobianNorm(layer, c, size, size, 6);
        Assert.InRange(pushed, 0.3, 1 + 1e-9);
        Assert.InRange(ConvZoo.MaxPairRatio(layer, c, size, size, 16), 0.1, 1 + 1e-9);
    }

    [Fact]
    public void WithoutT_TheSameFormula_ExceedsOne()
    {
        // The broken variant: x − 2·K·σ(Kᵀx + b) without T⁻¹ (T = I). Its Jacobian I − 2KDKᵀ reaches 1 − 2‖K‖² < −1.
        using var layer = Layer(2, 3, 41);
        using Tensor b = layer.bias!.detach().clone();
        using Tensor pos = b.abs() + 1; // every pre-activation positive near 0, so D = I there
        ConvZoo.Set(layer.bias!, pos);
        Tensor Broken(Tensor x)
        {
            long[] pad = { 1, 1 };
            using Tensor pre = nn.functional.conv_transpose2d(x, layer.weight, layer.bias, padding: pad);
            using Tensor act = nn.functional.relu(pre);
            using Tensor back = nn.functional.conv2d(act, layer.weight, padding: pad);
            return x - back * 2;
        }
        using var module = new Lambda(Broken);
        using Tensor x0 = zeros(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
        using Tensor j = OperatorNorms.Jacobian(module, x0);
        Assert.True(OperatorNorms.SigmaMax(j) > 1.5, $"broken SLL: {OperatorNorms.SigmaMax(j)}");
        using Tensor jl = OperatorNorms.Jacobian(layer, x0);
        Assert.InRange(OperatorNorms.SigmaMax(jl), 0.3, 1 + 1e-9);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        using var layer = Layer(2, 3, 42);
        ConvZoo.CheckGradient(layer, layer.weight, 2, 4, 4);
        ConvZoo.CheckGradient(layer, layer.log_q, 2, 4, 4, entries: 2);
        ConvZoo.CheckGradient(layer, layer.bias!, 2, 4, 4, entries: 2);
    }

    [Fact]
    public void Scales_MatchHandComputation_AndTDominatesKtK()
    {
        // One channel, kernel [[1,0,0],[0,0,0],[0,0,−2]]: ‖corr‖₁ = 1 + 4 + 2·2 = 9, q cancels, t = 9.
        using var layer = ConvZoo.F64(new SllConv2d(1, 3));
        using Tensor p = tensor(new double[] { 1, 0, 0, 0, 0, 0, 0, 0, -2 }, new long[] { 1, 1, 3, 3 });
        ConvZoo.Set(layer.weight, p);
        using (no_grad())
        {
            using Tensor t = layer.Scales();
            Assert.Equal(9, t.ToDouble(), 9);
        }
        // T − KᵀK ⪰ 0 on a small image, with random q: the fact the proof rests on.
        using var random = Layer(3, 3, 43);
        using (no_grad())
        {
            using Tensor t = random.Scales();
            using var k = new Lambda(x => nn.functional.conv2d(x, random.weight, padding: new long[] { 1, 1 }));
            using Tensor km = ConvZoo.Matrix(k, 3, 4, 4);                  // rows: K eᵢ
            using Tensor gram = km.matmul(km.t());                          // KᵀK
            using Tensor diag = t.view(3, 1, 1).expand(3, 4, 4).reshape(-1);
            using Tensor gap = diag.diag() - gram;
            using Tensor eig = linalg.eigvalsh(gap);
            Assert.True(eig.min().ToDouble() >= -1e-9, $"T − KᵀK has eigenvalue {eig.min().ToDouble()}");
        }
    }

    [Fact]
    public void VerifiedBound_IsOne_AndPowerIterationIsTheJacobianNormAtZero()
    {
        using var layer = Layer(2, 3, 44);
        var shape = new long[] { 2, 4, 4 };
        Assert.Equal(1.0, layer.VerifiedBound(shape));
        double power = layer.PowerIteration(shape, 3000);                     // J's top eigenvalues lie close together
        using Tensor x0 = zeros(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
        using Tensor j = OperatorNorms.Jacobian(layer, x0);
        double exact = OperatorNorms.SigmaMax(j);
        Assert.InRange(power, exact - 1e-3, exact + 1e-9);
        Assert.True(power <= 1.0);
        Assert.Contains("Schur", ((IVerifiedBound)layer).BoundMethod(shape));
    }

    [Fact]
    public void EvalScales_AreCached_UntilWeightOrQChange()
    {
        using var layer = Layer(2, 3, 46);
        using Tensor x = randn(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
        using Tensor first = layer.call(x);
        using Tensor again = layer.call(x);
        Assert.Equal(1, layer.ScaleComputations);
        Assert.True(first.Equals(again));
        using (no_grad()) layer.log_q.add_(0.5);
        using Tensor moved = layer.call(x);
        Assert.Equal(2, layer.ScaleComputations);
        layer.train();
        using Tensor trained = layer.call(x);                 // training recomputes with autograd, same values
        Assert.True(allclose(trained, moved, 1e-12, 1e-12));
    }

    [Fact]
    public void Float32_KeepsShape_AndDtype()
    {
        manual_seed(45);
        using var layer = new SllConv2d(3, 3);
        layer.eval();
        using Tensor x = randn(new long[] { 2, 3, 5, 7 });
        using Tensor y = layer.call(x);
        Assert.Equal(new long[] { 2, 3, 5, 7 }, y.shape);
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.Equal(new[] { "bias", "log_q", "weight" }, layer.state_dict().Keys.OrderBy(k => k).ToArray());
    }
}

public class CplConv2dTests
{
    private static CplConv2d Layer(long c, long k, int seed, double scale = 1, bool positive = false)
    {
        // A private generator: tests of other classes run in parallel and draw from the global one, so manual_seed alone
        // does not fix the weights and the bias.
        var generator = new Generator((ulong)seed);
        var layer = ConvZoo.F64(new CplConv2d(c, k));
        using Tensor p = randn(new[] { c, c, k, k }, ScalarType.Float64, generator: generator);
        using Tensor signed = positive ? p.abs() : p.alias();
        using Tensor ps = signed * scale;
        ConvZoo.Set(layer.weight, ps);
        using Tensor b = randn(new[] { c }, ScalarType.Float64, generator: generator);
        ConvZoo.Set(layer.bias!, b);
        layer.eval();
        return layer;
    }

    [Theory]
    [InlineData(2, 3, 4)]
    [InlineData(3, 3, 3)]
    [InlineData(2, 5, 5)]
    public void EvalMode_JacobianNorms_AndPairRatios_AreAtMostOne_RandomAndAfterAdam(long c, long k, long size)
    {
        using var layer = Layer(c, k, 50 + (int)k, scale: 3);
        Assert.InRange(ConvZoo.MaxJacobianNorm(layer, c, size, size, 6), 0.3, 1 + 1e-9);
        Assert.InRange(ConvZoo.MaxPairRatio(layer, c, size, size, 16), 0.1, 1 + 1e-9);
        ConvZoo.PushNormUp(layer, c, size, size, 20);
        Assert.InRange(ConvZoo.MaxJacobianNorm(layer, c, size, size, 6), 0.3, 1 + 1e-9);
        Assert.InRange(ConvZoo.MaxPairRatio(layer, c, size, size, 16), 0.1, 1 + 1e-9);
    }

    [Fact]
    public void EvalStep_UsesAVerifiedNorm_TightOnTheTorus_AndCachedPerSize()
    {
        using var layer = Layer(2, 3, 51);
        double u = layer.VerifiedKernelNorm(4, 4);
        double zeroPadded = OperatorNorms.ConvExact(layer.weight, 4);
        double torus = ConvZoo.CircularExact(layer.weight, 6, 6);   // N = H + 2p
        Assert.True(u >= zeroPadded, $"u {u} < exact {zeroPadded}");
        Assert.InRange(u, torus, torus * (1 + 1e-6));
        int before = layer.VerifiedComputations;
        using Tensor x = randn(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
        layer.call(x).Dispose();
        layer.call(x).Dispose();
        Assert.Equal(before, layer.VerifiedComputations);      // same kernel, same size: cached
        using Tensor y = randn(new long[] { 1, 2, 5, 5 }, ScalarType.Float64);
        layer.call(y).Dispose();
        Assert.Equal(before + 1, layer.VerifiedComputations);  // another size: the bound depends on it
        using (no_grad()) layer.weight.mul_(2);
        layer.call(y).Dispose();
        Assert.Equal(before + 2, layer.VerifiedComputations);  // a changed kernel: recomputed
    }

    [Fact]
    public void StepWithAnUnderestimatedNorm_OrNoNormalisation_ExceedsOne()
    {
        // The broken variants: the same formula with ‖K‖ 10% low (what an unconverged power iteration gives), and with
        // no normalisation at all. With a positive bias D = I near 0, so J = I − hKᵀK has eigenvalue 1 − h‖K‖² < −1.
        using var layer = Layer(2, 3, 52);
        using Tensor b = layer.bias!.detach().abs() + 1;
        ConvZoo.Set(layer.bias!, b);
        double exact = OperatorNorms.ConvExact(layer.weight, 4);
        long[] pad = { 1, 1 };
        double Norm(double h)
        {
            using var f = new Lambda(x =>
            {
                using Tensor act = nn.functional.relu(nn.functional.conv2d(x, layer.weight, layer.bias, padding: pad));
                using Tensor back = nn.functional.conv_transpose2d(act, layer.weight, padding: pad);
                return x - back * h;
            });
            using Tensor x0 = zeros(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
            using Tensor j = OperatorNorms.Jacobian(f, x0);
            return OperatorNorms.SigmaMax(j);
        }
        Assert.True(Norm(2 / Math.Pow(0.9 * exact, 2)) > 1.2);
        Assert.True(Norm(2) > 1.2 || exact < 1);
        Assert.InRange(Norm(2 / Math.Pow(exact, 2)), 0.9, 1 + 1e-9);   // the exact step: tight (an eigenvalue −1)
        using Tensor z = zeros(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
        using Tensor jl = OperatorNorms.Jacobian(layer, z);
        Assert.InRange(OperatorNorms.SigmaMax(jl), 0.3, 1 + 1e-9);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences_InTraining()
    {
        // The training-mode step divides by ‖Ku‖ for the power-iteration vector u, which is ‖K‖'s gradient only once u
        // has converged to a simple top singular vector. A real kernel's torus spectrum pairs frequencies ω and −ω with
        // equal singular values, so for a random kernel the top one is often double and u wanders in its plane; a kernel
        // of positive taps has its largest singular value at frequency 0, simple, where power iteration converges.
        using var layer = Layer(2, 3, 53, positive: true);
        ConvZoo.Warm(layer, 2, 4, 4);
        ConvZoo.CheckGradient(layer, layer.weight, 2, 4, 4);
        ConvZoo.CheckGradient(layer, layer.bias!, 2, 4, 4, entries: 2);
    }

    [Fact]
    public void VerifiedBound_IsOne_PowerIterationIsTheJacobianNormAtZero()
    {
        using var layer = Layer(2, 3, 54);
        var shape = new long[] { 2, 4, 4 };
        Assert.Equal(1.0, layer.VerifiedBound(shape));
        double power = layer.PowerIteration(shape, 3000);                     // J's top eigenvalues lie close together
        using Tensor x0 = zeros(new long[] { 1, 2, 4, 4 }, ScalarType.Float64);
        using Tensor j = OperatorNorms.Jacobian(layer, x0);
        double exact = OperatorNorms.SigmaMax(j);
        Assert.InRange(power, exact - 1e-3, exact + 1e-9);
        Assert.Contains("DFT", ((IVerifiedBound)layer).BoundMethod(shape));
    }
}

public class SocConv2dTests
{
    private static SocConv2d Layer(long c, long k, int seed, double scale, long terms = 12, double maxNorm = 1)
    {
        manual_seed(seed);
        var layer = ConvZoo.F64(new SocConv2d(c, k, terms, maxNorm));
        using Tensor p = randn(new[] { c, c, k, k }, ScalarType.Float64);
        using Tensor ps = p * scale;
        ConvZoo.Set(layer.weight, ps);
        using Tensor b = randn(new[] { c }, ScalarType.Float64);
        ConvZoo.Set(layer.bias!, b);
        layer.eval();
        return layer;
    }

    [Theory]
    [InlineData(2, 3, 4, 0.05)]  // ‖A‖ < r: no shrink
    [InlineData(2, 3, 4, 2.0)]   // ‖A‖ > r: shrunk to r
    [InlineData(3, 5, 5, 1.0)]
    public void EvalMode_IsOrthogonalWithinTheTail_AndNeverAboveOne(long c, long k, long size, double scale)
    {
        using var layer = Layer(c, k, 60 + (int)k, scale);
        var (min, max) = ConvZoo.Singular(layer, c, size, size);
        Assert.InRange(max, 1 - 1e-6, 1 + 1e-12);
        Assert.InRange(min, 1 - 1e-6, 1 + 1e-12);
        ConvZoo.PushNormUp(layer, c, size, size, 20);
        (min, max) = ConvZoo.Singular(layer, c, size, size);
        Assert.InRange(max, 1 - 1e-6, 1 + 1e-12);
        Assert.InRange(min, 1 - 1e-6, 1 + 1e-12);
    }

    [Fact]
    public void UnrescaledTruncatedSeries_WithLargeA_ExceedsOne_AndShortSeriesWithoutTheDivisorToo()
    {
        // The broken variants: SOC's series without the shrink (‖A‖ ≈ 6) and without the eval divisor.
        using var layer = Layer(2, 3, 61, scale: 3, terms: 12);
        using Tensor q = layer.SkewKernel();
        double normA = OperatorNorms.ConvExact(q, 4);
        Assert.True(normA > 4, $"‖A‖ = {normA}");
        using var raw = new Lambda(x => SocConv2d.Series(x, q, 12));
        var (_, rawMax) = ConvZoo.Singular(raw, 2, 4, 4);
        Assert.True(rawMax > 2, $"unrescaled series: {rawMax}");
        Assert.InRange(ConvZoo.Singular(layer, 2, 4, 4).Max, 1 - 1e-6, 1 + 1e-12);

        // T = 2 with ‖A‖ ≤ 1 and no divisor: |1 + iθ − θ²/2|² = 1 + θ⁴/4 > 1; the layer's divisor brings it to ≤ 1.
        using var shortLayer = Layer(2, 3, 62, scale: 2, terms: 2);
        var (s, divisor) = shortLayer.EvalScaling(4, 4);
        using Tensor qs = shortLayer.SkewKernel() * s;
        using var undivided = new Lambda(x => SocConv2d.Series(x, qs, 2));
        Assert.True(ConvZoo.Singular(undivided, 2, 4, 4).Max > 1.02);
        var (shortMin, shortMax) = ConvZoo.Singular(shortLayer, 2, 4, 4);
        Assert.InRange(shortMax, 0.5, 1 + 1e-12);
        Assert.InRange(divisor, 1.4, 1 + Math.E / 6 + 1e-12);
        Assert.True(shortMin > 0.5);
    }

    [Fact]
    public void Skew_IsExactlyAntisymmetric_OnZeroPaddedImages()
    {
        using var layer = Layer(3, 3, 63, 1);
        using Tensor q = layer.SkewKernel();
        using var a = new Lambda(x => nn.functional.conv2d(x, q, padding: new long[] { 1, 1 }));
        using Tensor m = ConvZoo.Matrix(a, 3, 4, 4);
        using Tensor sum = m + m.t();
        Assert.True(sum.abs().max().ToDouble() < 1e-12);
    }

    [Fact]
    public void Tail_IsTaylorsBound()
    {
        Assert.Equal(Math.E / 5040, SocConv2d.Tail(1, 6), 15);
        double exact = Math.Exp(0.7) - Enumerable.Range(0, 9).Sum(j => Math.Pow(0.7, j) / Enumerable.Range(1, j).Aggregate(1.0, (a, b) => a * b));
        Assert.InRange(SocConv2d.Tail(0.7, 8), exact, exact * Math.Exp(0.7));
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences_InTraining()
    {
        // ‖A‖ < r, so the series itself is differentiated (a skew A has paired singular values, so the shrink's
        // power-iteration norm is not differentiable at a converged vector; finite differences cannot check it).
        using var layer = Layer(2, 3, 64, 0.05);
        ConvZoo.Warm(layer, 2, 4, 4);
        Assert.Equal(1.0, layer.EvalScaling(4, 4).Shrink);
        ConvZoo.CheckGradient(layer, layer.weight, 2, 4, 4);
    }

    [Fact]
    public void VerifiedBound_IsOne_PowerIterationBelow()
    {
        using var layer = Layer(2, 3, 65, 2);
        var shape = new long[] { 2, 4, 4 };
        double power = layer.PowerIteration(shape, 100);
        var (_, max) = ConvZoo.Singular(layer, 2, 4, 4);
        Assert.Equal(1.0, layer.VerifiedBound(shape));
        Assert.InRange(power, max - 1e-6, max + 1e-9);
    }
}

public class BcopConv2dTests
{
    private static BcopConv2d Layer(long c, long k, int seed)
    {
        manual_seed(seed);
        var layer = ConvZoo.F64(new BcopConv2d(c, k));
        using Tensor h = randn(new[] { c, c }, ScalarType.Float64);
        using Tensor m = randn(layer.projectors.shape, ScalarType.Float64);
        ConvZoo.Set(layer.weight, h);
        ConvZoo.Set(layer.projectors, m);
        using Tensor b = randn(new[] { c }, ScalarType.Float64);
        ConvZoo.Set(layer.bias!, b);
        layer.eval();
        return layer;
    }

    private static Tensor TrainingKernel(BcopConv2d layer, bool orthogonalise = true)
    {
        using var noGrad = no_grad();
        return BcopConv2d.Kernel(layer.weight, layer.projectors, BcopConv2d.EvalSteps, orthogonalise);
    }

    private static (double Min, double Max) CircularSingular(Tensor w, long n)
    {
        long pad = w.size(2) / 2;
        using var k = new Lambda(x =>
        {
            using Tensor wrapped = nn.functional.pad(x, new[] { pad, pad, pad, pad }, PaddingModes.Circular);
            return nn.functional.conv2d(wrapped, w);
        });
        using Tensor m = ConvZoo.Matrix(k, w.size(1), n, n);
        using Tensor s = linalg.svdvals(m);
        return (s.min().ToDouble(), s.max().ToDouble());
    }

    [Theory]
    [InlineData(2, 3, 4)]
    [InlineData(4, 3, 3)]
    [InlineData(3, 5, 5)]
    public void Kernel_IsOrthogonalOnTheTorus_RandomAndAfterAdam(long c, long k, long n)
    {
        using var layer = Layer(c, k, 90 + (int)k);
        using (Tensor w = TrainingKernel(layer))
        {
            var (min, max) = CircularSingular(w, n);
            Assert.InRange(min, 1 - 1e-6, 1 + 1e-6);
            Assert.InRange(max, 1 - 1e-6, 1 + 1e-6);
        }
        ConvZoo.PushNormUp(layer, c, n, n, 20);
        using (Tensor w = TrainingKernel(layer))
        {
            var (min, max) = CircularSingular(w, n);
            Assert.InRange(min, 1 - 1e-6, 1 + 1e-6);
            Assert.InRange(max, 1 - 1e-6, 1 + 1e-6);
        }
    }

    [Theory]
    [InlineData(2, 3, 4)]
    [InlineData(3, 5, 5)]
    public void EvalMode_ZeroPadded_IsAtMostOne_WithSingularValuesBelowOneAtTheBorders(long c, long k, long size)
    {
        using var layer = Layer(c, k, 91 + (int)k);
        using Tensor m = ConvZoo.Matrix(layer, c, size, size);
        using Tensor s = linalg.svdvals(m);
        Assert.InRange(s.max().ToDouble(), 0.9, 1 + 1e-12);
        Assert.True(s.min().ToDouble() < 0.999, $"zero padding crops the isometry: smallest singular value {s.min().ToDouble()}");
        ConvZoo.PushNormUp(layer, c, size, size, 20);
        Assert.InRange(ConvZoo.ExactNorm(layer, c, size, size), 0.9, 1 + 1e-12);
    }

    [Fact]
    public void KernelOneIsAnOrthogonal1x1Convolution_ExactOnZeroPaddedImages()
    {
        using var layer = Layer(3, 1, 92);
        using Tensor m = ConvZoo.Matrix(layer, 3, 3, 3);
        using Tensor s = linalg.svdvals(m);
        Assert.InRange(s.min().ToDouble(), 1 - 1e-8, 1 + 1e-12); // 1 divided by the verified bound (σ·(1 + 1e-9) + its absolute margin)
    }

    [Fact]
    public void WithoutBjorck_ProjectorsAreNot_AndTheKernelExceedsOne()
    {
        // The broken variant: P = MMᵀ from the raw matrices (no orthogonalisation) is not a projector.
        using var layer = Layer(2, 3, 93);
        using Tensor scaled = layer.projectors.detach() * 2;
        ConvZoo.Set(layer.projectors, scaled);
        using Tensor raw = TrainingKernel(layer, orthogonalise: false);
        Assert.True(CircularSingular(raw, 4).Max > 1.1);
        using Tensor good = TrainingKernel(layer);
        Assert.InRange(CircularSingular(good, 4).Max, 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void Compose_IsTheKernelOfTheComposition_OnTheTorus()
    {
        manual_seed(94);
        using Tensor a = randn(new long[] { 2, 3, 2, 1 }, ScalarType.Float64);
        using Tensor b = randn(new long[] { 3, 2, 1, 2 }, ScalarType.Float64);
        using Tensor c = BcopConv2d.Compose(a, b);
        Assert.Equal(new long[] { 2, 2, 2, 2 }, c.shape);
        using Tensor x = randn(new long[] { 1, 2, 5, 5 }, ScalarType.Float64);
        static Tensor Circ(Tensor x, Tensor w) // cross-correlation on the torus, taps reaching forward
        {
            using Tensor wrapped = nn.functional.pad(x, new long[] { 0, w.size(3) - 1, 0, w.size(2) - 1 }, PaddingModes.Circular);
            return nn.functional.conv2d(wrapped, w);
        }
        using Tensor bx = Circ(x, b);
        using Tensor twoSteps = Circ(bx, a);
        using Tensor oneStep = Circ(x, c);
        Assert.True(allclose(twoSteps, oneStep, 1e-12, 1e-12));
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        using var layer = Layer(2, 3, 95);
        ConvZoo.CheckGradient(layer, layer.weight, 2, 4, 4);
        ConvZoo.CheckGradient(layer, layer.projectors, 2, 4, 4);
    }

    [Fact]
    public void VerifiedBound_CoversTheExactNorm_PowerIterationBelow()
    {
        using var layer = Layer(2, 3, 96);
        var shape = new long[] { 2, 4, 4 };
        double verified = layer.VerifiedBound(shape);
        double exact = ConvZoo.ExactNorm(layer, 2, 4, 4);
        Assert.True(verified >= exact, $"verified {verified} < exact {exact}");
        Assert.InRange(verified, 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(layer.PowerIteration(shape, 200), exact - 1e-3, verified);
    }
}

public class CayleyConv2dTests
{
    private static CayleyConv2d Layer(long c, long k, int seed, double scale)
    {
        manual_seed(seed);
        var layer = ConvZoo.F64(new CayleyConv2d(c, k));
        using Tensor p = randn(new[] { c, c, k, k }, ScalarType.Float64);
        using Tensor ps = p * scale;
        ConvZoo.Set(layer.weight, ps);
        using Tensor b = randn(new[] { c }, ScalarType.Float64);
        ConvZoo.Set(layer.bias!, b);
        layer.eval();
        return layer;
    }

    [Theory]
    [InlineData(2, 3, 4, 4, 0.3)]
    [InlineData(3, 3, 5, 3, 5.0)]
    [InlineData(2, 5, 4, 6, 1.0)]  // kernel wider than the image: still orthogonal
    public void EverySingularValue_IsOne_RandomAndAfterAdam(long c, long k, long h, long w, double scale)
    {
        using var layer = Layer(c, k, 70 + (int)k, scale);
        var (min, max) = ConvZoo.Singular(layer, c, h, w);
        Assert.InRange(min, 1 - 1e-9, 1 + 1e-9);
        Assert.InRange(max, 1 - 1e-9, 1 + 1e-9);
        ConvZoo.PushNormUp(layer, c, h, w, 20);
        (min, max) = ConvZoo.Singular(layer, c, h, w);
        Assert.InRange(min, 1 - 1e-9, 1 + 1e-9);
        Assert.InRange(max, 1 - 1e-9, 1 + 1e-9);
    }

    [Fact]
    public void WrongTranspose_WithoutConjugate_IsNotOrthogonal()
    {
        // The broken variant: A = P̂ − P̂ᵀ (transpose without conjugation) is not skew-Hermitian.
        using var layer = Layer(2, 3, 71, 1);
        Tensor Broken(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor blocks = fft.rfft2(layer.weight, s: new long[] { 4, 4 }, dim: new long[] { 2, 3 }).permute(2, 3, 0, 1);
            Tensor a = blocks - blocks.transpose(2, 3);
            Tensor eye = torch.eye(2, dtype: ScalarType.ComplexFloat64);
            Tensor q = linalg.solve(eye + a, eye - a);
            Tensor y = fft.irfft2(q.matmul(fft.rfft2(x).permute(2, 3, 1, 0)).permute(3, 2, 0, 1), s: new long[] { 4, 4 });
            return y.MoveToOuterDisposeScope();
        }
        using var broken = new Lambda(Broken);
        Assert.True(ConvZoo.Singular(broken, 2, 4, 4).Max > 1.01);
    }

    [Fact]
    public void IsACircularConvolution_ShiftsCommute()
    {
        using var layer = Layer(2, 3, 72, 1);
        using Tensor x = randn(new long[] { 1, 2, 5, 4 }, ScalarType.Float64);
        using Tensor shifted = x.roll(new long[] { 2, 1 }, new long[] { 2, 3 });
        using Tensor a = layer.call(shifted);
        using Tensor fx = layer.call(x);
        using Tensor b = fx.roll(new long[] { 2, 1 }, new long[] { 2, 3 });
        Assert.True(allclose(a, b, 1e-10, 1e-10));
    }

    [Fact]
    public void VerifiedBound_IsTheExactNorm_PowerIterationBelow_CachedPerSize()
    {
        using var layer = Layer(2, 3, 73, 2);
        var shape = new long[] { 2, 4, 5 };
        double verified = layer.VerifiedBound(shape);
        var (_, max) = ConvZoo.Singular(layer, 2, 4, 5);
        Assert.InRange(verified, max, max * (1 + 1e-6));
        Assert.InRange(layer.PowerIteration(shape, 50), 1 - 1e-9, verified);
        int before = layer.TransferComputations;
        using Tensor x = randn(new long[] { 1, 2, 3, 3 }, ScalarType.Float64);
        layer.call(x).Dispose();
        layer.call(x).Dispose();
        Assert.Equal(before + 1, layer.TransferComputations);   // a new size once, then cached
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        using var layer = Layer(2, 3, 74, 1);
        ConvZoo.CheckGradient(layer, layer.weight, 2, 4, 4);
    }

    [Fact]
    public void Float32_AgreesWithFloat64()
    {
        using var layer = Layer(3, 3, 75, 1);
        using Tensor x = randn(new long[] { 2, 3, 6, 6 }, ScalarType.Float64);
        using Tensor y64 = layer.call(x);
        layer.to(ScalarType.Float32);
        using Tensor x32 = x.to(ScalarType.Float32);
        using Tensor y32 = layer.call(x32);
        Assert.Equal(ScalarType.Float32, y32.dtype);
        using Tensor back = y32.to(ScalarType.Float64);
        Assert.True(allclose(back, y64, 1e-5, 1e-5));
    }
}

public class SpectralConv2dTests
{
    private static SpectralConv2d Layer(long cin, long cout, long k, int seed)
    {
        // A private generator: tests of other classes run in parallel and draw from the global one.
        var layer = ConvZoo.F64(new SpectralConv2d(cin, cout, k));
        using Tensor p = randn(new[] { cout, cin, k, k }, ScalarType.Float64, generator: new Generator((ulong)seed));
        ConvZoo.Set(layer.weight, p);
        layer.eval();
        return layer;
    }

    [Theory]
    [InlineData(2, 3, 3, 4)]
    [InlineData(3, 2, 5, 5)]
    [InlineData(1, 4, 1, 4)]
    public void EvalMode_ExactNorm_IsAtMostOne_TightOnTheTorus_RandomAndAfterAdam(long cin, long cout, long k, long size)
    {
        using var layer = Layer(cin, cout, k, 80 + (int)k);
        double exact = ConvZoo.ExactNorm(layer, cin, size, size);
        Assert.InRange(exact, 0.5, 1 + 1e-12);
        using (no_grad())
        {
            using Tensor w = layer.weight / layer.VerifiedKernelNorm(size, size);
            Assert.InRange(ConvZoo.CircularExact(w, size + k - 1, size + k - 1), 1 - 1e-6, 1 + 1e-12);
        }
        ConvZoo.PushNormUp(layer, cin, size, size, 20);
        Assert.InRange(ConvZoo.ExactNorm(layer, cin, size, size), 0.5, 1 + 1e-12);
    }

    [Fact]
    public void DividingByThePowerIterationEstimate_ExceedsOne()
    {
        // The broken variant: the kernel divided by the training-mode estimate (one power-iteration step from the
        // tracker's start) instead of the verified bound; the estimate is below ‖K‖, so the normalised kernel exceeds 1.
        using var layer = Layer(3, 3, 3, 81);
        using var tracker = new ConvNormTracker();
        double estimate;
        using (no_grad())
        using (Tensor sigma = tracker.Estimate(layer.weight, 4, 4)) estimate = sigma.ToDouble();
        using Tensor broken = layer.weight.detach() / estimate;
        double brokenNorm = OperatorNorms.ConvExact(broken, 4);
        Assert.True(brokenNorm > 1 + 1e-3, $"estimate-normalised norm {brokenNorm}");
        Assert.InRange(ConvZoo.ExactNorm(layer, 3, 4, 4), 0.5, 1 + 1e-12);
    }

    [Fact]
    public void VerifiedBound_CoversTheExactNorm_PowerIterationBelow()
    {
        using var layer = Layer(2, 3, 3, 82);
        var shape = new long[] { 2, 4, 4 };
        double verified = layer.VerifiedBound(shape);
        double exact = ConvZoo.ExactNorm(layer, 2, 4, 4);
        Assert.True(verified >= exact, $"verified {verified} < exact {exact}");
        Assert.InRange(verified, 1 - 1e-6, 1 + 1e-6);
        Assert.InRange(layer.PowerIteration(shape, 200), exact - 1e-3, verified);
    }

    [Fact]
    public void Strided_EvalNorm_IsAtMostOne_TightForACentreTapKernel_AndVerifiedCoversIt()
    {
        manual_seed(84);
        using var layer = ConvZoo.F64(new SpectralConv2d(2, 3, 3, stride: 2));
        using Tensor p = randn(new long[] { 3, 2, 3, 3 }, ScalarType.Float64);
        ConvZoo.Set(layer.weight, p);
        layer.eval();
        using (Tensor x = randn(new long[] { 1, 2, 7, 6 }, ScalarType.Float64))
        using (Tensor y = layer.call(x)) Assert.Equal(new long[] { 1, 3, 4, 3 }, y.shape);
        var shape = new long[] { 2, 6, 6 };
        double exact = ConvZoo.ExactNorm(layer, 2, 6, 6);
        Assert.InRange(exact, 0.2, 1 + 1e-12);
        Assert.True(layer.VerifiedBound(shape) >= exact);
        Assert.InRange(layer.PowerIteration(shape, 200), exact - 1e-3, layer.VerifiedBound(shape));
        // Only the centre tap: the strided convolution keeps a subset of pixels, so its norm is the stride-1 norm: 1.
        using Tensor centre = zeros(new long[] { 3, 2, 3, 3 }, ScalarType.Float64);
        using (no_grad()) centre[.., .., 1, 1] = randn(new long[] { 3, 2 }, ScalarType.Float64);
        ConvZoo.Set(layer.weight, centre);
        Assert.InRange(ConvZoo.ExactNorm(layer, 2, 6, 6), 1 - 1e-6, 1 + 1e-12);
        ConvZoo.PushNormUp(layer, 2, 6, 6, 20);
        Assert.InRange(ConvZoo.ExactNorm(layer, 2, 6, 6), 0.2, 1 + 1e-12);
    }

    [Fact]
    public void TrainingEstimate_ConvergesToTheEvalBound_SoTrainingAndEvalDivideAlike()
    {
        // The power iteration runs on the torus the verified bound uses: converged, it meets the bound (less its margin).
        manual_seed(85);
        using Tensor p = randn(new long[] { 3, 2, 3, 3 }, ScalarType.Float64);
        using var tracker = new ConvNormTracker(steps: 400);
        double estimate;
        using (no_grad())
        using (Tensor sigma = tracker.Estimate(p, 4, 5)) estimate = sigma.ToDouble();
        double verified = tracker.Verified(p, 4, 5);
        Assert.InRange(estimate, verified * (1 - 1e-6), verified);
        Assert.True(estimate >= OperatorNorms.ConvExact(p, 4) - 1e-9);   // ≥ the zero-padded norm on 4×4 (which the torus bounds)
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences_InTraining()
    {
        using var layer = Layer(2, 3, 3, 83);
        ConvZoo.Warm(layer, 2, 4, 4);
        ConvZoo.CheckGradient(layer, layer.weight, 2, 4, 4);
    }
}

/// <summary>A module from a function (for the broken variants and plain convolutions in tests).</summary>
internal sealed class Lambda : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _f;

    internal Lambda(Func<Tensor, Tensor> f) : base(nameof(Lambda)) => _f = f;

    public override Tensor forward(Tensor input) => _f(input);
}
