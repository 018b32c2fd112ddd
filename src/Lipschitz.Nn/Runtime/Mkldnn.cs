using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Runtime;

/// <summary>
/// libtorch's oneDNN (mkldnn) convolutions, checked before they are trusted. Measured with TorchSharp 0.107 (libtorch
/// 2.10, oneDNN 3.7.1) on an AMD EPYC of family 1Ah (Zen 5) under a hypervisor: with oneDNN's AVX, AVX2 or AVX-512
/// kernels, float32 conv2d forward (e.g. 17 or 24 input channels), its input gradient (e.g. 2 → 8 channels) and
/// conv_transpose2d returned values off by up to 19 and NaN, against float64, for most channel counts that are not a
/// multiple of 16 and some that are (48 → 16, stride 2); with its SSE4.1 kernels every case agreed to 1e-5. So:
/// on that processor family the runtime caps oneDNN at SSE4.1 (<see cref="NativeEnvironment"/>, before libtorch loads), and on
/// every machine a start-up self-test runs such cases against float64 and turns oneDNN off (libtorch's own kernels,
/// correct but several times slower) when any disagrees. <c>LIPSCHITZ_MKLDNN=on</c> skips the test; <c>off</c> turns
/// oneDNN off without it.
/// </summary>
internal static class Mkldnn
{
    /// <summary>(in channels, out channels, image size, stride) of the self-test's convolutions: cases that failed here.</summary>
    internal static readonly (int In, int Out, int Size, int Stride)[] SelfTestCases =
    {
        (2, 8, 6, 1), (1, 2, 14, 1), (3, 5, 14, 1), (17, 2, 5, 1), (24, 8, 7, 1), (48, 16, 5, 2), (16, 16, 7, 1),
    };

    /// <summary>Applies LIPSCHITZ_MKLDNN (on, off; unset: the self-test decides); returns what was done, for <see cref="TorchRuntime.MkldnnStatus"/>.</summary>
    internal static string Configure()
    {
        string? setting = Environment.GetEnvironmentVariable("LIPSCHITZ_MKLDNN");
        switch (setting)
        {
            case "on" or "1":
                return "on (LIPSCHITZ_MKLDNN=on: start-up self-test skipped)";
            case "off" or "0":
                return TurnOff() ? "off (LIPSCHITZ_MKLDNN=off)" : "left on: " + s_unavailable;
            case null or "":
                break;
            default:
                throw new ArgumentException($"LIPSCHITZ_MKLDNN must be 'on' or 'off', got '{setting}'");
        }
        string isa = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is { Length: > 0 } cap ? $", ONEDNN_MAX_CPU_ISA={cap}" : "";
        string? failure;
        try
        {
            failure = SelfTest();
            if (failure is null) return $"on (its float32 convolutions agree with float64{isa})";
            failure = $"its float32 convolutions disagree with float64 on this CPU ({failure}{isa})";
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            failure = "its self-test could not run: " + e.Message.Split('\n')[0];
        }
        return TurnOff()
            ? $"off: {failure}; libtorch's own kernels are used instead (slower)"
            : $"on, although {failure} and it could not be turned off: {s_unavailable}";
    }

    private static string s_unavailable = "";

    /// <summary>
    /// Runs <see cref="SelfTestCases"/> (3×3 kernels, 'same' padding, a batch of 4, fixed seed): the forward and the
    /// input gradient in float32 against float64; null when all agree to 1e-4 of the largest entry, else the first case
    /// that does not.
    /// </summary>
    internal static string? SelfTest()
    {
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();                       // also when the first network is made under no_grad
        var generator = new Generator(20261202);
        foreach (var (cin, cout, size, stride) in SelfTestCases)
        {
            var pad = new long[] { 1, 1 };
            var strides = new long[] { stride, stride };
            Tensor w = randn(new long[] { cout, cin, 3, 3 }, generator: generator);
            Tensor x = randn(new long[] { 4, cin, size, size }, generator: generator).requires_grad_();
            Tensor y = nn.functional.conv2d(x, w, strides: strides, padding: pad);
            Tensor probe = randn(y.shape, generator: generator);
            Tensor grad = autograd.grad(new[] { (y * probe).sum() }, new[] { x })[0];
            Tensor x64 = x.detach().to(ScalarType.Float64).requires_grad_();
            Tensor y64 = nn.functional.conv2d(x64, w.to(ScalarType.Float64), strides: strides, padding: pad);
            Tensor grad64 = autograd.grad(new[] { (y64 * probe.to(ScalarType.Float64)).sum() }, new[] { x64 })[0];
            // NaN fails the comparison.
            if (!(KernelCheck.RelativeError(y, y64) <= 1e-4) || !(KernelCheck.RelativeError(grad, grad64) <= 1e-4))
                return FormattableString.Invariant($"{cin} → {cout} channels, {size}×{size}, stride {stride}");
        }
        return null;
    }

    /// <summary>Turns libtorch's oneDNN off (Linux x64); false, with the reason kept for the status, where it cannot.</summary>
    internal static bool TurnOff() => LibTorchContext.TrySet("_ZN2at7Context20setUserEnabledMkldnnEb", false, out s_unavailable);
}
