using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The Cayley-transform convolution in the Fourier domain (Trockman &amp; Kolter, ICLR 2021): a circular (periodic
/// boundary) convolution, channels kept, whose transfer matrix at every frequency ω of the H×W input grid is the Cayley
/// transform Q(ω) = (I + A(ω))⁻¹(I − A(ω)) of the skew-Hermitian A(ω) = P̂(ω) − P̂(ω)ᴴ, P̂ the 2-D DFT of the free
/// kernel P ([c, c, k, k]) on that grid; then + b. Orthogonal for any P and any input size.
/// </summary>
/// <remarks>
/// Q(ω) is unitary (A skew-Hermitian: its eigenvalues are imaginary, and (1 − iθ)/(1 + iθ) has modulus 1), and
/// Q(−ω) = conj(Q(ω)) because P is real, so y = IDFT(Q·DFT(x)) is real and the map is the unitary DFT, a unitary
/// block diagonal and the inverse DFT: an orthogonal map of ℝ^(c·H·W). The grid is the input's: Q is computed for the size
/// of each input (in eval mode once per size, in float64, and cached until P changes). The boundary is periodic, not
/// zero-padded: the layer mixes opposite edges of the image.
/// </remarks>
public sealed class CayleyConv2d : WeightedLayer, IVerifiedBound
{
    private readonly EvalCache _cache = new();

    /// <summary>Creates the layer: a Kaiming-uniform kernel, a zero bias.</summary>
    public CayleyConv2d(long channels, long kernelSize, bool bias = true)
        : base(nameof(CayleyConv2d), Initial.KaimingUniform(Checked(channels, kernelSize)), channels, bias)
    {
        Channels = channels;
        KernelSize = kernelSize;
    }

    private static long[] Checked(long channels, long kernelSize)
    {
        LayerArgs.Positive(channels, nameof(channels), nameof(CayleyConv2d));
        LayerArgs.Positive(kernelSize, nameof(kernelSize), nameof(CayleyConv2d));
        return new[] { channels, channels, kernelSize, kernelSize };
    }

    /// <summary>Channels (in = out).</summary>
    public long Channels { get; }

    /// <summary>The kernel size of P.</summary>
    public long KernelSize { get; }

    /// <summary>How many times the eval-mode transfer matrices were computed (for tests of the cache).</summary>
    internal int TransferComputations { get; private set; }

    /// <summary>1: the Cayley transform of a skew-Hermitian matrix is unitary at every frequency.</summary>
    public override double Bound => 1.0;

    private static ScalarType ComplexOf(ScalarType real) => real == ScalarType.Float64 ? ScalarType.ComplexFloat64 : ScalarType.ComplexFloat32;

    /// <summary>Q(ω) for every frequency of the H×W real-input DFT (rfft2's half grid), [H, W/2 + 1, c, c], in P's precision.</summary>
    public static Tensor Transfer(Tensor p, long height, long width)
    {
        using Tensor spectrum = fft.rfft2(p, s: new[] { height, width }, dim: new long[] { 2, 3 });   // [c, c, H, W/2+1]
        using Tensor blocks = spectrum.permute(2, 3, 0, 1);                                            // [H, W/2+1, c, c]
        using Tensor adjoint = blocks.transpose(2, 3).conj();
        using Tensor a = blocks - adjoint;                                                             // skew-Hermitian
        using Tensor eye = torch.eye(p.size(0), dtype: ComplexOf(p.dtype), device: p.device);
        using Tensor plus = eye + a;
        using Tensor minus = eye - a;
        return linalg.solve(plus, minus);                                                              // (I + A)⁻¹(I − A)
    }

    /// <summary>IDFT(Q·DFT(x)) + b on [N, c, H, W] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        long h = input.size(2), w = input.size(3);
        using Tensor q = TransferFor(h, w, input.dtype);
        using Tensor spectrum = fft.rfft2(input);                      // [N, c, H, W/2+1]
        using Tensor columns = spectrum.permute(2, 3, 1, 0);          // [H, W/2+1, c, N]
        using Tensor mixed = q.matmul(columns);
        using Tensor back = mixed.permute(3, 2, 0, 1);                // [N, c, H, W/2+1]
        Tensor y = fft.irfft2(back, s: new[] { h, w });
        if (bias is null) return y;
        using (y)
        {
            using Tensor b = bias.view(1, -1, 1, 1);
            return y + b;
        }
    }

    /// <summary>Q for the size: with autograd while training; in eval mode computed in float64 once per size and P, then cast.</summary>
    private Tensor TransferFor(long height, long width, ScalarType inputType)
    {
        if (training)
        {
            _cache.Invalidate();
            return Transfer(weight, height, width);
        }
        if (!_cache.TryGet(weight, height, width, out Tensor? cached))
        {
            using (no_grad())
            using (NewDisposeScope())
            {
                using Tensor p64 = weight.detach().to(ScalarType.Float64);
                using Tensor q64 = Transfer(p64, height, width);
                _cache.Store(weight, height, width, q64.to(ComplexOf(weight.dtype)).DetachFromDisposeScope());
            }
            TransferComputations++;
            _cache.TryGet(weight, height, width, out cached);
        }
        if (cached!.dtype == ComplexOf(inputType)) return cached;
        using (cached) return cached.to(ComplexOf(inputType));
    }

    /// <summary>
    /// The largest singular value over the frequencies of the H×W grid of the float64 transfer matrices, plus
    /// <see cref="Estimation.OperatorNorm.RelativeMargin"/>: the norm of the layer's linear map (1 up to rounding).
    /// </summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor p = weight.detach().to(ScalarType.Float64).cpu();
        Tensor q = Transfer(p, inputShape[1], inputShape[2]);
        return linalg.svdvals(q).max().ToDouble() * (1 + Estimation.OperatorNorm.RelativeMargin);
    }

    /// <summary>Power iteration on the linear map (float64, through its transfer matrices): ≤ its norm.</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long h = inputShape[1], w = inputShape[2];
        Tensor q = Transfer(weight.detach().to(ScalarType.Float64), h, w);
        Tensor qh = q.transpose(2, 3).conj();
        Tensor Apply(Tensor m, Tensor v) => fft.irfft2(m.matmul(fft.rfft2(v).permute(2, 3, 1, 0)).permute(3, 2, 0, 1), s: new[] { h, w });
        var generator = new Generator(0, q.device);
        Tensor x = randn(new[] { 1, Channels, h, w }, dtype: ScalarType.Float64, device: q.device, generator: generator);
        for (int i = 0; i < iterations; i++) x = Apply(qh, Apply(q, x / x.norm().clamp_min(1e-300)));
        x = x / x.norm().clamp_min(1e-300);
        return Apply(q, x).norm().ToDouble();
    }

    /// <inheritdoc />
    public string BoundMethod(IReadOnlyList<long> inputShape) => "float64 Cayley transform per frequency of the periodic H×W grid, SVD per frequency";

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _cache?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _cache.Dispose();
        base.Dispose(disposing);
    }
}
