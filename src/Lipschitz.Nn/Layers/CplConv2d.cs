using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The convex potential layer as a convolution (Meunier et al., ICML 2022): x ↦ x − (2/‖K‖²)·Kᵀ·ReLU(Kx + b), with K the
/// stride-1 'same'-padded convolution with the free kernel P ([c, c, k, k], channels kept) and Kᵀ its adjoint.
/// While training ‖K‖ is a power-iteration estimate (one step per call, differentiable in P); in eval mode it is the
/// verified DFT bound of ‖K‖ for the input's size, so the eval-mode layer is 1-Lipschitz by construction.
/// </summary>
/// <remarks>
/// Why: a difference of outputs is (I − h·KᵀDK)(x − y) with D diagonal in [0, 1] (ReLU's difference quotients); the
/// matrix is symmetric with eigenvalues in [1 − h‖K‖², 1] ⊂ [−1, 1] whenever 0 ≤ h ≤ 2/‖K‖². In eval mode
/// h = 2/u² with u ≥ ‖K‖ (<see cref="Estimation.OperatorNorm.ConvUpper"/>), so h ≤ 2/‖K‖². The bound u depends on the
/// input's height and width (the zero-padded torus); it is computed for the size of each input and cached.
/// </remarks>
public sealed class CplConv2d : WeightedLayer, IVerifiedBound
{
    private readonly ConvNormTracker _norm = new();

    /// <summary>Creates the layer: a Kaiming-uniform kernel and a uniform bias (±1/√(c·k²)).</summary>
    public CplConv2d(long channels, long kernelSize, bool bias = true)
        : base(nameof(CplConv2d), Initial.KaimingUniform(Checked(channels, kernelSize)), channels, bias)
    {
        Channels = channels;
        KernelSize = kernelSize;
        if (this.bias is not null) Initial.UniformBias(this.bias, channels * kernelSize * kernelSize);
    }

    private static long[] Checked(long channels, long kernelSize)
    {
        LayerArgs.Positive(channels, nameof(channels), nameof(CplConv2d));
        LayerArgs.OddKernel(kernelSize, nameof(CplConv2d));
        return new[] { channels, channels, kernelSize, kernelSize };
    }

    /// <summary>Channels (in = out).</summary>
    public long Channels { get; }

    /// <summary>The (odd) kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>How many times the eval-mode verified norm was computed (for tests of the cache).</summary>
    internal int VerifiedComputations => _norm.VerifiedComputations;

    /// <summary>1 in eval mode: the step 2/u² uses a verified u ≥ ‖K‖ (Meunier et al., Prop. 3).</summary>
    public override double Bound => 1.0;

    /// <summary>The verified bound u ≥ ‖K‖ the eval-mode layer divides by, for height×width inputs.</summary>
    public double VerifiedKernelNorm(long height, long width) => _norm.Verified(weight, height, width);

    /// <summary>x − (2/‖K‖²)·Kᵀ·ReLU(Kx + b) on [N, c, H, W] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        long[] pad = { KernelSize / 2, KernelSize / 2 };
        long h = input.size(2), w = input.size(3);
        using Tensor pre = nn.functional.conv2d(input, weight, bias, padding: pad);
        using Tensor active = nn.functional.relu(pre);
        using Tensor back = nn.functional.conv_transpose2d(active, weight, padding: pad);
        if (training)
        {
            using Tensor sigma = _norm.Estimate(weight, h, w);
            using Tensor square = sigma.square();
            using Tensor step = 2 / square;
            using Tensor scaled = back * step;
            return input - scaled;
        }
        double u = _norm.Verified(weight, h, w);
        using Tensor shrunk = back * (2 / (u * u));
        return input - shrunk;
    }

    /// <summary>1 for the eval-mode layer, by the proof (h = 2/u² with u the verified DFT bound of ‖K‖), for any weights.</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape) => 1.0;

    /// <summary>Power iteration on the eval-mode Jacobian at x = 0, J = I − (2/u²)KᵀDK with D = diag(1[b > 0]), in float64: ≤ the Lipschitz constant.</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        double u = VerifiedKernelNorm(inputShape[1], inputShape[2]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor p = weight.detach().to(ScalarType.Float64);
        Tensor active = bias is null ? zeros(Channels, dtype: ScalarType.Float64, device: p.device) : bias.detach().to(ScalarType.Float64).gt(0).to(ScalarType.Float64);
        Tensor d = active.view(1, -1, 1, 1) * (2 / (u * u));
        long[] pad = { KernelSize / 2, KernelSize / 2 };
        Tensor Jacobian(Tensor v) => v - nn.functional.conv_transpose2d(nn.functional.conv2d(v, p, padding: pad) * d, p, padding: pad);
        var generator = new Generator(0, p.device);
        Tensor x = randn(new[] { 1, Channels, inputShape[1], inputShape[2] }, dtype: ScalarType.Float64, device: p.device, generator: generator);
        for (int i = 0; i < iterations; i++) x = Jacobian(Jacobian(x / x.norm().clamp_min(1e-300)));
        x = x / x.norm().clamp_min(1e-300);
        return Jacobian(x).norm().ToDouble();
    }

    /// <inheritdoc />
    public string BoundMethod(IReadOnlyList<long> inputShape) => "proof: step 2/u² with u ≥ ‖K‖ the float64 DFT bound on the zero-padded torus (Meunier et al. 2022)";

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _norm?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _norm.Dispose();
        base.Dispose(disposing);
    }
}
