using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The SDP-based Lipschitz layer as a convolution (Araujo et al., ICLR 2023): x ↦ x − 2·K·T⁻¹·ReLU(Kᵀx + b), with K the
/// stride-1 'same'-padded convolution with the free kernel P ([c, c, k, k], channels preserved), Kᵀ its adjoint
/// (conv_transpose2d with the same kernel and padding) and T = diag(t) over channels with
/// t_i = Σ_j ‖(KᵀK)_ij‖₁ q_j / q_i, the kernel of KᵀK being P's self-correlation and q = exp(log_q) learned.
/// 1-Lipschitz for any P, b, q.
/// </summary>
/// <remarks>
/// Why it holds, with zero padding: on H×W images K = R·K∞·E (E embeds the image into ℤ² with zeros, R restricts to the
/// window, RᵀR ⪯ I), so KᵀK ⪯ Eᵀ·K∞ᵀK∞·E, whose entries are the self-correlation's taps; the Schur test with the
/// positive weights q (constant per channel) gives K∞ᵀK∞ ⪯ diag(t) on ℤ², hence KᵀK ⪯ T on the image. Then Araujo et
/// al.'s Theorem 3 (T ⪰ WᵀW with W = K) makes the layer 1-Lipschitz: a difference of outputs is (I − 2KT⁻¹DKᵀ)(x − y)
/// with D diagonal in [0, 1] (ReLU's difference quotients), and 0 ⪯ 2KT⁻¹DKᵀ ⪯ 2I because T^(-1/2)KᵀKT^(-1/2) ⪯ I.
/// An ε added to t only enlarges T, which keeps T ⪰ KᵀK.
/// </remarks>
public sealed class SllConv2d : WeightedLayer, IVerifiedBound
{
    /// <summary>Added to every t_i (a zero kernel column would make t_i zero); larger t keeps the proof valid.</summary>
    internal const double Epsilon = 1e-12;

    [ComponentName(Name = "log_q")]
    private Parameter? _logQ;

    private readonly EvalCache _cache = new();

    /// <summary>Creates the layer: a Kaiming-uniform kernel, a uniform bias (±1/√(c·k²)) and log q = 0.</summary>
    public SllConv2d(long channels, long kernelSize, bool bias = true)
        : base(nameof(SllConv2d), Initial.KaimingUniform(Checked(channels, kernelSize)), channels, bias)
    {
        Channels = channels;
        KernelSize = kernelSize;
        if (this.bias is not null) Initial.UniformBias(this.bias, channels * kernelSize * kernelSize);
        using (no_grad()) log_q = new Parameter(zeros(channels));
    }

    private static long[] Checked(long channels, long kernelSize)
    {
        LayerArgs.Positive(channels, nameof(channels), nameof(SllConv2d));
        LayerArgs.OddKernel(kernelSize, nameof(SllConv2d));
        return new[] { channels, channels, kernelSize, kernelSize };
    }

    /// <summary>The logarithms of the Schur-test weights q, one per channel.</summary>
    public Parameter log_q
    {
        get => _logQ!;
        set => SetParameter(ref _logQ, value, "log_q");
    }

    /// <summary>Channels (in = out).</summary>
    public long Channels { get; }

    /// <summary>The (odd) kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>1: Araujo et al.'s Theorem 3 with T ⪰ KᵀK, for any parameters.</summary>
    public override double Bound => 1.0;

    /// <summary>The diagonal t of T, [c], from the current kernel and q (with autograd when parameters require it).</summary>
    public Tensor Scales() => Scales(weight, log_q);

    /// <summary>t_i = Σ_j ‖corr_ij‖₁ q_j / q_i + ε, with corr = P's self-correlation over input channels ([c, c, 2k−1, 2k−1]).</summary>
    internal static Tensor Scales(Tensor p, Tensor logQ)
    {
        long k = p.size(2);
        using Tensor pt = p.transpose(0, 1);
        using Tensor corr = nn.functional.conv2d(pt, pt, padding: new[] { k - 1, k - 1 });  // KᵀK's kernel, [c, c, 2k−1, 2k−1]
        using Tensor abs = corr.abs();
        using Tensor mass = abs.sum(new long[] { 2, 3 });                                   // ‖corr_ij‖₁
        using Tensor q = logQ.exp();
        using Tensor weighted = mass.matmul(q);                                             // Σ_j ‖corr_ij‖₁ q_j
        using Tensor ratio = weighted / q;
        return ratio + Epsilon;
    }

    /// <summary>How many times the eval-mode scales were computed (for tests of the cache).</summary>
    internal int ScaleComputations { get; private set; }

    /// <summary>x − 2·K·T⁻¹·ReLU(Kᵀx + b) on [N, c, H, W] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        long[] pad = { KernelSize / 2, KernelSize / 2 };
        using Tensor scale = training ? ChannelScale() : CachedChannelScale();
        using Tensor pre = nn.functional.conv_transpose2d(input, weight, bias, padding: pad);   // Kᵀx + b
        using Tensor active = nn.functional.relu(pre);
        using Tensor scaled = active * scale;
        using Tensor back = nn.functional.conv2d(scaled, weight, padding: pad);                 // K·2T⁻¹·σ(…)
        return input - back;
    }

    /// <summary>2/t as [1, c, 1, 1].</summary>
    private Tensor ChannelScale()
    {
        using Tensor t = Scales();
        using Tensor inverse = t.reciprocal();
        return inverse.view(1, -1, 1, 1) * 2;
    }

    /// <summary>2/t computed without autograd and kept while the kernel and q are unchanged (eval mode).</summary>
    private Tensor CachedChannelScale()
    {
        using (no_grad())
        {
            using Tensor key = cat(new[] { weight.detach().reshape(-1), log_q.detach().reshape(-1) }, 0);
            if (!_cache.TryGet(key, 0, 0, out Tensor? cached))
            {
                using (NewDisposeScope()) _cache.Store(key, 0, 0, ChannelScale().DetachFromDisposeScope());
                ScaleComputations++;
                _cache.TryGet(key, 0, 0, out cached);
            }
            return cached!;
        }
    }

    /// <summary>1, by the proof (Araujo et al.'s Theorem 3 with T ⪰ KᵀK from the Schur test), for any weights and input size.</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape) => 1.0;

    /// <summary>
    /// Power iteration on the Jacobian at x = 0, J = I − 2KT⁻¹DKᵀ with D = diag(1[b > 0]) (symmetric), in float64:
    /// the norm of a Jacobian the layer has, so ≤ its Lipschitz constant.
    /// </summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor p = weight.detach().to(ScalarType.Float64);
        Tensor t = Scales(p, log_q.detach().to(ScalarType.Float64));
        Tensor active = bias is null ? zeros(Channels, dtype: ScalarType.Float64, device: p.device) : bias.detach().to(ScalarType.Float64).gt(0).to(ScalarType.Float64);
        Tensor scale = (active / t * 2).view(1, -1, 1, 1);
        long[] pad = { KernelSize / 2, KernelSize / 2 };
        Tensor Jacobian(Tensor v) => v - nn.functional.conv2d(nn.functional.conv_transpose2d(v, p, padding: pad) * scale, p, padding: pad);
        var generator = new Generator(0, p.device);
        Tensor x = randn(new[] { 1, Channels, inputShape[1], inputShape[2] }, dtype: ScalarType.Float64, device: p.device, generator: generator);
        for (int i = 0; i < iterations; i++) x = Jacobian(Jacobian(x / x.norm().clamp_min(1e-300)));
        x = x / x.norm().clamp_min(1e-300);
        return Jacobian(x).norm().ToDouble();
    }

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _cache?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _cache.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public string BoundMethod(IReadOnlyList<long> inputShape) => "proof: T ⪰ KᵀK by the Schur test on the kernel's self-correlation (Araujo et al. 2023, Thm 3), for any weights";
}
