using Lipschitz.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

/// <summary>
/// The libtorch kernels every convolutional layer trains with, against float64, as the runtime configures them: the
/// forward and input gradient of conv2d (which backpropagation through every convolution computes) and conv_transpose2d
/// (SLL's and CPL's adjoint). On an AMD EPYC of family 1Ah, oneDNN's AVX/AVX2/AVX-512 kernels returned errors up to 19
/// and NaN for these cases until the runtime capped oneDNN at SSE4.1 there and self-tests it everywhere (Runtime.Mkldnn).
/// </summary>
public class CpuKernelTests
{
    public CpuKernelTests() => TorchRuntime.Initialize();

    [Fact]
    public void TheStartupSelfTest_Passes_WithTheKernelsThisProcessUses()
    {
        // Either oneDNN passed it at start-up, or it was turned off and libtorch's own kernels run; both must now agree.
        Assert.StartsWith("o", TorchRuntime.MkldnnStatus);
        Assert.Null(Mkldnn.SelfTest());
        // The first network may be made inside no_grad (the runtime initialises then): the self-test still takes gradients.
        using (no_grad()) Assert.Null(Mkldnn.SelfTest());
    }

    [Theory]
    [InlineData(17, 2, 5, 3)]
    [InlineData(24, 8, 7, 3)]
    [InlineData(2, 8, 6, 3)]
    [InlineData(3, 8, 9, 5)]
    [InlineData(1, 16, 28, 3)]
    [InlineData(16, 16, 28, 3)]
    [InlineData(64, 32, 14, 3)]
    public void Float32ConvolutionAdjoints_AgreeWithFloat64(int inChannels, int outChannels, int size, int kernel)
    {
        var pad = new long[] { kernel / 2, kernel / 2 };
        double worstTranspose = 0, worstGradient = 0, scale = 0;
        for (int i = 0; i < 10; i++)
        {
            using var scope = NewDisposeScope();
            Tensor p = randn(new long[] { outChannels, inChannels, kernel, kernel });
            Tensor y = randn(new long[] { 4, outChannels, size, size });
            Tensor reference = nn.functional.conv_transpose2d(y.to(ScalarType.Float64), p.to(ScalarType.Float64), padding: pad);
            Tensor transposed = nn.functional.conv_transpose2d(y, p, padding: pad);
            Tensor z = randn(new long[] { 4, inChannels, size, size }).requires_grad_();
            Tensor gradient = autograd.grad(new[] { (nn.functional.conv2d(z, p, padding: pad) * y).sum() }, new[] { z })[0];
            scale = System.Math.Max(scale, reference.abs().max().ToDouble());
            worstTranspose = System.Math.Max(worstTranspose, (transposed.to(ScalarType.Float64) - reference).abs().max().ToDouble());
            worstGradient = System.Math.Max(worstGradient, (gradient.to(ScalarType.Float64) - reference).abs().max().ToDouble());
        }
        // float32 sums of at most 64·25 products of N(0, 1) entries: a relative error of 1e-5 of the largest entry is generous.
        double tolerance = 1e-5 * scale;
        Assert.True(worstTranspose <= tolerance && worstGradient <= tolerance,
            $"conv_transpose2d error {worstTranspose}, conv2d input-gradient error {worstGradient} (tolerance {tolerance}; settings: {TorchRuntime.EnvironmentSummary})");
    }
}
