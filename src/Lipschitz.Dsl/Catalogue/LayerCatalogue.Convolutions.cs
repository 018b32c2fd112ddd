using System.Collections.Generic;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of the 1-Lipschitz convolution families besides AOL (SLL, CPL, SOC, BCOP, Cayley, spectral normalisation), in docs order.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> ConvolutionFamilies() => new[]
    {
        new LayerKindInfo
        {
            Key = "sll_conv2d", AttributeName = "SllConv2d", RuntimeType = "Layers.SllConv2d", FieldPrefix = "sll",
            Doc = "SDP-based Lipschitz residual convolution (Araujo et al. 2023): x − 2·K·T⁻¹·ReLU(Kᵀx + b), channels kept, stride 1, 'same' zero padding",
            Params = EquatableArray.Of(SameKernel("sll_conv2d"), Bias),
            InputArgument = "channels", ShapeText = "[channels, h, w] → [channels, h, w]",
            Shape = SameImage,
            ParameterCount = c => SquareKernelParameters(c) + c.Input[0],
            Bound = BoundRule.One("T = diag(Σⱼ‖(KᵀK)ᵢⱼ‖₁ qⱼ/qᵢ) ⪰ KᵀK (Schur test), so x − 2KT⁻¹σ(Kᵀx + b) is 1-Lipschitz (Araujo et al., Thm 3)"),
            Sample = new(Shape(2, 6, 6), "kernel: 3"),
        },
        new LayerKindInfo
        {
            Key = "cpl_conv2d", AttributeName = "CplConv2d", RuntimeType = "Layers.CplConv2d", FieldPrefix = "cpl",
            Doc = "convex potential convolution (Meunier et al. 2022): x − (2/‖K‖²)·Kᵀ·ReLU(Kx + b), channels kept, stride 1, 'same' zero padding; ‖K‖ by power iteration while training, the verified DFT bound for the input's size in eval mode",
            Params = EquatableArray.Of(SameKernel("cpl_conv2d"), Bias),
            InputArgument = "channels", ShapeText = "[channels, h, w] → [channels, h, w]",
            Shape = SameImage,
            ParameterCount = SquareKernelParameters,
            Bound = BoundRule.One("eval mode: step 2/u² with u ≥ ‖K‖ the verified DFT bound, so I − (2/u²)KᵀDK has eigenvalues in [−1, 1] (Meunier et al.)"),
            Sample = new(Shape(2, 6, 6), "kernel: 3"),
        },
        new LayerKindInfo
        {
            Key = "soc_conv2d", AttributeName = "SocConv2d", RuntimeType = "Layers.SocConv2d", FieldPrefix = "soc",
            Doc = "skew-orthogonal convolution (Singla & Feizi 2021): exp(A)·x + b, A = K − Kᵀ shrunk to ‖A‖ ≤ max_norm, by the series Σⱼ≤T Aʲx/j!, divided in eval mode by 1 + its verified tail; channels kept, stride 1, 'same' zero padding",
            Params = EquatableArray.Of(
                SameKernel("soc_conv2d"),
                ParamDef.Integer("terms", "T: the last power of A in the series", 12, 1, 30).Runtime("terms"),
                ParamDef.Number("max_norm", "r: A is shrunk to ‖A‖ ≤ r", 1.0, new ValueRange(0, true, 8, false)).Runtime("maxNorm"),
                Bias),
            InputArgument = "channels", ShapeText = "[channels, h, w] → [channels, h, w]",
            Shape = SameImage,
            ParameterCount = SquareKernelParameters,
            Bound = BoundRule.One("eval mode: exp(A) is orthogonal and ‖Σⱼ≤T Aʲ/j!‖ ≤ 1 + e^ρ·ρ^(T+1)/(T+1)! with ρ ≥ ‖A‖ the verified DFT bound; the output is divided by that"),
            Sample = new(Shape(2, 6, 6), "kernel: 3, terms: 8"),
        },
        new LayerKindInfo
        {
            Key = "bcop_conv2d", AttributeName = "BcopConv2d", RuntimeType = "Layers.BcopConv2d", FieldPrefix = "bcop",
            Doc = "block convolution orthogonal parameterisation (Li et al. 2019): a k×k kernel composed of an orthogonal 1×1 tap and k − 1 pairs of 1×2 / 2×1 projector blocks [P, I − P] (Björck), channels kept, stride 1, 'same' zero padding; in eval mode divided by its verified DFT bound",
            Params = EquatableArray.Of(SameKernel("bcop_conv2d"), Bias),
            InputArgument = "channels", ShapeText = "[channels, h, w] → [channels, h, w]",
            Shape = SameImage,
            ParameterCount = c =>
            {
                long ch = c.Input[0], k = c.Params.Integer("kernel"), rank = System.Math.Max(1, ch / 2);
                return Count((double)ch * ch + 2.0 * (k - 1) * ch * rank + (c.Params.Boolean("bias") ? ch : 0));
            },
            Bound = BoundRule.One("eval mode: the (paraunitary up to Björck's error) kernel is divided by its verified DFT bound for the input's size"),
            Sample = new(Shape(2, 6, 6), "kernel: 3"),
        },
        new LayerKindInfo
        {
            Key = "cayley_conv2d", AttributeName = "CayleyConv2d", RuntimeType = "Layers.CayleyConv2d", FieldPrefix = "cayley",
            Doc = "orthogonal circular convolution (Trockman & Kolter 2021): per frequency of the input's grid the Cayley transform (I + A)⁻¹(I − A) of A = P̂ − P̂ᴴ, applied by FFT; periodic boundary, channels kept",
            Params = EquatableArray.Of(Kernel(odd: false), Bias),
            InputArgument = "channels", ShapeText = "[channels, h, w] → [channels, h, w]",
            Shape = SameImage,
            ParameterCount = SquareKernelParameters,
            Bound = BoundRule.One("the Cayley transform of a skew-Hermitian matrix is unitary at every frequency: the map is orthogonal"),
            Sample = new(Shape(2, 6, 6), "kernel: 3"),
        },
        new LayerKindInfo
        {
            Key = "spectral_conv2d", AttributeName = "SpectralConv2d", RuntimeType = "Layers.SpectralConv2d", FieldPrefix = "conv",
            Doc = "spectrally normalised 2-D convolution, 'same' zero padding (k/2), optional stride: P/σ with σ the stride-1 ‖conv‖, by power iteration while training, the verified DFT bound for the input's size in eval mode",
            Params = EquatableArray.Of(
                Out("outChannels"),
                SameKernel("spectral_conv2d"),
                ParamDef.Integer("stride", "step between windows (down-sampling; the stride-1 norm bounds the strided one)", 1, 1, 64).Runtime("stride"),
                Bias),
            Shorthand = "out", AttributeArguments = EquatableArray.Of("out"),
            InputArgument = "inChannels", ShapeText = "[channels, h, w] → [out, (h − 1)/s + 1, (w − 1)/s + 1]",
            Shape = c =>
            {
                if (!c.RequireImage()) return null;
                long s = c.Params.Integer("stride");
                return new[] { c.Params.Integer("out"), (c.Input[1] - 1) / s + 1, (c.Input[2] - 1) / s + 1 };
            },
            ParameterCount = ConvParameters,
            Bound = BoundRule.One("eval mode: the kernel is divided by σ ≥ ‖conv‖ (stride 1), the verified DFT bound for the input's size; subsampling has norm ≤ 1"),
            Sample = new(Shape(2, 6, 6), "out: 4, kernel: 3, stride: 2"),
        },
    };

    /// <summary>An odd kernel size (default 3) for a kind with 'same' padding, refusing even sizes with the kind's name.</summary>
    private static ParamDef SameKernel(string kind) =>
        ParamDef.Integer("kernel", "kernel size k (k×k)", 3, 1, 63).Runtime("kernelSize") with
        {
            Rule = v => ((IntegerValue)v).Value % 2 == 1,
            RuleText = "odd",
            RuleMessage = kind + " keeps the size with 'same' padding, which needs an odd kernel (1, 3, 5, …)",
        };

    /// <summary>The scalars of a [c, c, k, k] kernel and its optional bias of c, for a kind that keeps the channels.</summary>
    private static long SquareKernelParameters(LayerContext c)
    {
        long ch = c.Input[0], k = c.Params.Integer("kernel");
        return Count((double)ch * ch * k * k + (c.Params.Boolean("bias") ? ch : 0));
    }
}
