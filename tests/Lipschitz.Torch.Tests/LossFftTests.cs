using System.Numerics;
using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;
using F = Lipschitz.Torch.torch.nn.functional;

namespace Lipschitz.Torch.Tests;

public class LossTests
{
    private static readonly double[][] Logits = { new double[] { 1, 2, 3 }, new double[] { 1, 0, 0 } };
    private static readonly long[] Labels = { 2, 0 };

    private static double LogP(int i, int c) => Logits[i][c] - Math.Log(Logits[i].Sum(Math.Exp));

    [Fact]
    public void CrossEntropy_MatchesHandComputation_WithAndWithoutLabelSmoothing()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(Logits.SelectMany(r => r).ToArray(), new long[] { 2, 3 });
        Tensor y = tensor(Labels);
        double[] nll = { -LogP(0, 2), -LogP(1, 0) };
        Close(nll.Average(), F.cross_entropy(x, y), 1e-12);
        Close(nll.Sum(), F.cross_entropy(x, y, reduction: nn.Reduction.Sum), 1e-12);
        Close(nll, F.cross_entropy(x, y, reduction: nn.Reduction.None), 1e-12);
        double eps = 0.2;
        double[] smooth = Enumerable.Range(0, 2).Select(i => (1 - eps) * nll[i] + eps / 3 * Enumerable.Range(0, 3).Sum(c => -LogP(i, c))).ToArray();
        Close(smooth.Average(), F.cross_entropy(x, y, label_smoothing: eps), 1e-12);
        // Probability targets: −Σ p log softmax.
        Tensor probs = tensor(new double[] { 0, 0.5, 0.5, 1, 0, 0 }, new long[] { 2, 3 });
        Close((-(0.5 * LogP(0, 1) + 0.5 * LogP(0, 2)) - LogP(1, 0)) / 2, F.cross_entropy(x, probs), 1e-12);
        // ignore_index drops the sample from the mean.
        Close(nll[0], F.cross_entropy(x, tensor(new long[] { 2, -100 })), 1e-12);
    }

    [Fact]
    public void NllMseBce_MatchHandComputation()
    {
        using var scope = NewDisposeScope();
        Tensor lp = tensor(new double[] { -1, -2, -3, -4, -5, -6 }, new long[] { 2, 3 });
        Tensor y = tensor(new long[] { 1, 2 });
        Close((2 + 6) / 2.0, F.nll_loss(lp, y), 1e-12);
        Tensor w = tensor(new double[] { 1, 3, 1 });
        Close((3 * 2 + 1 * 6) / 4.0, F.nll_loss(lp, y, w), 1e-12);
        Tensor a = tensor(new double[] { 1, 2, 3 }), b = tensor(new double[] { 2, 2, 5 });
        Close(5.0 / 3, F.mse_loss(a, b), 1e-12);
        Close(5, F.mse_loss(a, b, nn.Reduction.Sum), 1e-12);
        Close(1, F.l1_loss(a, b), 1e-12);
        double[] xs = { -1, 0.5, 2 }, ts = { 0, 1, 0.3 };
        double Sig(double v) => 1 / (1 + Math.Exp(-v));
        double[] bce = xs.Select((v, k) => -(ts[k] * Math.Log(Sig(v)) + (1 - ts[k]) * Math.Log(1 - Sig(v)))).ToArray();
        Close(bce.Average(), F.binary_cross_entropy_with_logits(tensor(xs), tensor(ts)), 1e-12);
        Close(bce, F.binary_cross_entropy_with_logits(tensor(xs), tensor(ts), reduction: nn.Reduction.None), 1e-12);
        Close(bce.Average(), F.binary_cross_entropy(tensor(xs.Select(Sig).ToArray()), tensor(ts)), 1e-12);
    }

    [Fact]
    public void Activations_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new double[] { -2, -0.5, 0.5, 8 });
        Close(new double[] { 0, 0, 0.5, 8 }, F.relu(x));
        Close(new double[] { 0, 0, 0.5, 6 }, F.relu6(x));
        Close(new double[] { -0.02, -0.005, 0.5, 8 }, F.leaky_relu(x), 1e-12);
        Close(new double[] { -1, -0.5, 0.5, 1 }, F.hardtanh(x));
        Close(x.ToArray<double>().Select(v => v / (1 + Math.Exp(-v))).ToArray(), F.silu(x), 1e-12);
        Close(x.ToArray<double>().Select(v => Math.Log(1 + Math.Exp(v))).ToArray(), F.softplus(x), 1e-12);
        Close(x.ToArray<double>().Select(v => v > 0 ? v : Math.Exp(v) - 1).ToArray(), F.elu(x), 1e-12);
        Close(x.ToArray<double>(), F.dropout(x, 0.5, training: false));
        Close(new double[] { 0.6, 0.8 }, F.normalize(tensor(new double[] { 3, 4 }).unsqueeze(0)), 1e-12);
    }
}

public class FftTests
{
    [Fact]
    public void Fft2OfADelta_IsAllOnes_AndComplex64ForFloat32()
    {
        using var scope = NewDisposeScope();
        Tensor d = zeros(new long[] { 4, 4 });
        d[0][0].fill_(1);
        Tensor f = fft.fft2(d);
        Assert.Equal(ScalarType.ComplexFloat32, f.dtype);
        Tensor ri = view_as_real(f);
        Assert.Equal(new long[] { 4, 4, 2 }, ri.shape);
        Close(Enumerable.Range(0, 32).Select(k => k % 2 == 0 ? 1.0 : 0.0).ToArray(), ri, 1e-6);
        Close(new double[16], f.imag, 1e-6);
    }

    [Fact]
    public void Fft_MatchesDirectDft_AndRoundTrips()
    {
        using var scope = NewDisposeScope();
        double[] v = { 1, -2, 0.5, 3, 0, 1 };
        int n = v.Length;
        Tensor x = tensor(v);
        Tensor f = fft.fft_(x);
        Assert.Equal(ScalarType.ComplexFloat64, f.dtype);
        var expected = new Complex[n];
        for (int k = 0; k < n; k++)
            for (int t = 0; t < n; t++)
                expected[k] += v[t] * Complex.Exp(new Complex(0, -2 * Math.PI * k * t / n));
        Close(expected.Select(c => c.Real).ToArray(), f.real, 1e-12);
        Close(expected.Select(c => c.Imaginary).ToArray(), f.imag, 1e-12);
        Assert.Equal(expected, f.ToArray<Complex>().Select(c => new Complex(Math.Round(c.Real, 9), Math.Round(c.Imaginary, 9))),
            new ComplexRoundComparer());
        Close(expected.Take(n / 2 + 1).Select(c => c.Imaginary).ToArray(), fft.rfft(x).imag, 1e-12);
        Close(v, fft.ifft(f).real, 1e-12);
        Close(v, fft.irfft(fft.rfft(x), n), 1e-12);
        Tensor ortho = fft.fft_(x, norm: FFTNormType.Ortho);
        Close(expected.Select(c => c.Real / Math.Sqrt(n)).ToArray(), ortho.real, 1e-12);

        Tensor img = Gradcheck.Uniform(new long[] { 2, 5, 6 }, seed: 4);
        Tensor spec = fft.rfft2(img);
        Assert.Equal(new long[] { 2, 5, 4 }, spec.shape);
        Close(img.ToArray<double>(), fft.irfft2(spec, new long[] { 5, 6 }), 1e-12);
        Close(img.ToArray<double>(), fft.ifft2(fft.fft2(img)).real, 1e-12);
        Close(img.ToArray<double>(), fft.irfftn(fft.rfftn(img, dim: new long[] { 1, 2 }), new long[] { 5, 6 }, new long[] { 1, 2 }), 1e-12);
        Tensor c = complex(tensor(new double[] { 1, 2 }), tensor(new double[] { 3, 4 }));
        Close(new double[] { 1, 3, 2, 4 }, view_as_real(c));
        Close(new double[] { 2, 1 }, fft.fftshift(tensor(new double[] { 1, 2 })));
        Assert.Contains("[1.0000+3.0000j, 2.0000+4.0000j]", c.ToString());
        Assert.Contains("[1.0000-3.0000j, 2.0000-4.0000j]", c.conj().ToString());
        Assert.Contains("complex128", c.ToString());
    }

    private sealed class ComplexRoundComparer : IEqualityComparer<Complex>
    {
        public bool Equals(Complex a, Complex b) => Complex.Abs(a - b) < 1e-8;
        public int GetHashCode(Complex c) => 0;
    }
}
