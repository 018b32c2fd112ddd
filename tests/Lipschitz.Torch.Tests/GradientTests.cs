using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;
using F = Lipschitz.Torch.torch.nn.functional;

namespace Lipschitz.Torch.Tests;

public class GradientTests
{
    private static Tensor U(params long[] shape) => Gradcheck.Uniform(shape, seed: shape.Aggregate(17, (a, b) => a * 31 + (int)b));

    [Fact]
    public void Matmul_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => x[0].matmul(x[1]), new[] { U(3, 4), U(4, 2) });

    [Fact]
    public void BatchedMatmulAndEinsum_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => einsum("bij,jk->bik", x[0], x[1]), new[] { U(2, 3, 4), U(4, 2) });

    [Fact]
    public void Conv2d_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => F.conv2d(x[0], x[1], x[2], stride: 2, padding: 1), new[] { U(2, 2, 5, 5), U(3, 2, 3, 3), U(3) });

    [Fact]
    public void Conv2dGroupsDilation_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => F.conv2d(x[0], x[1], null, 1, 2, 2, 2), new[] { U(1, 4, 5, 5), U(2, 2, 3, 3) });

    [Fact]
    public void ConvTranspose2d_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => F.conv_transpose2d(x[0], x[1], x[2], stride: 2, padding: 1, output_padding: 1),
        new[] { U(1, 3, 3, 3), U(3, 2, 3, 3), U(2) });

    [Fact]
    public void Abs_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => x[0].abs(), new[] { tensor(new double[] { -2, -0.5, 0.3, 1.7 }) });

    [Fact]
    public void SqrtAndRsqrt_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => x[0].sqrt() + x[0].rsqrt(), new[] { Gradcheck.Uniform(new long[] { 6 }, 0.5, 2) });

    [Fact]
    public void Sort_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => x[0].sort(1, descending: true).values * arange(4).to(float64), new[] { U(3, 4) });

    [Fact]
    public void MaxAlongDimAndOverall_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => x[0].max(1).values + x[0].max() + x[0].amax(0).sum(), new[] { U(3, 4) });

    [Fact]
    public void CrossEntropy_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => F.cross_entropy(x[0], tensor(new long[] { 0, 2, 1 }), label_smoothing: 0.1), new[] { U(3, 4) });

    [Fact]
    public void LinalgSolve_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => linalg.solve(x[0] + eye(3, float64) * 3, x[1]), new[] { U(3, 3), U(3, 2) });

    [Fact]
    public void MatrixExp_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => linalg.matrix_exp(x[0]), new[] { U(3, 3) });

    [Fact]
    public void SvdvalsAndMaxMin_GradientMatchesFiniteDifferences() => Gradcheck.Check(x => linalg.svdvals(x[0]) + maximum(x[1], x[1].neg()).sum(), new[] { U(3, 2), U(4) });

    [Fact]
    public void FftRoundTrip_GradientMatchesFiniteDifferences() => Gradcheck.Check(x =>
    {
        using Tensor spec = fft.rfft2(x[0]);
        using Tensor mag = spec.abs();
        using Tensor back = fft.irfft2(spec, new long[] { 4, 5 });
        return back * x[0] + mag.sum();
    }, new[] { U(2, 4, 5) });

    [Fact]
    public void Gradcheck_RejectsAWrongGradient()
    {
        // x·detach(x) has derivative 2x, but autograd sees only x: the check must notice.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Gradcheck.Check(x => x[0] * x[0].detach(), new[] { U(3) }));
    }

    [Fact]
    public void FftRoundTrip_IsTheIdentity_AndItsGradientIsTheWeights()
    {
        using var scope = NewDisposeScope();
        Tensor x = U(4, 6).requires_grad_();
        Tensor w = U(4, 6);
        Tensor y = fft.irfft2(fft.rfft2(x), new long[] { 4, 6 });
        Close(x.detach().ToArray<double>(), y, 1e-12);
        (y * w).sum().backward();
        Close(w.ToArray<double>(), x.grad!, 1e-12);
    }

    [Fact]
    public void AutogradGrad_WithCreateGraph_GivesSecondDerivatives()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new double[] { 1, 2, -3 }, requires_grad: true);
        Tensor y = (x * x * x).sum();
        Tensor g = autograd.grad(new[] { y }, new[] { x }, create_graph: true)[0]!;
        Close(new double[] { 3, 12, 27 }, g, 1e-12);
        Assert.True(g.requires_grad);
        Tensor gg = autograd.grad(new[] { g.sum() }, new[] { x })[0]!;
        Close(new double[] { 6, 12, -18 }, gg, 1e-12);
        // Gradient-norm penalty as in adversarial training: d/dx ‖∇ₓ(w·x²)‖² = 8 w² x.
        Tensor w = tensor(new double[] { 0.5, -1, 2 });
        Tensor z = (w * x * x).sum();
        Tensor gz = autograd.grad(new[] { z }, new[] { x }, create_graph: true)[0]!;
        Tensor pen = gz.square().sum();
        Tensor dpen = autograd.grad(new[] { pen }, new[] { x })[0]!;
        Close(new double[] { 8 * 0.25 * 1, 8 * 1 * 2, 8 * 4 * -3 }, dpen, 1e-12);
    }

    [Fact]
    public void NoGrad_StopsRecording_AndRestoresTheMode()
    {
        using var scope = NewDisposeScope();
        Tensor x = ones(new long[] { 2 }, requires_grad: true);
        Assert.True(is_grad_enabled());
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Tensor y = x * 2;
            Assert.False(y.requires_grad);
            x.add_(1.0);      // in-place on a leaf is allowed only under no_grad
        }
        Assert.True(is_grad_enabled());
        Assert.True((x * 2).requires_grad);
        Close(new double[] { 2, 2 }, x);
    }
}

public class SortTests
{
    [Fact]
    public void SortTopkArgsort_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new double[] { 3, 1, 2, 5, 4, 0 }, new long[] { 2, 3 });
        var (v, i) = x.sort();
        Close(new double[] { 1, 2, 3, 0, 4, 5 }, v);
        Assert.Equal(new long[] { 1, 2, 0, 2, 1, 0 }, i.ToArray<long>());
        var (vd, _) = sort(x, 0, descending: true);
        Close(new double[] { 5, 4, 2, 3, 1, 0 }, vd);
        var (tv, ti) = x.flatten().topk(2);
        Close(new double[] { 5, 4 }, tv);
        Assert.Equal(new long[] { 3, 4 }, ti.ToArray<long>());
        var (sv, _) = topk(x, 1, largest: false);
        Close(new double[] { 1, 0 }, sv);
        Assert.Equal(new long[] { 0, 2, 1 }, argsort(x, 1, descending: true)[0].ToArray<long>());
        Tensor ties = tensor(new double[] { 1, 0, 1, 0 });
        Assert.Equal(new long[] { 1, 3, 0, 2 }, ties.sort(stable: true).indices.ToArray<long>());
    }
}

public class BindingTests
{
    [Fact]
    public void EveryOperatorNameResolvesInTheLinkedLibtorch()
    {
        foreach (Type t in typeof(torch).Assembly.GetTypes())
            if (!t.IsGenericTypeDefinition)
                System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(t.TypeHandle);
        Op[] all = Op.All;
        Assert.True(all.Length > 250, $"only {all.Length} operators registered");
        var missing = new List<string>();
        foreach (Op op in all)
        {
            try { op.Resolve(); }
            catch (TorchException e) { missing.Add(op.Name + ": " + e.Message); }
        }
        Assert.True(missing.Count == 0, "missing operators:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void LibtorchErrors_BecomeTorchExceptionsWithLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => mm(ones(2, 3), ones(2, 3)));
        Assert.Contains("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)", e.Message);
        Assert.Contains("aten::mm", e.Message);
        var e2 = Assert.Throws<TorchException>(() => linalg.cholesky(tensor(new double[] { 1, 2, 2, 1 }, new long[] { 2, 2 })));
        Assert.Contains("not positive-definite", e2.Message);
        var e3 = Assert.Throws<TorchException>(() => nn.functional.conv2d(ones(1, 2, 4, 4), ones(3, 1, 3, 3)));
        Assert.Contains("expected input[1, 2, 4, 4] to have 1 channels, but got 2 channels instead", e3.Message);
    }

    [Fact]
    public void UseAfterDispose_ThrowsObjectDisposedException_ForOpsAndInPlaceOps()
    {
        var a = ones(3);
        using var b = ones(3);
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.sum());
        Assert.Throws<ObjectDisposedException>(() => b.add_(a));
        Assert.Throws<ObjectDisposedException>(() => cat(new[] { a, b }));
        Assert.Throws<ObjectDisposedException>(() => a.Version);
    }

    [Fact]
    public void SetNumThreads_ChangesTheIntraOpThreadCount()
    {
        int before = get_num_threads();
        try
        {
            set_num_threads(1);
            Assert.Equal(1, get_num_threads());
            Assert.Throws<ArgumentOutOfRangeException>(() => set_num_threads(0));
        }
        finally
        {
            set_num_threads(before);
        }
        Assert.Equal(before, get_num_threads());
    }
}

public class LayerOpGradientTests
{
    private static Tensor U(params long[] shape) => Gradcheck.Uniform(shape, seed: shape.Aggregate(5, (a, b) => a * 37 + (int)b));

    [Fact]
    public void PoolingPadAndPixelShuffle_GradientMatchesFiniteDifferences() => Gradcheck.Check(x =>
    {
        using Tensor padded = F.pad(x[0], new long[] { 1, 1, 2, 0 }, nn.PaddingModes.Reflect);
        using Tensor pooled = F.max_pool2d(padded, 2) ;
        using Tensor avg = F.avg_pool2d(padded, 3, 1, 1);
        using Tensor lp = F.lp_pool2d(padded.abs() + 0.5, 2, 2);
        using Tensor un = F.pixel_unshuffle(x[0], 2);
        return pooled.sum() + avg.square().sum() + lp.sum() + (un * un.flip(1)).sum();
    }, new[] { U(1, 2, 4, 4) });

    [Fact]
    public void SoftmaxLogsumexpNormalize_GradientMatchesFiniteDifferences() => Gradcheck.Check(x =>
        x[0].softmax(1) * x[0].logsumexp(1, keepdim: true) + F.normalize(x[0]), new[] { U(3, 4) });

    [Fact]
    public void SvdvalsQrEigh_GradientMatchesFiniteDifferences() => Gradcheck.Check(x =>
    {
        using Tensor sym = x[0] + x[0].t();
        using Tensor vals = linalg.eigvalsh(sym);
        var (q, r) = linalg.qr(x[1]);
        using (q) using (r)
            return cat(new[] { vals, linalg.svdvals(x[1]), r.diag().abs() });
    }, new[] { U(3, 3), U(4, 3) });
}

public class ArgumentCheckTests
{
    [Fact]
    public void ArgumentsOfTheWrongKind_AreReportedWithTheirNameAndSchemaType()
    {
        using var scope = NewDisposeScope();
        Tensor t = ones(3);
        var e = Assert.Throws<TorchException>(() => Op.Of("aten::sum.dim_IntList").Call(t, 1.5));
        Assert.Contains("aten::sum.dim_IntList: argument 2 'dim' takes int[]?, not a float", e.Message);
        e = Assert.Throws<TorchException>(() => Op.Of("aten::add.Tensor").Call(t, "x"));
        Assert.Contains("aten::add.Tensor: argument 2 'other' takes Tensor, not a string", e.Message);
        e = Assert.Throws<TorchException>(() => Op.Of("aten::relu").Call(3L));
        Assert.Contains("aten::relu: argument 1 'self' takes Tensor, not an int", e.Message);
        e = Assert.Throws<TorchException>(() => Op.Of("aten::mul.Tensor").Call(t, Arg.None));
        Assert.Contains("takes Tensor, not None", e.Message);
        // An int where a float is expected is converted, as in Python.
        // huber_loss's delta is a float: with |x| = 1 ≤ δ = 2 each loss is x²/2.
        TestUtil.Close(new double[] { 0.5, 0.5, 0.5 }, Op.Of("aten::huber_loss").Call(t, zeros(3), 0L, 2L));
    }
}
