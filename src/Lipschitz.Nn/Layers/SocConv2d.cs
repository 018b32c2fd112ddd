using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// The skew-orthogonal convolution (Singla &amp; Feizi, ICML 2021): y = exp(A)·x + b with A = K − Kᵀ skew-symmetric
/// (K the stride-1 'same'-padded convolution with the free kernel P, [c, c, k, k]; A is the convolution with
/// P − flip(Pᵀ)), computed by the truncated series Σ_{j≤T} Aʲx/j!. A is shrunk so that ‖A‖ ≤ r (<c>maxNorm</c>), and in
/// eval mode the output is divided by 1 + e^ρ·ρ^(T+1)/(T+1)!, ρ the verified norm of the shrunk A: 1-Lipschitz by
/// construction, and orthogonal to within that factor.
/// </summary>
/// <remarks>
/// The plain truncated series is not orthogonal: on an eigenvector of A with eigenvalue iθ, T = 2 gives
/// |1 + iθ − θ²/2|² = 1 + θ⁴/4 &gt; 1 (SOC's known flaw). Here: A is exactly skew-symmetric on zero-padded images
/// (conv_transpose2d is the exact adjoint), so exp(A) is orthogonal, and ‖S_T(A) − exp(A)‖ ≤ Σ_{j&gt;T} ‖A‖ʲ/j!
/// ≤ e^ρ·ρ^(T+1)/(T+1)! (Taylor's remainder) for any ρ ≥ ‖A‖; hence ‖S_T(A)‖ ≤ 1 + that tail. In eval mode ρ is
/// s·u with u ≥ ‖A‖ the verified DFT bound and s = min(1, r/u) the shrink; while training u is a power-iteration estimate
/// and the output is not divided (the layer is then within the tail of orthogonal, not certified).
/// </remarks>
public sealed class SocConv2d : WeightedLayer, IVerifiedBound
{
    private readonly ConvNormTracker _norm = new();

    /// <summary>Creates the layer: a Kaiming-uniform kernel, a zero bias.</summary>
    public SocConv2d(long channels, long kernelSize, long terms = 12, double maxNorm = 1.0, bool bias = true)
        : base(nameof(SocConv2d), Initial.KaimingUniform(Checked(channels, kernelSize, terms, maxNorm)), channels, bias)
    {
        Channels = channels;
        KernelSize = kernelSize;
        Terms = terms;
        MaxNorm = maxNorm;
    }

    private static long[] Checked(long channels, long kernelSize, long terms, double maxNorm)
    {
        LayerArgs.Positive(channels, nameof(channels), nameof(SocConv2d));
        LayerArgs.OddKernel(kernelSize, nameof(SocConv2d));
        LayerArgs.Positive(terms, nameof(terms), nameof(SocConv2d));
        if (!(maxNorm > 0 && maxNorm <= 8)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "SocConv2d: maxNorm must be in (0, 8]");
        return new[] { channels, channels, kernelSize, kernelSize };
    }

    /// <summary>Channels (in = out).</summary>
    public long Channels { get; }

    /// <summary>The (odd) kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>T: the series stops at A^T/T!.</summary>
    public long Terms { get; }

    /// <summary>r: A is shrunk to ‖A‖ ≤ r.</summary>
    public double MaxNorm { get; }

    /// <summary>1 in eval mode: exp(A) is orthogonal and the output is divided by 1 + the series' verified tail.</summary>
    public override double Bound => 1.0;

    /// <summary>The kernel of A = K − Kᵀ: P − flip(Pᵀ) (channels swapped, taps reversed), [c, c, k, k].</summary>
    public Tensor SkewKernel() => Skew(weight);

    private static Tensor Skew(Tensor p)
    {
        using Tensor pt = p.transpose(0, 1);
        using Tensor flipped = pt.flip(2, 3);
        return p - flipped;
    }

    /// <summary>Σ_{j≤T} Aʲx/j! with A the convolution by <paramref name="kernel"/> (zero padding k/2).</summary>
    internal static Tensor Series(Tensor input, Tensor kernel, long terms)
    {
        long[] pad = ConvNormTracker.Same(kernel);
        Tensor sum = input.alias();
        Tensor term = input.alias();
        for (long j = 1; j <= terms; j++)
        {
            using Tensor next = nn.functional.conv2d(term, kernel, padding: pad);
            term.Dispose();
            term = next / j;
            using Tensor old = sum;
            sum = old + term;
        }
        term.Dispose();
        return sum;
    }

    /// <summary>e^ρ·ρ^(T+1)/(T+1)!: Taylor's bound of Σ_{j&gt;T} ρʲ/j!.</summary>
    public static double Tail(double rho, long terms)
    {
        double t = Math.Exp(rho);
        for (long j = 1; j <= terms + 1; j++) t *= rho / j;
        return t;
    }

    /// <summary>The shrink s = min(1, r/u) and the eval-mode divisor 1 + tail(s·u) for height×width inputs (u: verified ‖A‖).</summary>
    public (double Shrink, double Divisor) EvalScaling(long height, long width)
    {
        using (no_grad())
        {
            using Tensor q = SkewKernel();
            double u = _norm.Verified(q, height, width);
            double s = u > MaxNorm ? MaxNorm / u : 1.0;
            return (s, 1 + Tail(s * u, Terms));
        }
    }

    /// <summary>exp(A)x + b by the truncated series, divided by 1 + tail in eval mode, on [N, c, H, W] inputs.</summary>
    public override Tensor forward(Tensor input)
    {
        long h = input.size(2), w = input.size(3);
        using Tensor q = SkewKernel();
        Tensor y;
        if (training)
        {
            using Tensor u = _norm.Estimate(q, h, w);
            using Tensor s = (MaxNorm / u).clamp_max(1.0);
            using Tensor shrunk = q * s;
            y = Series(input, shrunk, Terms);
        }
        else
        {
            var (s, divisor) = EvalScaling(h, w);
            using Tensor shrunk = q * s;
            using Tensor series = Series(input, shrunk, Terms);
            y = series / divisor;
        }
        if (bias is null) return y;
        using (y)
        {
            using Tensor b = bias.view(1, -1, 1, 1);
            return y + b;
        }
    }

    /// <summary>1 for the eval-mode layer, by the proof (exp(A) orthogonal, Taylor's tail with the verified ‖A‖ divided out).</summary>
    public double VerifiedBound(IReadOnlyList<long> inputShape) => 1.0;

    /// <summary>Power iteration on the eval-mode layer's linear map in float64 (it is linear): ≤ its norm.</summary>
    public double PowerIteration(IReadOnlyList<long> inputShape, int iterations)
    {
        var (s, divisor) = EvalScaling(inputShape[1], inputShape[2]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor q = Skew(weight.detach().to(ScalarType.Float64)) * s;
        Tensor Map(Tensor v) => Series(v, q, Terms) / divisor;
        Tensor Adjoint(Tensor v)
        {
            using Tensor qt = q.transpose(0, 1).flip(2, 3); // the adjoint of a 'same' convolution: the flipped, transposed kernel
            return Series(v, qt, Terms) / divisor;
        }
        var generator = new Generator(0, q.device);
        Tensor x = randn(new[] { 1, Channels, inputShape[1], inputShape[2] }, dtype: ScalarType.Float64, device: q.device, generator: generator);
        for (int i = 0; i < iterations; i++) x = Adjoint(Map(x / x.norm().clamp_min(1e-300)));
        x = x / x.norm().clamp_min(1e-300);
        return Map(x).norm().ToDouble();
    }

    /// <inheritdoc />
    public string BoundMethod(IReadOnlyList<long> inputShape) => "proof: exp(A) orthogonal; the truncated series divided by 1 + Taylor's tail at the float64 DFT bound of ‖A‖";

    /// <inheritdoc />
    private protected override void OnParametersReplaced() => _norm?.Invalidate();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _norm.Dispose();
        base.Dispose(disposing);
    }
}
