using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;

namespace Lipschitz.Torch.Tests;

public class CreationTests
{
    [Fact]
    public void ZerosOnesFullEmpty_HaveShapeDtypeAndValues()
    {
        using var z = zeros(2, 3);
        Assert.Equal(new long[] { 2, 3 }, z.shape);
        Assert.Equal(ScalarType.Float32, z.dtype);
        Close(new double[6], z);
        using var o = ones(new long[] { 4 }, float64);
        Assert.Equal(ScalarType.Float64, o.dtype);
        Close(new double[] { 1, 1, 1, 1 }, o);
        using var f = full(new long[] { 2 }, 2.5);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Close(new double[] { 2.5, 2.5 }, f);
        using var fi = full(new long[] { 3 }, 7L);
        Assert.Equal(ScalarType.Int64, fi.dtype);
        Assert.Equal(new long[] { 7, 7, 7 }, fi.ToArray<long>());
        using var e = empty(new long[] { 3, 2 }, int64);
        Assert.Equal(new long[] { 3, 2 }, e.shape);
        Assert.Equal(ScalarType.Int64, e.dtype);
        using var g = zeros(new long[] { 2 }, requires_grad: true);
        Assert.True(g.requires_grad);
    }

    [Fact]
    public void EyeArangeLinspaceLogspace_MatchHandValues()
    {
        using var i = eye(3);
        Close(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, i);
        using var r = eye(2, 3, float64);
        Close(new double[] { 1, 0, 0, 0, 1, 0 }, r);
        using var a = arange(5);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.ToArray<long>());
        using var b = arange(2, 11, 3);
        Assert.Equal(new long[] { 2, 5, 8 }, b.ToArray<long>());
        using var c = arange(0.0, 1.0, 0.25);
        Assert.Equal(ScalarType.Float32, c.dtype);
        Close(new double[] { 0, 0.25, 0.5, 0.75 }, c);
        using var l = linspace(-1, 1, 5, float64);
        Close(new double[] { -1, -0.5, 0, 0.5, 1 }, l);
        using var lg = logspace(0, 2, 3, dtype: float64);
        Close(new double[] { 1, 10, 100 }, lg, 1e-9);
    }

    [Fact]
    public void ManualSeed_MakesRandomTensorsReproducible()
    {
        manual_seed(123);
        using var a = randn(100);
        using var ai = randint(10, new long[] { 50 });
        using var ap = randperm(20);
        manual_seed(123);
        using var b = randn(100);
        using var bi = randint(10, new long[] { 50 });
        using var bp = randperm(20);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());
        Assert.Equal(ai.ToArray<long>(), bi.ToArray<long>());
        Assert.Equal(ap.ToArray<long>(), bp.ToArray<long>());
        using var c = randn(100);
        Assert.NotEqual(a.ToArray<float>(), c.ToArray<float>());
    }

    [Fact]
    public void RandomTensors_HaveTheirDistributionsSupport()
    {
        manual_seed(5);
        using var u = rand(new long[] { 10000 }, float64);
        double[] uv = u.ToArray<double>();
        Assert.All(uv, v => Assert.InRange(v, 0.0, 1.0 - 1e-300));
        Assert.InRange(uv.Average(), 0.48, 0.52);
        using var n = randn(new long[] { 10000 }, float64);
        double[] nv = n.ToArray<double>();
        double mean = nv.Average();
        double sd = Math.Sqrt(nv.Select(x => (x - mean) * (x - mean)).Average());
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(sd, 0.95, 1.05);
        using var ri = randint(-3, 4, new long[] { 2000 });
        long[] iv = ri.ToArray<long>();
        Assert.All(iv, v => Assert.InRange(v, -3L, 3L));
        Assert.Equal(7, iv.Distinct().Count());
        using var p = randperm(50);
        Assert.Equal(Enumerable.Range(0, 50).Select(x => (long)x), p.ToArray<long>().OrderBy(x => x));
    }

    [Fact]
    public void LikeFunctions_KeepShapeAndDtype()
    {
        using var x = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        using var z = zeros_like(x);
        using var o = ones_like(x);
        using var f = full_like(x, -2);
        using var e = empty_like(x);
        using var r = rand_like(x);
        using var n = randn_like(x);
        using var ri = randint_like(x, 0, 3);
        foreach (var t in new[] { z, o, f, e, r, n, ri })
        {
            Assert.Equal(new long[] { 2, 3 }, t.shape);
            Assert.Equal(ScalarType.Float64, t.dtype);
        }
        Close(new double[6], z);
        Close(new double[] { 1, 1, 1, 1, 1, 1 }, o);
        Close(new double[] { -2, -2, -2, -2, -2, -2 }, f);
        Assert.All(ri.ToArray<double>(), v => Assert.Contains(v, new double[] { 0, 1, 2 }));
        using var zi = zeros_like(x, int64);
        Assert.Equal(ScalarType.Int64, zi.dtype);
    }

    [Fact]
    public void TensorFromArrays_KeepsShapeAndOrder()
    {
        using var a = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new long[] { 2, 3 }, a.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, a.ToArray<float>());
        using var b = from_array(new long[,,] { { { 1 }, { 2 } } });
        Assert.Equal(new long[] { 1, 2, 1 }, b.shape);
        Assert.Equal(ScalarType.Int64, b.dtype);
        using var c = tensor(3L);
        Assert.Equal(0, c.dim());
        Assert.Equal(3L, c.item<long>());
        using var d = tensor(true);
        Assert.True(d.item<bool>());
        using var e = tensor(new double[] { 1, 2 }, dtype: float32);
        Assert.Equal(ScalarType.Float32, e.dtype);
    }
}
