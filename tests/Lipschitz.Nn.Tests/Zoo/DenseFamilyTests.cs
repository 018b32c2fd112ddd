using System.Collections.Generic;
using System.Linq;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Estimation;
using Lipschitz.Nn.Serialization;
using Lipschitz.Nn.Tests.Estimation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>
/// The dense families (orthogonal, Cayley, SLL, CPL, Sandwich, spectral normalisation), each measured independently of
/// its own claim: singular values by LAPACK in float64, the Jacobian's largest singular value at random points, and
/// ratios ‖f(x) − f(y)‖/‖x − y‖ of random pairs. Broken variants (a wrong transpose, a too-large step, an unconverged
/// norm estimate, a T without its off-diagonal sums) are shown to exceed 1, so the checks can fail.
/// </summary>
public class DenseFamilyTests
{
    private readonly ITestOutputHelper _output;

    public DenseFamilyTests(ITestOutputHelper output) => _output = output;

    private const double Float32Slack = LipschitzModule.RoundoffSlackPerLayer * 5.9604644775390625e-8; // 64·2⁻²⁴

    /// <summary>A module from a function, to measure variants of a formula with the same tools as the layers.</summary>
    private sealed class Fn : nn.Module<Tensor, Tensor>
    {
        private readonly System.Func<Tensor, Tensor> _f;

        public Fn(System.Func<Tensor, Tensor> f) : base("Fn") => _f = f;

        public override Tensor forward(Tensor input) => _f(input);
    }

    private static T Float64<T>(T layer) where T : nn.Module<Tensor, Tensor>
    {
        layer.to(ScalarType.Float64);
        return layer;
    }

    private static double[] SingularValues(Tensor w)
    {
        using Tensor w64 = w.detach().to(ScalarType.Float64);
        using Tensor s = linalg.svdvals(w64);
        return s.data<double>().ToArray();
    }

    /// <summary>The largest σmax of the Jacobian over <paramref name="points"/> random inputs of N(0, scale²) entries.</summary>
    private static double WorstJacobian(nn.Module<Tensor, Tensor> f, long features, int points, double scale = 1.0)
    {
        double worst = 0;
        for (int i = 0; i < points; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x = randn(new[] { 1L, features }, ScalarType.Float64) * scale;
            Tensor j = OperatorNorms.Jacobian(f, x);
            worst = Math.Max(worst, OperatorNorms.SigmaMax(j));
        }
        return worst;
    }

    /// <summary>The largest ‖f(x) − f(y)‖/‖x − y‖ over random pairs at distances 1e-3 … 10.</summary>
    private static double WorstPairRatio(nn.Module<Tensor, Tensor> f, long features, int batches = 8)
    {
        double worst = 0;
        using (no_grad())
        {
            for (int i = 0; i < batches; i++)
            {
                using var scope = NewDisposeScope();
                Tensor x = randn(new[] { 64L, features }, ScalarType.Float64) * 2;
                Tensor d = randn(new[] { 64L, features }, ScalarType.Float64) * Math.Pow(10, i % 5 - 3);
                Tensor y = x + d;
                Tensor num = (f.call(x) - f.call(y)).norm(1, false, 2);
                Tensor den = d.norm(1, false, 2);
                worst = Math.Max(worst, (num / den).max().ToDouble());
            }
        }
        return worst;
    }

    private static void Randomize(nn.Module module, double std)
    {
        using (no_grad())
            foreach (var p in module.parameters()) p.normal_(0, std);
    }

    private static double GradientNorm(Parameter p)
    {
        using Tensor? g = p.grad;
        Assert.NotNull(g);
        using Tensor n = g!.norm();
        return n.ToDouble();
    }

    // ───────────────────────────── every kind ─────────────────────────────

    public static IEnumerable<object[]> Kinds() => new[] { "orthogonal", "cayley", "sll", "cpl", "sandwich", "spectral" }.Select(k => new object[] { k });

    private static (nn.Module<Tensor, Tensor> Layer, long In) Create(string kind) => kind switch
    {
        "orthogonal" => (new OrthogonalLinear(6, 4), 6),
        "cayley" => (new CayleyLinear(4, 6), 4),
        "sll" => (new SllLinear(6, 8), 6),
        "cpl" => (new CplLinear(6, 3), 6),
        "sandwich" => (new SandwichLinear(6, 4), 6),
        "spectral" => (new SpectralLinear(6, 4), 6),
        _ => throw new System.ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_MovesToFloat64_RoundTripsItsState_AndStatesItsBound(string kind)
    {
        manual_seed(160);
        var (layer, inFeatures) = Create(kind);
        using var _1 = layer;
        var (copy, _) = Create(kind);
        using var _2 = copy;
        layer.to(ScalarType.Float64);
        copy.to(ScalarType.Float64);
        Assert.All(layer.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.All(layer.buffers(), b => Assert.Equal(ScalarType.Float64, b.dtype));
        ModuleState.Apply(copy, layer.state_dict().ToList(), kind);
        layer.eval();
        copy.eval();
        using Tensor x = randn(new[] { 3L, inFeatures }, ScalarType.Float64);
        using Tensor y1 = layer.call(x), y2 = copy.call(x);
        Assert.True(y1.Equals(y2), "a copy through the state dict computes something else");

        var bounded = Assert.IsAssignableFrom<IVerifiedBound>(layer);
        Assert.Equal(1.0, Assert.IsAssignableFrom<ILipschitzLayer>(layer).Bound);
        double verified = bounded.VerifiedBound(new[] { inFeatures });
        Assert.InRange(verified, 1 - 1e-6, 1 + 1e-8);
        Assert.InRange(bounded.PowerIteration(new[] { inFeatures }, 100), 0.5, verified);
        Assert.False(string.IsNullOrWhiteSpace(bounded.BoundMethod(new[] { inFeatures })));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_Float32_VerifiedBoundWithinTheSlack(string kind)
    {
        manual_seed(161);
        var (layer, inFeatures) = Create(kind);
        using var _ = layer;
        Randomize(layer, 0.6);
        layer.eval();
        double verified = ((IVerifiedBound)layer).VerifiedBound(new[] { inFeatures });
        Assert.InRange(verified, 0.5, 1 + Float32Slack);
        Assert.InRange(WorstPairRatio(Float64(layer), inFeatures), 0.05, 1 + 1e-9);
    }

    /// <summary>The layer's forward in training mode without advancing any power iteration (a pure function of the
    /// parameters, for finite differences).</summary>
    private static Tensor PureForward(string kind, nn.Module<Tensor, Tensor> layer, Tensor x) => kind switch
    {
        "orthogonal" => ConstrainedPure((ConstrainedLinear)layer, x),
        "cayley" => ConstrainedPure((ConstrainedLinear)layer, x),
        "sll" => layer.call(x),
        "cpl" => CplPure((CplLinear)layer, x),
        "sandwich" => layer.call(x),
        "spectral" => ConstrainedPure((ConstrainedLinear)layer, x),
        _ => throw new System.ArgumentException(kind),
    };

    private static Tensor ConstrainedPure(ConstrainedLinear layer, Tensor x)
    {
        using Tensor w = layer.ConstrainedWeight();
        return nn.functional.linear(x, w, layer.bias);
    }

    /// <summary>The exact norm of a linear kind's eval weight (LAPACK), or for the nonlinear kinds the largest Jacobian
    /// σmax and pair ratio measured (a lower bound of the Lipschitz constant).</summary>
    private static double MeasuredNorm(nn.Module<Tensor, Tensor> layer, long inFeatures)
    {
        if (layer is ConstrainedLinear linear)
        {
            using Tensor w = linear.ConstrainedWeight();
            return SingularValues(w).Max();
        }
        return Math.Max(WorstJacobian(layer, inFeatures, 6), WorstPairRatio(layer, inFeatures, 5));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_AfterAdamStepsThatPushTheNormUp_StaysWithinOne(string kind)
    {
        // The loss maximises ‖f(x) − f(y)‖²/‖x − y‖² on random pairs, in training mode (power iterations advance); the
        // eval-mode layer is then measured independently of its own claim.
        manual_seed(162);
        var (layer, inFeatures) = Create(kind);
        using var _ = Float64(layer);
        Randomize(layer, 0.5);
        layer.eval();
        double before = MeasuredNorm(layer, inFeatures);
        layer.train();
        using var opt = optim.Adam(layer.parameters(), 0.05);
        for (int step = 0; step < 20; step++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            Tensor x = randn(new[] { 32L, inFeatures }, ScalarType.Float64);
            Tensor d = randn(new[] { 32L, inFeatures }, ScalarType.Float64) * 0.1;
            Tensor stretch = (layer.call(x + d) - layer.call(x)).square().sum(1) / d.square().sum(1);
            Tensor loss = -stretch.mean();
            loss.backward();
            opt.step();
        }
        layer.eval();
        double after = MeasuredNorm(layer, inFeatures);
        double verified = ((IVerifiedBound)layer).VerifiedBound(new[] { inFeatures });
        _output.WriteLine($"{kind}: measured norm {before:F6} at random parameters, {after:F6} after 20 Adam steps; verified {verified:R}");
        Assert.InRange(before, 0.05, 1 + 1e-9);
        Assert.InRange(after, 0.05, 1 + 1e-9);
        // The measurement itself rounds (float64 differences of nearby outputs): 1e-9 of slack for it.
        Assert.InRange(verified, after * (1 - 1e-9), 1 + 1e-8);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_Gradients_MatchCentralFiniteDifferences(string kind)
    {
        manual_seed(163);
        var (layer, inFeatures) = Create(kind);
        using var _ = Float64(layer);
        Randomize(layer, 0.5);
        layer.train();
        using Tensor x = randn(new[] { 5L, inFeatures }, ScalarType.Float64);
        using Tensor y = PureForward(kind, layer, x);
        using Tensor r = randn(y.shape, ScalarType.Float64);
        using (Tensor loss = (y * r).sum()) loss.backward();
        double Loss()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return (PureForward(kind, layer, x) * r).sum().ToDouble();
        }
        const double h = 1e-6;
        int compared = 0;
        foreach (var (name, p) in layer.named_parameters())
        {
            using Tensor grad = p.grad!.clone();
            using Tensor flatGrad = grad.reshape(-1);
            long n = p.numel();
            foreach (long i in new[] { 0, n / 2, n - 1 }.Distinct())
            {
                using Tensor flat = p.detach().view(-1);
                double original = flat[i].ToDouble();
                using (no_grad()) flat[i] = original + h;
                double plus = Loss();
                using (no_grad()) flat[i] = original - h;
                double minus = Loss();
                using (no_grad()) flat[i] = original;
                double numeric = (plus - minus) / (2 * h), analytic = flatGrad[i].ToDouble();
                Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(analytic)),
                    $"{kind}: d loss / d {name}[{i}] is {analytic} by autograd but {numeric} by central differences");
                compared++;
            }
        }
        Assert.True(compared >= 3);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_VerifiedBound_BracketsTheMeasuredNorm_AndPowerIterationStaysBelowIt(string kind)
    {
        manual_seed(164);
        var (layer, inFeatures) = Create(kind);
        using var _ = Float64(layer);
        Randomize(layer, 0.8);
        layer.eval();
        var bounded = (IVerifiedBound)layer;
        double measured = MeasuredNorm(layer, inFeatures);
        double verified = bounded.VerifiedBound(new[] { inFeatures });
        double power = bounded.PowerIteration(new[] { inFeatures }, 100);
        _output.WriteLine($"{kind}: measured {measured:R}, verified {verified:R}, power iteration {power:R} ({bounded.BoundMethod(new[] { inFeatures })})");
        // The measurement itself rounds (float64 differences of nearby outputs): 1e-9 of slack for it.
        Assert.True(verified >= measured * (1 - 1e-9), $"verified {verified} < measured {measured}");
        // Linear kinds: the measurement is the exact norm, and the verified bound is within the SVD's margin of it.
        if (layer is ConstrainedLinear) Assert.True(verified <= measured * (1 + 1e-6), $"verified {verified} ≫ exact {measured}");
        else Assert.InRange(verified, 1, 1 + 1e-8);
        Assert.True(power <= verified, $"power iteration {power} > verified {verified}");
    }

    // ───────────────────────────── orthogonal_linear ─────────────────────────────

    [Theory]
    [InlineData(7, 5)]
    [InlineData(5, 7)]
    [InlineData(16, 16)]
    [InlineData(1, 6)]
    [InlineData(6, 1)]
    public void Orthogonal_EveryEvalSingularValueIsOne(long inFeatures, long outFeatures)
    {
        manual_seed(100);
        using var layer = Float64(new OrthogonalLinear(inFeatures, outFeatures));
        layer.eval();
        foreach (double std in new[] { 0.01, 0.3, 3.0 })
        {
            Randomize(layer, std);
            using Tensor w = layer.ConstrainedWeight();
            Assert.Equal(new[] { outFeatures, inFeatures }, w.shape);
            Assert.All(SingularValues(w), s => Assert.InRange(s, 1 - 1e-12, 1 + 1e-12));
            Assert.InRange(layer.VerifiedBound(new[] { inFeatures }), 1, 1 + 1e-8);
        }
    }

    [Fact]
    public void Orthogonal_Float32EvalWeight_IsOrthogonalToFloatPrecision_AndTrainingWeightAgrees()
    {
        manual_seed(101);
        using var layer = new OrthogonalLinear(40, 24);
        Randomize(layer, 0.5);
        layer.eval();
        using (Tensor w = layer.ConstrainedWeight())
        {
            Assert.Equal(ScalarType.Float32, w.dtype);
            Assert.All(SingularValues(w), s => Assert.InRange(s, 1 - Float32Slack, 1 + Float32Slack));
        }
        layer.train();
        using Tensor train = layer.ConstrainedWeight();
        using Tensor eval = layer.EvalModeWeight();
        Assert.True(allclose(train, eval, 1e-4, 1e-5), "the training-mode weight (float32 matrix_exp) and the eval one differ");
    }

    [Fact]
    public void Orthogonal_IsExpOfSkew_CheckedBySeries()
    {
        // An independent route to exp: the Taylor series in float64, for a P of small norm.
        manual_seed(102);
        using var layer = Float64(new OrthogonalLinear(6, 6));
        Randomize(layer, 0.2);
        layer.eval();
        using Tensor w = layer.ConstrainedWeight();
        using var scope = NewDisposeScope();
        Tensor a = layer.weight.detach() - layer.weight.detach().t();
        Tensor term = eye(6, dtype: ScalarType.Float64), sum = term.clone();
        for (int k = 1; k < 40; k++)
        {
            term = term.matmul(a) / k;
            sum = sum + term;
        }
        Assert.True(allclose(w, sum, 1e-12, 1e-12));
    }

    [Fact]
    public void Orthogonal_Training_ReachesP_AndEvalCacheFollowsTheStep()
    {
        manual_seed(103);
        using var layer = Float64(new OrthogonalLinear(5, 3));
        layer.eval();
        using (Tensor x0 = randn(new[] { 2L, 5L }, ScalarType.Float64))
        using (Tensor before = layer.call(x0))
        {
            layer.train();
            using var opt = optim.SGD(layer.parameters(), 0.1);
            using Tensor x = randn(new[] { 4L, 5L }, ScalarType.Float64);
            using Tensor loss = layer.call(x).square().sum();
            loss.backward();
            Assert.True(GradientNorm(layer.weight) > 0);
            opt.step();
            layer.eval();
            using Tensor after = layer.call(x0);
            Assert.False(allclose(before, after), "the eval-mode weight was not recomputed after the step");
            using Tensor w = layer.ConstrainedWeight();
            Assert.All(SingularValues(w), s => Assert.InRange(s, 1 - 1e-12, 1 + 1e-12));
        }
        Assert.Equal(2, layer.CacheMisses);
    }

    [Fact]
    public void Orthogonal_WithoutTheSkewPart_IsNotAnIsometry()
    {
        // exp(P) of a P that is not made skew is not orthogonal: the same check that holds for exp(P − Pᵀ) fails.
        manual_seed(104);
        using var layer = Float64(new OrthogonalLinear(6, 6));
        Randomize(layer, 0.5);
        using Tensor broken = linalg.matrix_exp(layer.weight.detach());
        double[] s = SingularValues(broken);
        _output.WriteLine($"exp(P): σ in [{s.Min():F4}, {s.Max():F4}]; exp(P − Pᵀ): all 1");
        Assert.True(s.Max() > 1.1, $"σmax of exp(P) is only {s.Max()}");
    }

    // ───────────────────────────── cayley_linear ─────────────────────────────

    [Theory]
    [InlineData(9, 4)]
    [InlineData(4, 9)]
    [InlineData(12, 12)]
    public void Cayley_EveryEvalSingularValueIsOne(long inFeatures, long outFeatures)
    {
        manual_seed(110);
        using var layer = Float64(new CayleyLinear(inFeatures, outFeatures));
        layer.eval();
        foreach (double std in new[] { 0.01, 0.3, 10.0 })
        {
            Randomize(layer, std);
            using Tensor w = layer.ConstrainedWeight();
            Assert.Equal(new[] { outFeatures, inFeatures }, w.shape);
            Assert.All(SingularValues(w), s => Assert.InRange(s, 1 - 1e-11, 1 + 1e-11));
            Assert.InRange(layer.VerifiedBound(new[] { inFeatures }), 1, 1 + 1e-8);
        }
    }

    [Fact]
    public void Cayley_IsTheTransform_AndItsOwnInverse()
    {
        // W = (I − A)(I + A)⁻¹ by an explicit inverse; and the Cayley transform is an involution: (I − W)(I + W)⁻¹ = A.
        manual_seed(111);
        using var layer = Float64(new CayleyLinear(7, 7));
        Randomize(layer, 0.4);
        layer.eval();
        using Tensor w = layer.ConstrainedWeight();
        using var scope = NewDisposeScope();
        Tensor p = layer.weight.detach();
        Tensor a = p - p.t();
        Tensor i = eye(7, dtype: ScalarType.Float64);
        Tensor expected = (i - a).matmul(linalg.inv(i + a));
        Assert.True(allclose(w, expected, 1e-12, 1e-12));
        Tensor back = (i - w).matmul(linalg.inv(i + w));
        Assert.True(allclose(back, a, 1e-10, 1e-10));
    }

    [Fact]
    public void Cayley_Float32_WithinTheSlack_AndGradientReachesP()
    {
        manual_seed(112);
        using var layer = new CayleyLinear(30, 50);
        Randomize(layer, 0.5);
        layer.eval();
        using (Tensor w = layer.ConstrainedWeight())
            Assert.All(SingularValues(w), s => Assert.InRange(s, 1 - Float32Slack, 1 + Float32Slack));
        layer.train();
        using Tensor x = randn(new[] { 3L, 30L });
        using Tensor loss = layer.call(x).sum();
        loss.backward();
        Assert.True(GradientNorm(layer.weight) > 0);
    }

    [Fact]
    public void Cayley_OfANonSkewMatrix_IsNotAnIsometry()
    {
        // (I − P)(I + P)⁻¹ without making P skew: the same singular-value check fails.
        manual_seed(113);
        using var layer = Float64(new CayleyLinear(6, 6));
        Randomize(layer, 0.5);
        using var scope = NewDisposeScope();
        Tensor p = layer.weight.detach();
        Tensor i = eye(6, dtype: ScalarType.Float64);
        double[] s = SingularValues((i - p).matmul(linalg.inv(i + p)));
        _output.WriteLine($"Cayley of P: σ in [{s.Min():F4}, {s.Max():F4}]; of P − Pᵀ: all 1");
        Assert.True(s.Max() > 1.1, $"σmax is only {s.Max()}");
    }

    // ───────────────────────────── sll_linear ─────────────────────────────

    /// <summary>t_i = Σ_j |WᵀW|_ij·q_j/q_i element by element (W = weightᵀ, q = exp(log q)), in float64.</summary>
    private static double[] SllTByHand(SllLinear layer)
    {
        double[,] w = To2D(layer.weight);            // [inner, features] = Wᵀ
        double[] logQ = layer.q.detach().to(ScalarType.Float64).data<double>().ToArray();
        int m = w.GetLength(0), n = w.GetLength(1);
        var t = new double[m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double g = 0;
                for (int k = 0; k < n; k++) g += w[i, k] * w[j, k];
                t[i] += Math.Abs(g) * Math.Exp(logQ[j]) / Math.Exp(logQ[i]);
            }
        return t;
    }

    private static double[,] To2D(Tensor t)
    {
        using Tensor t64 = t.detach().to(ScalarType.Float64).contiguous();
        double[] flat = t64.data<double>().ToArray();
        int rows = (int)t.size(0), cols = (int)t.size(1);
        var a = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i, j] = flat[i * cols + j];
        return a;
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(6, 10)]
    [InlineData(8, 3)]
    public void Sll_ForwardIsThePaperFormula_WithTByHand(long features, long inner)
    {
        manual_seed(120);
        using var layer = Float64(new SllLinear(features, inner));
        Randomize(layer, 0.7);
        layer.eval();
        double[] t = SllTByHand(layer);
        using var scope = NewDisposeScope();
        Tensor inverseT = layer.InverseT();
        double[] actualInverse = inverseT.data<double>().ToArray();
        for (int i = 0; i < t.Length; i++) Assert.InRange(actualInverse[i] * t[i], 1 - 1e-12, 1 + 1e-12);
        // Column vectors, as the paper writes it: h(x) = x − 2·W·T⁻¹·σ(Wᵀx + b), W = weightᵀ [features, inner].
        Tensor x = randn(new[] { features, 1L }, ScalarType.Float64);
        Tensor wPaper = layer.weight.detach().t();
        Tensor tInv = diag(tensor(t.Select(v => 1 / v).ToArray(), ScalarType.Float64));
        Tensor expected = x - 2.0 * wPaper.matmul(tInv).matmul(nn.functional.relu(wPaper.t().matmul(x) + layer.bias!.detach().unsqueeze(1)));
        Tensor actual = layer.call(x.t()).t();
        Assert.True(allclose(actual, expected, 1e-12, 1e-12));
    }

    [Fact]
    public void Sll_T_DominatesWᵀW_ForAnyQ()
    {
        manual_seed(121);
        using var layer = Float64(new SllLinear(7, 9));
        for (int trial = 0; trial < 5; trial++)
        {
            Randomize(layer, 1.0 + trial);
            using var scope = NewDisposeScope();
            Tensor wPaper = layer.weight.detach().t();
            Tensor gap = diag(layer.EvalModeInverseT().reciprocal()) - wPaper.t().matmul(wPaper);
            double minEigen = linalg.eigvalsh(gap).min().ToDouble();
            Assert.True(minEigen >= -1e-9 * gap.abs().max().ToDouble(), $"T − WᵀW has eigenvalue {minEigen}");
        }
    }

    [Theory]
    [InlineData(6, 0, 0.5)]
    [InlineData(6, 12, 2.0)]
    [InlineData(10, 4, 1.0)]
    public void Sll_JacobianAndPairs_StayWithinOne(long features, long inner, double std)
    {
        manual_seed(122);
        using var layer = Float64(new SllLinear(features, inner));
        Randomize(layer, std);
        layer.eval();
        double jacobian = WorstJacobian(layer, features, 8);
        double pairs = WorstPairRatio(layer, features);
        Assert.InRange(jacobian, 0.5, 1 + 1e-9);
        Assert.InRange(pairs, 0.5, 1 + 1e-9);
        Assert.InRange(layer.VerifiedBound(new[] { features }), 1, 1 + 1e-8);
        Assert.InRange(layer.PowerIteration(new[] { features }, 50), 1, layer.VerifiedBound(new[] { features }));
    }

    [Fact]
    public void Sll_BrokenT_WithoutOffDiagonalSums_ExceedsOne()
    {
        // T = diag(WᵀW) drops the Gershgorin sums: then T ⪰ WᵀW fails and the residual map stretches distances.
        manual_seed(123);
        using var layer = Float64(new SllLinear(6, 6));
        Randomize(layer, 1.0);
        using (no_grad()) layer.bias!.fill_(5.0); // all units active near 0: D = I
        layer.eval();
        Tensor w = layer.weight.detach();
        using var broken = new Fn(x =>
        {
            using Tensor gram = w.matmul(w.t());
            using Tensor inverseT = gram.diagonal().reciprocal();
            return SllLinear.Apply(x, w, layer.bias!, inverseT);
        });
        double jacobian = WorstJacobian(broken, 6, 4, scale: 0.1);
        Assert.True(jacobian > 1.2, $"the broken T gives only {jacobian}");
        Assert.InRange(WorstJacobian(layer, 6, 4, scale: 0.1), 0, 1 + 1e-9);
    }

    [Fact]
    public void Sll_Float32_VerifiedBoundIsOne_AndGradientReachesEveryParameter()
    {
        manual_seed(124);
        using var layer = new SllLinear(12, 20);
        layer.eval();
        Assert.InRange(layer.VerifiedBound(new[] { 12L }), 1, 1 + 1e-8);
        layer.train();
        using Tensor x = randn(new[] { 5L, 12L });
        using Tensor loss = layer.call(x).square().sum();
        loss.backward();
        Assert.True(GradientNorm(layer.weight) > 0);
        Assert.True(GradientNorm(layer.q) > 0);
        Assert.True(GradientNorm(layer.bias!) > 0);
    }

    [Fact]
    public void Sll_EvalCache_FollowsQ()
    {
        manual_seed(125);
        using var layer = Float64(new SllLinear(5, 5));
        layer.eval();
        using Tensor x = randn(new[] { 3L, 5L }, ScalarType.Float64) + 1;
        using (no_grad()) layer.bias!.fill_(1.0);
        using Tensor before = layer.call(x);
        using (no_grad()) layer.q.add_(randn(5, ScalarType.Float64));
        using Tensor after = layer.call(x);
        Assert.False(allclose(before, after), "changing q did not change the eval-mode layer");
        Assert.Equal(2, layer.CacheMisses);
    }

    // ───────────────────────────── cpl_linear ─────────────────────────────

    private static Tensor CplPure(CplLinear layer, Tensor x)
    {
        using Tensor h = layer.Step();
        return CplLinear.Apply(x, layer.weight, layer.bias, h);
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(6, 15)]
    [InlineData(9, 3)]
    public void Cpl_ForwardIsThePaperFormula_WithTheExactNorm(long features, long inner)
    {
        manual_seed(130);
        using var layer = Float64(new CplLinear(features, inner));
        Randomize(layer, 0.8);
        layer.eval();
        using var scope = NewDisposeScope();
        Tensor w = layer.weight.detach();                       // [inner, features]
        double sigma = OperatorNorms.SigmaMax(w);
        Tensor x = randn(new[] { features, 1L }, ScalarType.Float64);
        Tensor expected = x - 2 / (sigma * sigma) * w.t().matmul(nn.functional.relu(w.matmul(x) + layer.bias!.detach().unsqueeze(1)));
        Tensor actual = layer.call(x.t()).t();
        // The eval step divides by σ·(1 + 1e-9) (the SVD's margin), hence the relative tolerance.
        Assert.True(allclose(actual, expected, 1e-8, 1e-8), $"max difference {(actual - expected).abs().max().ToDouble()}");
        // The eval step never exceeds 2/‖W‖², measured with LAPACK's σ.
        double h = layer.EvalModeStep().ToDouble();
        Assert.True(h * sigma * sigma <= 2, $"h·σ² = {h * sigma * sigma}");
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void Cpl_EvalStep_IsAtMostTwoOverTheSquaredNorm(ScalarType type)
    {
        manual_seed(131);
        using var layer = new CplLinear(20, 30);
        layer.to(type);
        for (int trial = 0; trial < 5; trial++)
        {
            Randomize(layer, Math.Pow(10, trial - 2));
            using Tensor h = layer.EvalModeStep();
            Assert.Equal(type, h.dtype);
            double sigma = OperatorNorms.SigmaMax(layer.weight.detach().to(ScalarType.Float64));
            Assert.True(h.ToDouble() * sigma * sigma <= 2, $"h·σ² = {h.ToDouble() * sigma * sigma}");
            Assert.InRange(layer.VerifiedBound(new[] { 20L }), 1, 1 + 1e-12);
        }
    }

    [Theory]
    [InlineData(6, 0, 0.5)]
    [InlineData(6, 12, 3.0)]
    [InlineData(10, 4, 1.0)]
    public void Cpl_JacobianAndPairs_StayWithinOne(long features, long inner, double std)
    {
        manual_seed(132);
        using var layer = Float64(new CplLinear(features, inner));
        Randomize(layer, std);
        layer.eval();
        Assert.InRange(WorstJacobian(layer, features, 8), 0.5, 1 + 1e-9);
        Assert.InRange(WorstPairRatio(layer, features), 0.5, 1 + 1e-9);
    }

    [Fact]
    public void Cpl_TooLargeSteps_ExceedOne()
    {
        // h = 4/‖W‖² (or 2/σ̂² with σ̂ = ‖W‖/2, too small an estimate) breaks the convex-potential argument: with every unit
        // active, the Jacobian is I − h·WᵀW, whose eigenvalue along the top singular vector is 1 − 4 = −3.
        manual_seed(133);
        using var layer = Float64(new CplLinear(6, 6));
        Randomize(layer, 1.0);
        using (no_grad()) layer.bias!.fill_(20.0);
        layer.eval();
        Tensor w = layer.weight.detach();
        double sigma = OperatorNorms.SigmaMax(w);
        foreach (double h in new[] { 4 / (sigma * sigma), 2 / (0.5 * sigma * 0.5 * sigma) })
        {
            using Tensor step = tensor(h, ScalarType.Float64);
            using var broken = new Fn(x => CplLinear.Apply(x, w, layer.bias!, step));
            Assert.True(WorstJacobian(broken, 6, 3, scale: 0.1) > 2.9);
            Assert.True(WorstPairRatio(broken, 6) > 1.5);
        }
        Assert.InRange(WorstJacobian(layer, 6, 3, scale: 0.1), 0.5, 1 + 1e-9);
    }

    [Fact]
    public void Cpl_UnconvergedPowerIteration_OverestimatesTheTrainingStep_WhileEvalModeStaysSound()
    {
        // W = diag(3, 1, 1, 1) and u along the second singular vector: power iteration stays in the span of the others,
        // σ̂ = 1 < 3 = ‖W‖, so the training step 2/σ̂² = 2 is 9 times too large; eval mode uses the verified norm.
        using var layer = Float64(new CplLinear(4, 4));
        using (no_grad())
        {
            layer.weight.copy_(diag(tensor(new double[] { 3, 1, 1, 1 })));
            layer.bias!.fill_(10.0);
            layer.U.copy_(tensor(new double[] { 0, 1, 0, 0 }));
        }
        layer.train();
        using (Tensor x = zeros(new[] { 1L, 4L }, ScalarType.Float64))
        using (Tensor _ = layer.call(x)) { }
        double hTrain;
        using (no_grad())
        using (Tensor h = layer.Step()) hTrain = h.ToDouble();
        Assert.Equal(2.0, hTrain, 12);
        Assert.True(WorstJacobian(layer, 4, 3, scale: 0.1) > 10, "the training-mode layer with an unconverged σ̂ should stretch");
        layer.eval();
        Assert.InRange(WorstJacobian(layer, 4, 3, scale: 0.1), 0.5, 1 + 1e-9);
    }

    [Fact]
    public void Cpl_Training_AdvancesThePowerIteration_AndReachesTheParameters()
    {
        manual_seed(134);
        using var layer = new CplLinear(8, 5);
        using Tensor u0 = layer.U.clone();
        layer.eval();
        using (Tensor x = randn(new[] { 2L, 8L }))
        using (Tensor y = layer.call(x)) Assert.True(u0.Equals(layer.U), "eval mode must not advance the power iteration");
        layer.train();
        using Tensor xt = randn(new[] { 6L, 8L });
        using Tensor loss = layer.call(xt).square().sum();
        loss.backward();
        Assert.True(GradientNorm(layer.weight) > 0);
        Assert.True(GradientNorm(layer.bias!) > 0);
        Assert.Contains("u", layer.state_dict().Keys);
        Assert.Contains("v", layer.state_dict().Keys);
    }

    // ───────────────────────────── sandwich_linear ─────────────────────────────

    [Theory]
    [InlineData(7, 4)]
    [InlineData(3, 9)]
    [InlineData(6, 6)]
    public void Sandwich_QHasOrthonormalRows(long inFeatures, long outFeatures)
    {
        manual_seed(140);
        using var layer = Float64(new SandwichLinear(inFeatures, outFeatures));
        foreach (double std in new[] { 0.05, 1.0, 20.0 })
        {
            Randomize(layer, std);
            using Tensor q = layer.Float64Q();
            Assert.Equal(new[] { outFeatures, outFeatures + inFeatures }, q.shape);
            using Tensor gram = q.matmul(q.t());
            using Tensor i = eye(outFeatures, dtype: ScalarType.Float64);
            Assert.True(allclose(gram, i, 0, 1e-11), "Q Qᵀ ≠ I");
            Assert.InRange(layer.VerifiedBound(new[] { inFeatures }), 1 - 1e-9, 1 + 1e-8);
        }
    }

    /// <summary>The paper's formula with explicit transposes on column vectors: √2·Aᵀ·Ψ·σ(√2·Ψ⁻¹·B·x + b).</summary>
    private static Tensor SandwichByHand(Tensor a, Tensor b, Tensor d, Tensor? bias, Tensor xColumns, bool transposeA = true, bool transposeB = false)
    {
        Tensor psi = diag(d.exp()), psiInverse = diag(d.neg().exp());
        Tensor bx = (transposeB ? b.t() : b).matmul(xColumns);
        Tensor pre = Math.Sqrt(2) * psiInverse.matmul(bx) + (bias is null ? zeros(1, ScalarType.Float64) : bias.unsqueeze(1));
        return Math.Sqrt(2) * (transposeA ? a.t() : a).matmul(psi).matmul(nn.functional.relu(pre));
    }

    [Theory]
    [InlineData(7, 4)]
    [InlineData(3, 9)]
    public void Sandwich_ForwardIsThePaperFormula(long inFeatures, long outFeatures)
    {
        manual_seed(141);
        using var layer = Float64(new SandwichLinear(inFeatures, outFeatures));
        Randomize(layer, 0.7);
        layer.eval();
        using var scope = NewDisposeScope();
        Tensor q = layer.Float64Q();
        Tensor a = q.narrow(1, 0, outFeatures), b = q.narrow(1, outFeatures, inFeatures);
        Tensor x = randn(new[] { inFeatures, 5L }, ScalarType.Float64);
        Tensor expected = SandwichByHand(a, b, layer.psi.detach(), layer.bias!.detach(), x);
        Tensor actual = layer.call(x.t()).t();
        Assert.True(allclose(actual, expected, 1e-12, 1e-12));
    }

    [Theory]
    [InlineData(6, 6, 0.5)]
    [InlineData(8, 3, 2.0)]
    [InlineData(3, 8, 1.0)]
    public void Sandwich_JacobianAndPairs_StayWithinOne(long inFeatures, long outFeatures, double std)
    {
        manual_seed(142);
        using var layer = Float64(new SandwichLinear(inFeatures, outFeatures));
        Randomize(layer, std);
        layer.eval();
        Assert.InRange(WorstJacobian(layer, inFeatures, 8), 1e-3, 1 + 1e-9);
        Assert.InRange(WorstPairRatio(layer, inFeatures), 1e-3, 1 + 1e-9);
    }

    [Fact]
    public void Sandwich_WrongTransposes_ExceedOne()
    {
        // [A B] with orthonormal rows, A = [[0, 1], [0, 0]], B = [[0, 0], [0, 1]]: with both units active the Jacobian
        // is 2·AᵀB = 0 for the paper's formula but 2·AB, of norm 2, if A is not transposed.
        using var scope = NewDisposeScope();
        Tensor a = tensor(new double[] { 0, 1, 0, 0 }, new long[] { 2, 2 });
        Tensor b = tensor(new double[] { 0, 0, 0, 1 }, new long[] { 2, 2 });
        Tensor d = tensor(new double[] { 0.3, -0.2 });
        Tensor bias = tensor(new double[] { 5, 5 });
        using var right = new Fn(x => SandwichByHand(a, b, d, bias, x.t()).t());
        using var wrong = new Fn(x => SandwichByHand(a, b, d, bias, x.t(), transposeA: false).t());
        Assert.InRange(WorstJacobian(right, 2, 3, scale: 0.1), 0, 1 + 1e-12);
        Assert.True(WorstJacobian(wrong, 2, 3, scale: 0.1) > 1.9);

        // And on the layer's own Q (square, so every variant type-checks): each wrong transpose stretches some pair.
        manual_seed(143);
        using var layer = Float64(new SandwichLinear(6, 6));
        Randomize(layer, 1.0);
        Tensor q = layer.Float64Q();
        Tensor qa = q.narrow(1, 0, 6), qb = q.narrow(1, 6, 6), qd = layer.psi.detach(), qbias = layer.bias!.detach();
        foreach (var (ta, tb) in new[] { (false, false), (true, true), (false, true) })
        {
            using var variant = new Fn(x => SandwichByHand(qa, qb, qd, qbias, x.t(), ta, tb).t());
            double worst = Math.Max(WorstJacobian(variant, 6, 20), WorstPairRatio(variant, 6));
            Assert.True(worst > 1.05, $"transposeA={ta}, transposeB={tb}: only {worst}");
        }
        using var paper = new Fn(x => SandwichByHand(qa, qb, qd, qbias, x.t()).t());
        Assert.InRange(Math.Max(WorstJacobian(paper, 6, 20), WorstPairRatio(paper, 6)), 0, 1 + 1e-9);
    }

    [Fact]
    public void Sandwich_Float32_WithinTheSlack_AndGradientReachesEveryParameter()
    {
        manual_seed(144);
        using var layer = new SandwichLinear(20, 12);
        Randomize(layer, 0.5);
        layer.eval();
        Assert.InRange(layer.VerifiedBound(new[] { 20L }), 1 - 1e-5, 1 + Float32Slack);
        layer.train();
        using Tensor x = randn(new[] { 5L, 20L });
        using Tensor loss = layer.call(x).square().sum();
        loss.backward();
        Assert.True(GradientNorm(layer.weight) > 0);
        Assert.True(GradientNorm(layer.alpha) > 0);
        Assert.True(GradientNorm(layer.psi) > 0);
        Assert.True(GradientNorm(layer.bias!) > 0);
    }

    // ───────────────────────────── spectral_linear ─────────────────────────────

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void Spectral_AfterTrainingSteps_EvalWeightHasSigmaAtMostOne_Exactly(ScalarType type)
    {
        manual_seed(150);
        using var layer = new SpectralLinear(24, 16);
        layer.to(type);
        using var opt = optim.Adam(layer.parameters(), 0.05);
        using Tensor x = randn(new[] { 32L, 24L }, type);
        using Tensor target = randn(new[] { 32L, 16L }, type) * 3;
        for (int step = 0; step < 25; step++)
        {
            layer.train();
            opt.zero_grad();
            using Tensor loss = (layer.call(x) - target).square().mean();
            loss.backward();
            opt.step();
            layer.eval();
            using Tensor w = layer.ConstrainedWeight();
            double sigma = SingularValues(w).Max();
            Assert.True(sigma <= 1, $"step {step}: σmax = {sigma:R} > 1");
            Assert.True(sigma > 1 - 1e-5, $"step {step}: σmax = {sigma:R}, the normalisation should be tight");
        }
        Assert.InRange(layer.VerifiedBound(new[] { 24L }), 1 - 1e-5, 1 + 1e-8);
    }

    [Fact]
    public void Spectral_DividingByAnUnconvergedEstimate_ExceedsOne()
    {
        // P = diag(3, 1, 1), u along the second singular vector: every power step stays orthogonal to the top one, so
        // σ̂ = 1 and the training-mode weight P/σ̂ has norm 3; the eval-mode weight divides by the verified σ = 3.
        using var layer = Float64(new SpectralLinear(3, 3));
        using (no_grad())
        {
            layer.weight.copy_(diag(tensor(new double[] { 3, 1, 1 })));
            layer.U.copy_(tensor(new double[] { 0, 1, 0 }));
        }
        layer.train();
        using (Tensor x = randn(new[] { 2L, 3L }, ScalarType.Float64))
        using (Tensor _ = layer.call(x)) { }
        using (Tensor w = layer.ConstrainedWeight()) Assert.Equal(3.0, SingularValues(w).Max(), 12);
        layer.eval();
        using (Tensor w = layer.ConstrainedWeight()) Assert.InRange(SingularValues(w).Max(), 1 - 1e-8, 1);

        // From a random start, one step is not converged either: the estimate is below σ, so P/σ̂ exceeds 1.
        manual_seed(151);
        using var fresh = Float64(new SpectralLinear(10, 10));
        using (no_grad())
        {
            fresh.U.normal_();
            fresh.U.div_(fresh.U.norm());
        }
        fresh.train();
        using (Tensor x = randn(new[] { 2L, 10L }, ScalarType.Float64))
        using (Tensor _ = fresh.call(x)) { }
        using (Tensor w = fresh.ConstrainedWeight()) Assert.True(SingularValues(w).Max() > 1 + 1e-6);
    }

    [Fact]
    public void Spectral_PowerIteration_OneStepPerTrainingForward_NoneInEval()
    {
        manual_seed(152);
        using var layer = Float64(new SpectralLinear(6, 4));
        Randomize(layer, 1.0);
        using Tensor u0 = layer.U.clone(), v0 = layer.V.clone();
        layer.eval();
        using (Tensor x = randn(new[] { 2L, 6L }, ScalarType.Float64))
        using (Tensor _ = layer.call(x)) { }
        Assert.True(u0.Equals(layer.U) && v0.Equals(layer.V));
        layer.train();
        using (Tensor x = randn(new[] { 2L, 6L }, ScalarType.Float64))
        using (Tensor _ = layer.call(x)) { }
        using Tensor w = layer.weight.detach();
        using Tensor expectedV = nn.functional.normalize(w.t().matmul(u0), dim: 0);
        using Tensor expectedU = nn.functional.normalize(w.matmul(expectedV), dim: 0);
        Assert.True(allclose(layer.V, expectedV, 1e-12, 1e-14));
        Assert.True(allclose(layer.U, expectedU, 1e-12, 1e-14));
    }

    // ───────────────────────────── the six in a chain ─────────────────────────────

    [Fact]
    public void AllSix_Chained_AfterTraining_AreVerifiedAtOne_AndNeverStretch()
    {
        // Trained a few steps in training mode (power iterations advance, weights move), then measured in eval mode:
        // every layer's verified bound is 1 (up to the SVD margin), and the chain does not stretch any pair or tangent.
        manual_seed(170);
        using var net = new ChainNet(new long[] { 8 },
            ("fc0", "orthogonal_linear", new OrthogonalLinear(8, 8), 1.0, "[8]"),
            ("sll1", "sll_linear", new SllLinear(8, 12), 1.0, "[8]"),
            ("cpl2", "cpl_linear", new CplLinear(8, 5), 1.0, "[8]"),
            ("sandwich3", "sandwich_linear", new SandwichLinear(8, 6), 1.0, "[6]"),
            ("fc4", "cayley_linear", new CayleyLinear(6, 6), 1.0, "[6]"),
            ("fc5", "spectral_linear", new SpectralLinear(6, 4), 1.0, "[4]"));
        net.to(ScalarType.Float64);
        using var opt = optim.Adam(net.parameters(), 0.02);
        using Tensor x = randn(new[] { 64L, 8L }, ScalarType.Float64);
        using Tensor target = randn(new[] { 64L, 4L }, ScalarType.Float64) * 4;
        net.train();
        for (int step = 0; step < 20; step++)
        {
            opt.zero_grad();
            using Tensor loss = (net.call(x) - target).square().mean();
            loss.backward();
            opt.step();
        }
        net.eval();
        UpperBound bound = UpperBound.Of(net);
        Assert.All(bound.Layers, l => Assert.InRange(l.Verified, 0.5, 1 + 1e-8));
        Assert.InRange(bound.Verified, 0.5, 1 + 1e-7);
        Assert.InRange(WorstJacobian(net, 8, 6), 0.05, 1 + 1e-9);
        Assert.InRange(WorstPairRatio(net, 8), 0.05, 1 + 1e-9);
    }
}
