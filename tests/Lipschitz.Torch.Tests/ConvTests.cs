using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;
using F = Lipschitz.Torch.torch.nn.functional;

namespace Lipschitz.Torch.Tests;

public class ConvTests
{
    /// <summary>Direct-loop 2-D convolution (cross-correlation, as PyTorch) for reference.</summary>
    internal static double[] NaiveConv2d(double[] x, long[] xs, double[] w, long[] ws, double[]? bias, long stride, long pad, long dil, long groups, out long[] outShape)
    {
        long n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        long o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        long oh = (h + 2 * pad - dil * (kh - 1) - 1) / stride + 1;
        long ow = (wd + 2 * pad - dil * (kw - 1) - 1) / stride + 1;
        long og = o / groups;
        var y = new double[n * o * oh * ow];
        for (long b = 0; b < n; b++)
            for (long oc = 0; oc < o; oc++)
            {
                long g = oc / og;
                for (long i = 0; i < oh; i++)
                    for (long j = 0; j < ow; j++)
                    {
                        double s = bias?[oc] ?? 0;
                        for (long ic = 0; ic < cg; ic++)
                            for (long u = 0; u < kh; u++)
                                for (long v = 0; v < kw; v++)
                                {
                                    long r = i * stride - pad + u * dil, q = j * stride - pad + v * dil;
                                    if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                                    s += x[((b * c + g * cg + ic) * h + r) * wd + q] * w[((oc * cg + ic) * kh + u) * kw + v];
                                }
                        y[((b * o + oc) * oh + i) * ow + j] = s;
                    }
            }
        outShape = new[] { n, o, oh, ow };
        return y;
    }

    [Theory]
    [InlineData(1, 0, 1, 1)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(2, 1, 1, 1)]
    [InlineData(1, 2, 2, 1)]
    [InlineData(2, 1, 1, 2)]
    public void Conv2d_MatchesDirectLoop(long stride, long pad, long dil, long groups)
    {
        using var scope = NewDisposeScope();
        long[] xs = { 2, 4, 7, 6 }, ws = { 6, 4 / groups, 3, 3 };
        Tensor x = Gradcheck.Uniform(xs, seed: 3), w = Gradcheck.Uniform(ws, seed: 4), b = Gradcheck.Uniform(new long[] { 6 }, seed: 5);
        double[] expected = NaiveConv2d(x.ToArray<double>(), xs, w.ToArray<double>(), ws, b.ToArray<double>(), stride, pad, dil, groups, out long[] shape);
        Tensor y = F.conv2d(x, w, b, stride, pad, dil, groups);
        Assert.Equal(shape, y.shape);
        Close(expected, y, 1e-12);
    }

    [Fact]
    public void Conv2dSamePadding_AndConv1d_MatchDirectLoop()
    {
        using var scope = NewDisposeScope();
        long[] xs = { 1, 2, 5, 5 }, ws = { 3, 2, 3, 3 };
        Tensor x = Gradcheck.Uniform(xs, seed: 8), w = Gradcheck.Uniform(ws, seed: 9);
        Tensor y = F.conv2d(x, w, null, 1, "same");
        Assert.Equal(new long[] { 1, 3, 5, 5 }, y.shape);
        Close(NaiveConv2d(x.ToArray<double>(), xs, w.ToArray<double>(), ws, null, 1, 1, 1, 1, out _), y, 1e-12);
        // conv1d = conv2d with a height of one.
        Tensor x1 = Gradcheck.Uniform(new long[] { 2, 3, 9 }, seed: 10), w1 = Gradcheck.Uniform(new long[] { 4, 3, 3 }, seed: 11);
        Tensor y1 = F.conv1d(x1, w1, null, stride: 2, padding: 1);
        Tensor y2 = F.conv2d(x1.unsqueeze(2), w1.unsqueeze(2), null, new long[] { 1, 2 }, new long[] { 0, 1 });
        Close(y2.squeeze(2).ToArray<double>(), y1, 1e-12);
    }

    [Theory]
    [InlineData(1, 0, 1, 1)]
    [InlineData(2, 1, 1, 1)]
    [InlineData(2, 1, 2, 2)]
    public void ConvTranspose2d_IsTheAdjointOfConv2d(long stride, long pad, long dil, long groups)
    {
        // <conv2d(x, w), y> = <x, conv_transpose2d(y, w)> for every x, y of matching shapes.
        using var scope = NewDisposeScope();
        Tensor x = Gradcheck.Uniform(new long[] { 2, 4, 8, 8 }, seed: 1);
        Tensor w = Gradcheck.Uniform(new long[] { 6, 4 / groups, 3, 3 }, seed: 2);
        Tensor cx = F.conv2d(x, w, null, stride, pad, dil, groups);
        Tensor y = Gradcheck.Uniform(cx.shape, seed: 3);
        long outPad = 8 - ((cx.shape[2] - 1) * stride - 2 * pad + dil * 2 + 1);
        Tensor ty = F.conv_transpose2d(y, w, null, stride, pad, outPad, groups, dil);
        Assert.Equal(x.shape, ty.shape);
        Close((cx * y).sum().item<double>(), (x * ty).sum(), 1e-9);
        Tensor x1 = Gradcheck.Uniform(new long[] { 1, 2, 9 }, seed: 4), w1 = Gradcheck.Uniform(new long[] { 3, 2, 3 }, seed: 5);
        Tensor c1 = F.conv1d(x1, w1, null, stride, pad, dil);
        Tensor y1 = Gradcheck.Uniform(c1.shape, seed: 6);
        Tensor t1 = F.conv_transpose1d(y1, w1, null, stride, pad, 9 - ((c1.shape[2] - 1) * stride - 2 * pad + dil * 2 + 1), 1, dil);
        Close((c1 * y1).sum().item<double>(), (x1 * t1).sum(), 1e-9);
    }

    [Fact]
    public void Pooling_MatchesHandValues()
    {
        using var scope = NewDisposeScope();
        // 4×4 plane 0..15
        Tensor x = arange(16).to(float64).reshape(1, 1, 4, 4);
        Close(new double[] { 5, 7, 13, 15 }, F.max_pool2d(x, 2));
        Close(new double[] { 2.5, 4.5, 10.5, 12.5 }, F.avg_pool2d(x, 2));
        Close(new double[] { 10, 11, 14, 15 }, F.max_pool2d(x, 3, 1));
        var (mx, idx) = F.max_pool2d_with_indices(x, 2);
        Assert.Equal(new long[] { 5, 7, 13, 15 }, idx.ToArray<long>());
        Close(mx.ToArray<double>(), F.adaptive_max_pool2d(x, new long[] { 2, 2 }));
        Close(new double[] { 7.5 }, F.adaptive_avg_pool2d(x, new long[] { 1, 1 }));
        // avg with zero padding 1 and count_include_pad: top-left window holds 0, 1, 4, 5 of 9 cells
        Close(10.0 / 9, F.avg_pool2d(x, 3, 2, 1).flatten()[0]);
        Tensor s = tensor(new double[] { 1, 3, 2, 5, 4, 0 }, new long[] { 1, 1, 6 });
        Close(new double[] { 3, 5, 4 }, F.max_pool1d(s, 2));
        Close(new double[] { 2, 3.5, 2 }, F.avg_pool1d(s, 2));
        // Lp pooling, p = 2: sqrt of the sum of squares per window.
        Close(new[] { Math.Sqrt(10), Math.Sqrt(29), Math.Sqrt(16) }, F.lp_pool1d(s, 2, 2), 1e-12);
        Close(new[] { Math.Sqrt(0 + 1 + 16 + 25), Math.Sqrt(4 + 9 + 36 + 49), Math.Sqrt(64 + 81 + 144 + 169), Math.Sqrt(100 + 121 + 196 + 225) },
            F.lp_pool2d(x, 2, 2), 1e-12);
    }

    [Fact]
    public void PixelShuffleAndPad_MoveElementsAsDocumented()
    {
        using var scope = NewDisposeScope();
        // [1, 1, 4, 4] → unshuffle(2) → [1, 4, 2, 2]; channel (i·2 + j) holds x[2a + i, 2b + j].
        Tensor x = arange(16).reshape(1, 1, 4, 4);
        Tensor u = F.pixel_unshuffle(x, 2);
        Assert.Equal(new long[] { 1, 4, 2, 2 }, u.shape);
        Assert.Equal(new long[] { 0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15 }, u.ToArray<long>());
        Assert.Equal(x.ToArray<long>(), F.pixel_shuffle(u, 2).ToArray<long>());
        Tensor r = tensor(new double[] { 1, 2, 3 }).reshape(1, 1, 3);
        Close(new double[] { 0, 1, 2, 3, 0, 0 }, F.pad(r, new long[] { 1, 2 }));
        Close(new double[] { 9, 1, 2, 3, 9, 9 }, F.pad(r, new long[] { 1, 2 }, nn.PaddingModes.Constant, 9));
        Close(new double[] { 2, 1, 2, 3, 2, 1 }, F.pad(r, new long[] { 1, 2 }, nn.PaddingModes.Reflect));
        Close(new double[] { 1, 1, 2, 3, 3, 3 }, F.pad(r, new long[] { 1, 2 }, nn.PaddingModes.Replicate));
        Close(new double[] { 3, 1, 2, 3, 1, 2 }, F.pad(r, new long[] { 1, 2 }, nn.PaddingModes.Circular));
        Close(new double[] { 2 }, F.pad(r, new long[] { -1, -1 }));
        Tensor m = ones(new long[] { 1, 1, 2, 2 }, float64);
        Tensor p = F.pad(m, new long[] { 1, 0, 0, 1 });
        Assert.Equal(new long[] { 1, 1, 3, 3 }, p.shape);
        Close(new double[] { 0, 1, 1, 0, 1, 1, 0, 0, 0 }, p);
    }
}
