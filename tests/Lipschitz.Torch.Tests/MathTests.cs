using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;

namespace Lipschitz.Torch.Tests;

public class MathTests
{
    private static readonly double[] Xs = { 0.25, 0.5, 1.5, 3.0 };

    public static IEnumerable<object[]> UnaryCases() => new (string, Func<Tensor, Tensor>, Func<double, double>)[]
    {
        ("abs", t => t.neg().abs(), Math.Abs),
        ("sqrt", t => t.sqrt(), Math.Sqrt),
        ("rsqrt", t => t.rsqrt(), v => 1 / Math.Sqrt(v)),
        ("exp", t => t.exp(), Math.Exp),
        ("expm1", t => t.expm1(), v => Math.Exp(v) - 1),
        ("log", t => t.log(), Math.Log),
        ("log1p", t => t.log1p(), v => Math.Log(1 + v)),
        ("log2", t => t.log2(), Math.Log2),
        ("log10", t => t.log10(), Math.Log10),
        ("sin", t => t.sin(), Math.Sin),
        ("cos", t => t.cos(), Math.Cos),
        ("tanh", t => t.tanh(), Math.Tanh),
        ("sigmoid", t => t.sigmoid(), v => 1 / (1 + Math.Exp(-v))),
        ("square", t => t.square(), v => v * v),
        ("floor", t => t.floor(), Math.Floor),
        ("ceil", t => t.ceil(), Math.Ceiling),
        ("reciprocal", t => t.reciprocal(), v => 1 / v),
        ("pow", t => t.pow(1.5), v => Math.Pow(v, 1.5)),
        ("relu(neg)", t => t.neg().relu(), v => 0),
        ("sign(neg)", t => t.neg().sign(), v => -1),
    }.Select(c => new object[] { c.Item1, c.Item2, c.Item3 });

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryOps_MatchSystemMath(string name, Func<Tensor, Tensor> op, Func<double, double> reference)
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(Xs);
        Close(Xs.Select(reference).ToArray(), op(x), 1e-12);
        Assert.NotNull(name);
    }

    [Fact]
    public void InPlaceOptimizerOps_MatchHandComputation()
    {
        using var scope = NewDisposeScope();
        Tensor p = tensor(new double[] { 1, 2, 3 });
        Tensor g = tensor(new double[] { 0.5, -1, 2 });
        Tensor d = tensor(new double[] { 2, 4, 8 });
        long v0 = p.Version;
        Assert.Same(p, p.add_(g, alpha: -2));          // 0, 4, -1
        Close(new double[] { 0, 4, -1 }, p);
        Assert.True(p.Version > v0);
        p.mul_(0.5);                                     // 0, 2, -0.5
        Close(new double[] { 0, 2, -0.5 }, p);
        p.addcmul_(g, g, value: 2);                      // + 2 g²: 0.5, 4, 7.5
        Close(new double[] { 0.5, 4, 7.5 }, p);
        p.addcdiv_(g, d, value: -4);                     // − 4 g/d: −0.5, 5, 6.5
        Close(new double[] { -0.5, 5, 6.5 }, p);
        p.lerp_(d, 0.25);                                // p + 0.25 (d − p): 0.125, 4.75, 6.875
        Close(new double[] { 0.125, 4.75, 6.875 }, p);
        p.clamp_(0.5, 5);
        Close(new double[] { 0.5, 4.75, 5 }, p);
        p.copy_(d);
        Close(new double[] { 2, 4, 8 }, p);
        p.sqrt_();
        Close(new double[] { Math.Sqrt(2), 2, Math.Sqrt(8) }, p, 1e-12);
        p.fill_(3);
        Close(new double[] { 3, 3, 3 }, p);
        p.sub_(1.0).div_(4.0);
        Close(new double[] { 0.5, 0.5, 0.5 }, p);
        long v1 = p.Version;
        p.zero_();
        Close(new double[3], p);
        Assert.Equal(v1 + 1, p.Version);
        p.copy_(g).abs_().neg_();
        Close(new double[] { -0.5, -1, -2 }, p);
        Tensor q = tensor(new double[] { 1, 4 });
        q.pow_(0.5).exp_().log_();
        Close(new double[] { 1, 2 }, q, 1e-12);
    }

    [Fact]
    public void MaximumMinimumClampWhere_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor a = tensor(new double[] { 1, -2, 3, -4 });
        Tensor b = tensor(new double[] { 0, 0, 5, -5 });
        Close(new double[] { 1, 0, 5, -4 }, maximum(a, b));
        Close(new double[] { 0, -2, 3, -5 }, minimum(a, b));
        Close(new double[] { 1, -1, 2, -1 }, a.clamp(-1, 2));
        Assert.Throws<TorchException>(() => a.clamp());   // libtorch wants at least one bound
        Close(new double[] { 1, 0, 3, 0 }, a.clamp_min(0));
        Close(new double[] { 0, -2, 0, -4 }, a.clamp_max(0));
        Tensor mask = a.gt(0);
        Assert.Equal(ScalarType.Bool, mask.dtype);
        Assert.Equal(new[] { true, false, true, false }, mask.ToArray<bool>());
        Close(new double[] { 1, 0, 3, -5 }, where(mask, a, b));
        Close(new double[] { 1, 9, 3, 9 }, where(mask, a, 9.0));
        Close(new double[] { 7, 0, 7, -5 }, where(mask, 7.0, b));
        Close(new double[] { 1, 0, 3, 0 }, a.masked_fill(a.lt(0), 0));
        Assert.Equal(new[] { false, true, true, false }, a.le(b).ToArray<bool>());
        Assert.Equal(new[] { true, false, false, true }, a.ge(b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, false }, a.eq(3).ToArray<bool>());
        Assert.Equal(new[] { true, true, false, true }, a.ne(3.0).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, false }, logical_and(mask, a.gt(2)).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false }, (a <= b).ToArray<bool>());
        Assert.Equal(new[] { true, false, false, true }, (a > b).ToArray<bool>());
        Assert.Equal(new[] { true, false, true, false }, (a >= 1).ToArray<bool>());
        Assert.Equal(new[] { false, true, false, true }, (a < 0).ToArray<bool>());
        Close(new double[] { 1, 1, 0, 2 }, a % 3);
        Assert.True(equal(a, a.clone()));
        Assert.False(equal(a, b));
        Assert.True(allclose(a, a + 1e-9));
        Assert.False(allclose(a, a + 1e-3));
    }

    [Fact]
    public void SoftmaxLogSoftmax_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new double[] { 1, 2, 3, 0, 0, 0 }, new long[] { 2, 3 });
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        double[] expected = { Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z, 1.0 / 3, 1.0 / 3, 1.0 / 3 };
        Close(expected, x.softmax(1), 1e-12);
        Close(expected.Select(v => Math.Log(v)).ToArray(), log_softmax(x, -1), 1e-12);
        Close(new double[] { 0.5, 0.5, 0.5 }, softmax(x, 0).narrow(0, 0, 1) + softmax(x, 0).narrow(0, 1, 1) - 0.5, 1e-12);
    }

    [Fact]
    public void ScalarOperators_AndRemainder_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new double[] { -4, 5 });
        Close(new double[] { 2, 2 }, x.remainder(3));
        Close(new double[] { -1, 2 }, x.fmod(3));
        Close(new double[] { 1.0 / 16, 32 }, pow(2.0, x));
        Close(new double[] { -0.25, 0.2 }, 1.0 / x, 1e-12);
        Close(new double[] { 5, -4 }, 1.0 - x);
    }
}

public class ConversionTests
{
    [Fact]
    public void BoolOperatorsIntegerScalarsAndConversions_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor a = tensor(new[] { true, true, false, false });
        Tensor b = tensor(new[] { true, false, true, false });
        Assert.Equal(new[] { true, false, false, false }, (a & b).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, false }, (a | b).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false }, (a ^ b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true }, (~a).ToArray<bool>());
        Tensor i = tensor(new long[] { 1, 2, 3 });
        i.add_(2).mul_(3).sub_(1);                     // (x + 2)·3 − 1
        Assert.Equal(new long[] { 8, 11, 14 }, i.ToArray<long>());
        Assert.Equal(ScalarType.Int64, i.mul(2).dtype);
        i.fill_(7);
        Assert.Equal(new long[] { 7, 7, 7 }, i.ToArray<long>());
        Assert.Throws<TorchException>(() => i.add_(0.5));   // libtorch refuses float results in an integer tensor
        Tensor f = tensor(new double[] { 1.7, -0.2, 0 });
        Assert.Equal(ScalarType.Float32, f.@float().dtype);
        Assert.Equal(new long[] { 1, 0, 0 }, f.@long().ToArray<long>());
        Assert.Equal(new[] { true, true, false }, f.@bool().ToArray<bool>());
        Assert.Equal(ScalarType.Int32, f.to_type(int32).dtype);
        Assert.Equal(DeviceType.CPU, f.cpu().device.type);
        Assert.True(f.is_floating_point());
        Assert.False(f.is_complex());
        Assert.True(is_complex(fft.fft_(f)));
        Assert.Equal(3, numel(f));
        Assert.Equal(8, f.element_size());
        Tensor m = zeros(3, 4);
        Assert.True(m.is_contiguous());
        Assert.False(m.t().is_contiguous());
        Assert.True(m.t().contiguous().is_contiguous());
        Assert.True(m.narrow(0, 1, 1).is_contiguous());
        Assert.False(m.narrow(1, 1, 2).is_contiguous());
        Assert.True(m.unsqueeze(1).expand(3, 1, 4).is_contiguous());
        Assert.False(m.unsqueeze(1).expand(3, 2, 4).is_contiguous());
    }

    [Fact]
    public void DetachInPlace_AndSetGradEnabled()
    {
        using var scope = NewDisposeScope();
        Tensor x = ones(new long[] { 2 }, requires_grad: true);
        Tensor y = x * 3;
        Assert.False(y.is_leaf);
        y.detach_();
        Assert.True(y.is_leaf);
        Assert.False(y.requires_grad);
        using (set_grad_enabled(false)) Assert.False((x * 2).requires_grad);
        using (set_grad_enabled(true)) Assert.True((x * 2).requires_grad);
    }
}
