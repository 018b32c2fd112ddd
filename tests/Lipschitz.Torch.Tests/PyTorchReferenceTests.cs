using static Lipschitz.Torch.torch;
using F = Lipschitz.Torch.torch.nn.functional;

namespace Lipschitz.Torch.Tests;

/// <summary>Ops whose every option is hard to compute by hand, compared with PyTorch on the same inputs.</summary>
public class PyTorchReferenceTests
{
    // Inputs on both sides: sin(0.37·k + c) reshaped, computed in float64.
    private static Tensor S(double c, params long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        using Tensor k = arange(n).to(float64);
        using Tensor t = k * 0.37 + c;
        using Tensor s = t.sin();
        return s.reshape(shape);
    }

    private const string Prelude = @"
import torch, torch.nn.functional as F
torch.set_printoptions(precision=17)
def S(c, *shape):
    n = 1
    for d in shape: n *= d
    return torch.sin(torch.arange(n, dtype=torch.float64) * 0.37 + c).reshape(*shape)
def out(t):
    print(' '.join(repr(float(v)) for v in t.detach().reshape(-1).tolist()))
";

    [PythonTorchFact]
    public void ManyOps_MatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var cases = new (string Python, Func<Tensor> Ours)[]
        {
            ("out(F.conv_transpose2d(S(0.1,1,4,3,3), S(0.2,4,3,3,3), S(0.3,6), stride=2, padding=1, output_padding=1, groups=2, dilation=2))",
                () => F.conv_transpose2d(S(0.1, 1, 4, 3, 3), S(0.2, 4, 3, 3, 3), S(0.3, 6), 2, 1, 1, 2, 2)),
            ("out(F.conv2d(S(0.4,2,4,7,6), S(0.5,6,2,3,2), None, stride=(2,1), padding=(1,2), dilation=(1,2), groups=2))",
                () => F.conv2d(S(0.4, 2, 4, 7, 6), S(0.5, 6, 2, 3, 2), null, new long[] { 2, 1 }, new long[] { 1, 2 }, new long[] { 1, 2 }, 2)),
            ("out(F.cross_entropy(S(0.6,5,4)*3, torch.tensor([0,3,-100,1,2]), weight=S(0.7,4).abs()+0.5, label_smoothing=0.1))",
                () => F.cross_entropy(S(0.6, 5, 4) * 3, tensor(new long[] { 0, 3, -100, 1, 2 }), S(0.7, 4).abs() + 0.5, label_smoothing: 0.1)),
            ("out(F.lp_pool2d(S(0.8,1,2,5,5), 3, 2, stride=1))", () => F.lp_pool2d(S(0.8, 1, 2, 5, 5), 3, 2, 1)),
            ("out(F.lp_pool1d(S(0.85,1,2,7), 1.5, 3, stride=2))", () => F.lp_pool1d(S(0.85, 1, 2, 7), 1.5, 3, 2)),
            ("out(F.pad(S(0.9,1,1,3,4), (2,1,1,2), mode='reflect'))", () => F.pad(S(0.9, 1, 1, 3, 4), new long[] { 2, 1, 1, 2 }, nn.PaddingModes.Reflect)),
            ("out(F.pad(S(1.0,1,1,3,4), (2,1,1,2), mode='replicate'))", () => F.pad(S(1.0, 1, 1, 3, 4), new long[] { 2, 1, 1, 2 }, nn.PaddingModes.Replicate)),
            ("out(F.pad(S(1.1,1,1,3,4), (2,1,1,2), mode='circular'))", () => F.pad(S(1.1, 1, 1, 3, 4), new long[] { 2, 1, 1, 2 }, nn.PaddingModes.Circular)),
            ("out(F.avg_pool2d(S(1.2,1,2,5,5), 2, stride=2, padding=1, ceil_mode=True, count_include_pad=False))",
                () => F.avg_pool2d(S(1.2, 1, 2, 5, 5), 2, 2, 1, ceil_mode: true, count_include_pad: false)),
            ("out(F.max_pool2d(S(1.3,1,2,6,6), 2, stride=1, padding=1, dilation=2))", () => F.max_pool2d(S(1.3, 1, 2, 6, 6), 2, 1, 1, 2)),
            ("out(F.binary_cross_entropy_with_logits(S(1.4,3,4)*2, S(1.5,3,4).abs(), pos_weight=S(1.6,4).abs()+1))",
                () => F.binary_cross_entropy_with_logits(S(1.4, 3, 4) * 2, S(1.5, 3, 4).abs(), pos_weights: S(1.6, 4).abs() + 1)),
            ("out(torch.linalg.matrix_norm(S(1.7,2,3,4), 'nuc'))", () => linalg.matrix_norm(S(1.7, 2, 3, 4), "nuc")),
            ("out(torch.linalg.matrix_norm(S(1.75,3,4), -2))", () => linalg.matrix_norm(S(1.75, 3, 4), -2)),
            ("out(torch.linalg.vector_norm(S(1.8,2,3,4), float('inf'), dim=(0,2)))", () => linalg.vector_norm(S(1.8, 2, 3, 4), double.PositiveInfinity, new long[] { 0, 2 })),
            ("out(torch.einsum('bij,bjk->bik', S(1.9,2,3,4), S(2.0,2,4,2)))", () => einsum("bij,bjk->bik", S(1.9, 2, 3, 4), S(2.0, 2, 4, 2))),
            ("out(torch.view_as_real(torch.fft.rfft2(S(2.1,2,5,6), norm='ortho')))", () => view_as_real(fft.rfft2(S(2.1, 2, 5, 6), norm: FFTNormType.Ortho))),
            ("out(torch.fft.irfft2(torch.fft.fft2(S(2.2,4,6)).narrow(-1,0,4), s=(4,6)))", () => fft.irfft2(fft.fft2(S(2.2, 4, 6)).narrow(-1, 0, 4), new long[] { 4, 6 })),
            ("out(F.pixel_shuffle(S(2.3,1,8,2,3), 2))", () => F.pixel_shuffle(S(2.3, 1, 8, 2, 3), 2)),
            ("out(torch.logsumexp(S(2.4,3,5)*4, dim=(0,1)))", () => S(2.4, 3, 5).mul(4.0).logsumexp(new long[] { 0, 1 })),
            ("out(F.nll_loss(F.log_softmax(S(2.5,4,3),1), torch.tensor([2,0,1,1]), reduction='sum'))",
                () => F.nll_loss(F.log_softmax(S(2.5, 4, 3), 1), tensor(new long[] { 2, 0, 1, 1 }), reduction: nn.Reduction.Sum)),
            ("out(F.layer_norm(S(2.6,2,3,4), (3,4), S(2.7,3,4), S(2.8,3,4)))", () => F.layer_norm(S(2.6, 2, 3, 4), new long[] { 3, 4 }, S(2.7, 3, 4), S(2.8, 3, 4))),
            ("out(F.group_norm(S(2.9,2,4,3), 2, S(3.0,4), S(3.1,4)))", () => F.group_norm(S(2.9, 2, 4, 3), 2, S(3.0, 4), S(3.1, 4))),
            ("rm=S(3.2,3).clone(); rv=S(3.3,3).abs()+0.5; y=F.batch_norm(S(3.4,4,3,2), rm, rv, S(3.5,3), S(3.6,3), training=True, momentum=0.2); out(torch.cat([y.reshape(-1), rm, rv]))",
                () =>
                {
                    Tensor rm = S(3.2, 3), rv = S(3.3, 3).abs() + 0.5;
                    Tensor y = F.batch_norm(S(3.4, 4, 3, 2), rm, rv, S(3.5, 3), S(3.6, 3), training: true, momentum: 0.2);
                    return cat(new[] { y.reshape(-1), rm, rv });
                }),
            ("out(F.batch_norm(S(3.7,4,3), S(3.8,3), S(3.9,3).abs()+0.5))", () => F.batch_norm(S(3.7, 4, 3), S(3.8, 3), S(3.9, 3).abs() + 0.5)),
            ("out(F.cosine_similarity(S(4.0,3,5), S(4.1,3,5)))", () => F.cosine_similarity(S(4.0, 3, 5), S(4.1, 3, 5))),
            ("out(F.gelu(S(4.2,7)*3))", () => F.gelu(S(4.2, 7) * 3)),
            ("out(F.gelu(S(4.3,7)*3, approximate='tanh'))", () => F.gelu(S(4.3, 7) * 3, "tanh")),
            ("out(F.softplus(S(4.4,7)*10, beta=2, threshold=5))", () => F.softplus(S(4.4, 7) * 10, 2, 5)),
            ("out(F.smooth_l1_loss(S(4.5,9)*2, S(4.6,9), beta=0.5))", () => F.smooth_l1_loss(S(4.5, 9) * 2, S(4.6, 9), beta: 0.5)),
            ("out(F.huber_loss(S(4.7,9)*2, S(4.8,9), delta=0.7, reduction='sum'))", () => F.huber_loss(S(4.7, 9) * 2, S(4.8, 9), nn.Reduction.Sum, 0.7)),
            ("out(F.adaptive_avg_pool2d(S(4.9,1,2,5,7), (2,3)))", () => F.adaptive_avg_pool2d(S(4.9, 1, 2, 5, 7), new long[] { 2, 3 })),
            ("out(torch.linalg.pinv(S(5.0,3,4)))", () => linalg.pinv(S(5.0, 3, 4))),
        };
        string script = Prelude + string.Join("\n", cases.Select(c => c.Python));
        string[] lines = PythonTorch.Check(script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Length, lines.Length);
        for (int k = 0; k < cases.Length; k++)
        {
            double[] expected = PythonTorch.Numbers(lines[k]);
            double[] actual = cases[k].Ours().ToArray<double>();
            Assert.True(expected.Length == actual.Length, $"{cases[k].Python}: {actual.Length} values, PyTorch {expected.Length}");
            for (int j = 0; j < expected.Length; j++)
                Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-10 * (1 + Math.Abs(expected[j])) || (double.IsNaN(expected[j]) && double.IsNaN(actual[j])),
                    $"{cases[k].Python}: element {j} is {actual[j]:R}, PyTorch {expected[j]:R}");
        }
    }
}
