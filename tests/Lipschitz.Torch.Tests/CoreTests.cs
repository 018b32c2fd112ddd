using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

public class CoreTests
{
    [Fact]
    public void Tensor_RoundTripsValuesAndShape()
    {
        using var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
    }

    [Fact]
    public void Add_BroadcastsRowOverMatrix()
    {
        using var a = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        using var b = tensor(new double[] { 10, 20, 30 });
        using var c = a + b;
        Assert.Equal(new double[] { 11, 22, 33, 14, 25, 36 }, c.ToArray<double>());
    }

    [Fact]
    public void ShapeMismatch_ThrowsTorchExceptionWithLibtorchMessage()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 1, 2 });
        var e = Assert.Throws<TorchException>(() => a + b);
        Assert.Contains("size of tensor a (3) must match the size of tensor b (2)", e.Message);
    }

    [Fact]
    public void UseAfterDispose_ThrowsObjectDisposedException()
    {
        var a = tensor(new float[] { 1, 2, 3 });
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.shape);
        Assert.Throws<ObjectDisposedException>(() => a + a);
    }

    [Fact]
    public void Backward_GivesGradientOfProduct()
    {
        using var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        using var y = tensor(new double[] { 4, 5, 6 });
        using var z = x * y;
        using var w = z * z; // d/dx (x y)^2 = 2 x y^2
        using var g = tensor(new double[] { 1, 1, 1 });
        w.backward(g);
        using var grad = x.grad!;
        Assert.Equal(new double[] { 2 * 1 * 16, 2 * 2 * 25, 2 * 3 * 36 }, grad.ToArray<double>());
    }

    [Fact]
    public void DisposeScope_FreesTemporariesAndKeepsMovedTensors()
    {
        using var a = tensor(new float[] { 1, 2 });
        Tensor kept, temp;
        using (var scope = NewDisposeScope())
        {
            temp = a + a;
            kept = (a * a).MoveToOuterDisposeScope();
        }
        Assert.True(temp.IsInvalid);
        Assert.False(kept.IsInvalid);
        Assert.Equal(new float[] { 1, 4 }, kept.ToArray<float>());
        kept.Dispose();
    }

    [Fact]
    public void ToString_ShowsShapeDtypeAndValues()
    {
        using var t = tensor(new long[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        string s = t.ToString();
        Assert.Contains("[2, 2]", s);
        Assert.Contains("int64", s);
        Assert.Contains("[[1, 2],", s);
    }

    [Fact]
    public void Threads_DefaultToCoreCount()
    {
        Assert.Equal(Environment.GetEnvironmentVariable("LIPSCHITZ_NUM_THREADS") is { } v ? int.Parse(v) : Environment.ProcessorCount, get_num_threads());
    }
}
