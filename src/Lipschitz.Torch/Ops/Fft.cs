namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Normalisation of a discrete Fourier transform (PyTorch's norm argument).</summary>
    public enum FFTNormType
    {
        /// <summary>No scaling forward, 1/n on the inverse ("backward").</summary>
        Backward = 0,
        /// <summary>1/n forward, none on the inverse ("forward").</summary>
        Forward = 1,
        /// <summary>1/√n both ways ("ortho").</summary>
        Ortho = 2,
    }

    /// <summary>
    /// Discrete Fourier transforms (torch.fft). C# forbids a member named like its enclosing class
    /// (CS0542), so the one-dimensional transform torch.fft.fft is spelled <see cref="fft.fft_"/>, as in TorchSharp.
    /// </summary>
    public static partial class fft
    {
        private static readonly Op s_fft = Op.Of("aten::fft_fft"), s_ifft = Op.Of("aten::fft_ifft");
        private static readonly Op s_rfft = Op.Of("aten::fft_rfft"), s_irfft = Op.Of("aten::fft_irfft");
        private static readonly Op s_fft2 = Op.Of("aten::fft_fft2"), s_ifft2 = Op.Of("aten::fft_ifft2");
        private static readonly Op s_rfft2 = Op.Of("aten::fft_rfft2"), s_irfft2 = Op.Of("aten::fft_irfft2");
        private static readonly Op s_fftn = Op.Of("aten::fft_fftn"), s_ifftn = Op.Of("aten::fft_ifftn");
        private static readonly Op s_rfftn = Op.Of("aten::fft_rfftn"), s_irfftn = Op.Of("aten::fft_irfftn");
        private static readonly Op s_fftshift = Op.Of("aten::fft_fftshift"), s_ifftshift = Op.Of("aten::fft_ifftshift");

        private static string Norm(FFTNormType norm) => norm switch
        {
            FFTNormType.Forward => "forward",
            FFTNormType.Ortho => "ortho",
            _ => "backward",
        };

        private static Arg N(long n) => n < 0 ? Arg.None : (Arg)n;

        /// <summary>One-dimensional DFT along <paramref name="dim"/> (torch.fft.fft; renamed because of CS0542), n = −1 keeps the length.</summary>
        public static Tensor fft_(Tensor input, long n = -1, long dim = -1, FFTNormType norm = FFTNormType.Backward) => s_fft.Call(input, N(n), dim, Norm(norm));
        /// <summary>One-dimensional inverse DFT.</summary>
        public static Tensor ifft(Tensor input, long n = -1, long dim = -1, FFTNormType norm = FFTNormType.Backward) => s_ifft.Call(input, N(n), dim, Norm(norm));
        /// <summary>One-dimensional DFT of a real signal (the n/2 + 1 non-negative frequencies).</summary>
        public static Tensor rfft(Tensor input, long n = -1, long dim = -1, FFTNormType norm = FFTNormType.Backward) => s_rfft.Call(input, N(n), dim, Norm(norm));
        /// <summary>Inverse of rfft: a real signal of length n (default 2·(m − 1)).</summary>
        public static Tensor irfft(Tensor input, long n = -1, long dim = -1, FFTNormType norm = FFTNormType.Backward) => s_irfft.Call(input, N(n), dim, Norm(norm));
        /// <summary>Two-dimensional DFT over the last two dimensions (or <paramref name="dim"/>); s pads or trims.</summary>
        public static Tensor fft2(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) =>
            s_fft2.Call(input, s, dim ?? new[] { -2L, -1L }, Norm(norm));
        /// <summary>Two-dimensional inverse DFT.</summary>
        public static Tensor ifft2(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) =>
            s_ifft2.Call(input, s, dim ?? new[] { -2L, -1L }, Norm(norm));
        /// <summary>Two-dimensional DFT of a real signal (last dimension halved to n/2 + 1).</summary>
        public static Tensor rfft2(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) =>
            s_rfft2.Call(input, s, dim ?? new[] { -2L, -1L }, Norm(norm));
        /// <summary>Inverse of rfft2; pass <paramref name="s"/> to recover odd sizes.</summary>
        public static Tensor irfft2(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) =>
            s_irfft2.Call(input, s, dim ?? new[] { -2L, -1L }, Norm(norm));
        /// <summary>N-dimensional DFT over <paramref name="dim"/> (all when null).</summary>
        public static Tensor fftn(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) => s_fftn.Call(input, s, dim, Norm(norm));
        /// <summary>N-dimensional inverse DFT.</summary>
        public static Tensor ifftn(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) => s_ifftn.Call(input, s, dim, Norm(norm));
        /// <summary>N-dimensional DFT of a real signal.</summary>
        public static Tensor rfftn(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) => s_rfftn.Call(input, s, dim, Norm(norm));
        /// <summary>Inverse of rfftn.</summary>
        public static Tensor irfftn(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) => s_irfftn.Call(input, s, dim, Norm(norm));
        /// <summary>Moves the zero frequency to the centre.</summary>
        public static Tensor fftshift(Tensor input, long[]? dim = null) => s_fftshift.Call(input, dim);
        /// <summary>Inverse of fftshift.</summary>
        public static Tensor ifftshift(Tensor input, long[]? dim = null) => s_ifftshift.Call(input, dim);
    }

    private static readonly Op s_viewAsReal = Op.Of("aten::view_as_real"), s_viewAsComplex = Op.Of("aten::view_as_complex"), s_complex = Op.Of("aten::complex");

    /// <summary>A complex tensor from real and imaginary parts of the same float type.</summary>
    public static Tensor complex(Tensor real, Tensor imag) => s_complex.Call(real, imag);
    /// <summary>A real view of a complex tensor with a trailing dimension of 2 (real, imaginary).</summary>
    public static Tensor view_as_real(Tensor input) => s_viewAsReal.Call(input);
    /// <summary>A complex view of a real tensor whose last dimension is 2.</summary>
    public static Tensor view_as_complex(Tensor input) => s_viewAsComplex.Call(input);

    public partial class Tensor
    {
        private static readonly Op s_real = Op.Of("aten::real"), s_imag = Op.Of("aten::imag"), s_resolveConj = Op.Of("aten::resolve_conj");

        /// <summary>The values with a pending lazy conjugation applied (itself, as a new wrapper, when there is none).</summary>
        public Tensor resolve_conj() => s_resolveConj.Call(this);

        /// <summary>The real part (a view for complex tensors; the tensor itself for real ones).</summary>
        public Tensor real => s_real.Call(this);
        /// <summary>The imaginary part of a complex tensor (a view).</summary>
        public Tensor imag => s_imag.Call(this);
    }
}
