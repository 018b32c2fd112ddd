using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// Block convolution orthogonal parameterisation (Li et al., NeurIPS 2019): a k×k kernel (k odd, channels kept) built as
/// H₀ ⊛ B(P₁, Q₁) ⊛ … ⊛ B(P_{k−1}, Q_{k−1}), with H₀ an orthogonal c×c matrix (the 1×1 tap), B(P, Q) the 1×2 kernel
/// [P, I − P] composed with the 2×1 kernel [Q; I − Q], and P, Q symmetric projectors VVᵀ; the orthogonal factors come
/// from free matrices by Björck orthogonalisation. Stride 1, 'same' zero padding. In eval mode the kernel is divided by
/// its verified DFT bound for the input's size: the Björck step is approximate, the division makes the eval-mode layer
/// 1-Lipschitz by construction.
/// </summary>
/// <remarks>
/// With exact projectors each block's transfer function is P + (I − P)e^{iω} (unitary for every ω) and H₀ is
/// orthogonal, so the composed kernel is paraunitary: the circular convolution on any torus is orthogonal and the
/// convolution on ℤ² is an isometry. Zero padding crops it: on an H×W image the norm is ≤ 1, but singular values below
/// 1 appear at the borders (the tests measure both). Björck leaves ‖VᵀV − I‖ at rounding level only after enough steps;
/// the eval-mode division by the verified bound covers whatever remains.
/// </remarks>
public sealed class BcopConv2d : WeightedLayer, IVerifiedBound
{
    /// <summary>Björck steps in a training forward (float32 or the parameters' dtype).</summary>
    internal const int TrainingSteps = 30;

    /// <summary>Björck steps for the eval-mode kernel (float64).</summary>
    internal const int EvalSteps = 60;

    [ComponentName(Name = "projectors")]
    private Parameter? _projectors;

    private readonly EvalCache _cache = new();

    /// <summary>Creates the layer: H₀ and the 2(k−1) projector factors orthogonally initialised; a zero bias.</summary>
    public BcopConv2d(long channels, long kernelSize, bool bias = true)
        : base(nameof(BcopConv2d), InitialMatrix(channels, kernelSize), channels, bias)
    {
        Channels = channels;
        KernelSize = kernelSize;
        Rank = Math.Max(1, channels / 2);
        using (no_grad())
        {
            Tensor p = empty(2 * (kernelSize - 1), channels, Rank);
            for (long i = 0; i < p.size(0); i++)
            {
                using Tensor slice = p[i];
                nn.init.orthogonal_(slice);
            }
            projectors = new Parameter(p);
        }
    }

    private static Tensor InitialMatrix(long channels, long kernelSize)
    {
        LayerArgs.Positive(channels, nameof(channels), nameof(BcopConv2d));
        LayerArgs.OddKernel(kernelSize, nameof(BcopConv2d));
        using (no_grad())
        {
            Tensor h = empty(channels, channels);
            nn.init.orthogonal_(h);
            return h;
        }
    }

    /// <summary>The free matrices of the projectors, [2(k−1), c, r]: V = Björck(M), P = VVᵀ (rows: P₁, Q₁, P₂, Q₂, …).</summary>
    public Parameter projectors
    {
        get => _projectors!;
        set => SetParameter(ref _projectors, value, "projectors");
    }

    /// <summary>Channels (in = out).</summary>
    public long Channels { get; }

    /// <summary>The (odd) kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>The projectors' rank r = max(1, ⌊c/2⌋).</summary>
    public long Rank { get; }

    /// <summary>1 in eval mode: the kernel is divided by its verified DFT bound.</summary>
    public override double Bound => 1.0;

    /// <summary>
    /// Björck orthogonalisation of the last two dimensions: M/‖M‖_F, then V ← V(3I − VᵀV)/2, <paramref name="steps"/> times;
    /// converges to the orthogonal polar factor of M (orthonormal columns).
    /// </summary>
    internal static Tensor Bjorck(Tensor m, int steps)
    {
        using Tensor frob = m.square().sum(new long[] { -2, -1 }, keepdim: true).sqrt().clamp_min(1e-30);
        Tensor v = m / frob;
        using Tensor eye = torch.eye(m.size(-1), dtype: m.dtype, device: m.device);
        for (int i = 0; i < steps; i++)
        {
            using Tensor gram = v.transpose(-2, -1).matmul(v);
            using Tensor factor = (eye * 3 - gram) * 0.5;
            using Tensor old = v;
            v = old.matmul(factor);
        }
        return v;
    }

    /// <summary>The composed k×k kernel, [c, c, k, k], from H₀ and the projectors after <paramref name="steps"/> Björck steps.</summary>
    internal static Tensor Kernel(Tensor h0, Tensor factors, int steps, bool orthogonalise = true)
    {
        long c = h0.size(0);
        using var scope = NewDisposeScope();
        Tensor h = orthogonalise ? Bjorck(h0, steps) : h0.alias();
        Tensor v = orthogonalise ? Bjorck(factors, steps) : factors.alias();
        Tensor p = v.matmul(v.transpose(-2, -1));                       // [2(k−1), c, c] symmetric projectors
        Tensor eye = torch.eye(c, dtype: h0.dtype, device: h0.device);
        Tensor kernel = h.view(c, c, 1, 1);
        for (long b = 0; b < factors.size(0); b++)
        {
            Tensor pb = p[b];
            Tensor rest = eye - pb;
            Tensor tap = b % 2 == 0
                ? stack(new[] { pb, rest }, 2).view(c, c, 1, 2)              // 1×2: [P, I − P]
                : stack(new[] { pb, rest }, 2).view(c, c, 2, 1);             // 2×1: [Q; I − Q]
            kernel = Compose(kernel, tap);
        }
        return kernel.MoveToOuterDisposeScope();
    }

    /// <summary>The kernel of conv_A ∘ conv_B (cross-correlations on ℤ²): C_u = Σ_{s+t=u} A_s·B_t, [c, c, ha + hb − 1, wa + wb − 1].</summary>
    internal static Tensor Compose(Tensor a, Tensor b)
    {
        long hb = b.size(2), wb = b.size(3);
        // C = A ⊛ B as a full 2-D convolution over the taps with matrix products over channels: conv2d of A (channels
        // as batch) with the flipped B, padded to the full size.
        using Tensor bt = b.permute(1, 0, 2, 3).flip(2, 3);                        // [in_b→out_b swapped, taps reversed]
        using Tensor full = nn.functional.conv2d(a, bt, padding: new[] { hb - 1, wb - 1 }); // [out_a, in_b, …]
        return full.alias();
    }

    /// <summary>conv(x, K) + b with 'same' padding; in eval mode K divided by its verified bound for the input's size.</summary>
    public override Tensor forward(Tensor input)
    {
        long[] pad = { KernelSize / 2, KernelSize / 2 };
        using Tensor k = training ? Kernel(weight, projectors, TrainingSteps) : EvalKernel(input.size(2), input.size(3));
        return nn.functional.conv2d(input, k, bias, padding: pad);
    }

    /// <summary>The eval-mode kernel for height×width inputs: float64 Björck, divided by its verified DFT bound, cached.</summary>
    internal Tensor EvalKernel(long height, long width)
    {
        using (no_grad())
        {
            using Tensor key = cat(new[] { weight.detach().reshape(-1), projectors.detach().reshape(-1) }, 0);
            if (_cache.TryGet(key, height, width, out Tensor? cached)) return cached!;
            using (NewDisposeScope())
            {
                Tensor k = Kernel(weight.detach().to(ScalarType.Float64), projectors.detach().to(ScalarType.Float64), EvalSteps);
                double u = Estimation.OperatorNorm.ConvUpper(k, 1, KernelSize / 2, height, width);
                Tensor scaled = (k / u).to(weight.dtype);
                _cache.Store(key, height, width, scaled.DetachFromDisposeScope());
            }
            _cache.TryGet(key, height, width, out cached);
            return cached!;
        }
    }

    /// <summary>The DFT bound of the eval-mode convolution on inputs of <paramref name="inputShape"/>: ≤ 1 up to the bound's margin.</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape)
    {
        using Tensor k = EvalKernel(inputShape[1], inputShape[2]);
        return Estimation.OperatorNorm.ConvUpper(k, 1, KernelSize / 2, inputShape[1], inputShape[2]);
    }

    /// <inheritdoc />
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        using Tensor k = EvalKernel(inputShape[1], inputShape[2]);
        return Estimation.OperatorNorm.ConvPowerIteration(k, 1, KernelSize / 2, inputShape[1], inputShape[2], iterations);
    }

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _cache?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _cache.Dispose();
        base.Dispose(disposing);
    }
}
