using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            private static readonly Op s_avgPool1d = Op.Of("aten::avg_pool1d"), s_avgPool2d = Op.Of("aten::avg_pool2d");
            private static readonly Op s_maxPool1d = Op.Of("aten::max_pool1d"), s_maxPool2d = Op.Of("aten::max_pool2d");
            private static readonly Op s_maxPool2dIdx = Op.Of("aten::max_pool2d_with_indices");
            private static readonly Op s_adaptiveAvgPool2d = Op.Of("aten::adaptive_avg_pool2d"), s_adaptiveMaxPool2d = Op.Of("aten::adaptive_max_pool2d");
            private static readonly Op s_pixelShuffle = Op.Of("aten::pixel_shuffle"), s_pixelUnshuffle = Op.Of("aten::pixel_unshuffle");
            private static readonly Op s_pad = Op.Of("aten::pad");
            private static readonly Op s_layerNorm = Op.Of("aten::layer_norm"), s_batchNorm = Op.Of("aten::batch_norm"), s_groupNorm = Op.Of("aten::group_norm");
            private static readonly Op s_cosineSimilarity = Op.Of("aten::cosine_similarity");

            private static long[] Two(long v) => new[] { v, v };

            /// <summary>1-D average pooling of [N, C, L] (stride defaults to the kernel size).</summary>
            public static Tensor avg_pool1d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true) =>
                s_avgPool1d.Call(input, new[] { kernel_size }, new[] { stride ?? kernel_size }, new[] { padding }, ceil_mode, count_include_pad);

            /// <summary>2-D average pooling of [N, C, H, W] with square windows (stride defaults to the kernel size).</summary>
            public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
                bool count_include_pad = true, long? divisor_override = null) =>
                s_avgPool2d.Call(input, Two(kernel_size), Two(stride ?? kernel_size), Two(padding), ceil_mode, count_include_pad, Arg.Of(divisor_override));

            /// <summary>2-D average pooling with per-axis kernel, stride and padding (arrays of two).</summary>
            public static Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null, bool ceil_mode = false,
                bool count_include_pad = true, long? divisor_override = null) =>
                s_avgPool2d.Call(input, kernel_size, strides ?? kernel_size, padding ?? new[] { 0L, 0L }, ceil_mode, count_include_pad, Arg.Of(divisor_override));

            /// <summary>1-D max pooling of [N, C, L] (stride defaults to the kernel size).</summary>
            public static Tensor max_pool1d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                s_maxPool1d.Call(input, new[] { kernel_size }, new[] { stride ?? kernel_size }, new[] { padding }, new[] { dilation }, ceil_mode);

            /// <summary>2-D max pooling of [N, C, H, W] with square windows (stride defaults to the kernel size).</summary>
            public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                s_maxPool2d.Call(input, Two(kernel_size), Two(stride ?? kernel_size), Two(padding), Two(dilation), ceil_mode);

            /// <summary>2-D max pooling with per-axis kernel, stride, padding and dilation (arrays of two).</summary>
            public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                s_maxPool2d.Call(input, kernel_size, strides ?? kernel_size, padding ?? new[] { 0L, 0L }, dilation ?? new[] { 1L, 1L }, ceil_mode);

            /// <summary>2-D max pooling returning the maxima and their flat indices within each plane.</summary>
            public static (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                s_maxPool2dIdx.Call2(input, Two(kernel_size), Two(stride ?? kernel_size), Two(padding), Two(dilation), ceil_mode);

            /// <summary>Average pooling to a fixed output size [oH, oW].</summary>
            public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size) => s_adaptiveAvgPool2d.Call(input, output_size);

            /// <summary>Max pooling to a fixed output size [oH, oW].</summary>
            public static Tensor adaptive_max_pool2d(Tensor input, long[] output_size)
            {
                var (values, indices) = s_adaptiveMaxPool2d.Call2(input, output_size);
                indices.Dispose();
                return values;
            }

            /// <summary>1-D power-average pooling: (Σ xᵖ over each window)^(1/p), as PyTorch computes it.</summary>
            public static Tensor lp_pool1d(Tensor input, double norm_type, long kernel_size, long? stride = null, bool ceil_mode = false)
            {
                using Tensor powered = input.pow(norm_type);
                using Tensor pooled = avg_pool1d(powered, kernel_size, stride, 0, ceil_mode);
                return LpFinish(pooled, norm_type, kernel_size);
            }

            /// <summary>2-D power-average pooling: (Σ xᵖ over each window)^(1/p), as PyTorch computes it.</summary>
            public static Tensor lp_pool2d(Tensor input, double norm_type, long kernel_size, long? stride = null, bool ceil_mode = false)
            {
                using Tensor powered = input.pow(norm_type);
                using Tensor pooled = avg_pool2d(powered, kernel_size, stride, 0, ceil_mode);
                return LpFinish(pooled, norm_type, kernel_size * kernel_size);
            }

            // sign(m)·relu(|m|)·count, then the 1/p power: PyTorch's formula, so negative window sums behave the same.
            private static Tensor LpFinish(Tensor pooled, double p, long count)
            {
                using Tensor sign = pooled.sign();
                using Tensor abs = pooled.abs();
                using Tensor relu = abs.relu();
                using Tensor signed = sign * relu;
                using Tensor scaled = signed * (double)count;
                return scaled.pow(1.0 / p);
            }

            /// <summary>Rearranges [N, C·r², H, W] into [N, C, H·r, W·r].</summary>
            public static Tensor pixel_shuffle(Tensor input, long upscale_factor) => s_pixelShuffle.Call(input, upscale_factor);

            /// <summary>Rearranges [N, C, H·r, W·r] into [N, C·r², H, W] (inverse of pixel_shuffle).</summary>
            public static Tensor pixel_unshuffle(Tensor input, long downscale_factor) => s_pixelUnshuffle.Call(input, downscale_factor);

            /// <summary>
            /// Pads the last dimensions: <paramref name="pad"/> = [left, right] for the last one, then [top, bottom]
            /// for the one before, …; negative amounts crop (constant mode).
            /// </summary>
            public static Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
            {
                string m = mode switch
                {
                    PaddingModes.Constant or PaddingModes.Zeros => "constant",
                    PaddingModes.Reflect => "reflect",
                    PaddingModes.Replicate => "replicate",
                    PaddingModes.Circular => "circular",
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown padding mode"),
                };
                return s_pad.Call(input, pad, m, m == "constant" ? (Arg)(mode == PaddingModes.Zeros ? 0.0 : value) : Arg.None);
            }

            /// <summary>Layer normalisation over the trailing <paramref name="normalized_shape"/> dimensions.</summary>
            public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                s_layerNorm.Call(input, normalized_shape, weight, bias, eps, true);

            /// <summary>Batch normalisation; in training it uses batch statistics and updates the running ones in place.</summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                s_batchNorm.Call(input, weight, bias, running_mean, running_var, training, momentum, eps, true);

            /// <summary>Group normalisation over channel groups.</summary>
            public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                s_groupNorm.Call(input, num_groups, weight, bias, eps, true);

            /// <summary>Cosine of the angle between x1 and x2 along a dimension.</summary>
            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) => s_cosineSimilarity.Call(x1, x2, dim, eps);

            /// <summary>x / max(‖x‖ₚ, eps) along a dimension.</summary>
            public static Tensor normalize(Tensor input, double p = 2.0, long dim = 1, double eps = 1e-12)
            {
                using Tensor n = linalg.vector_norm(input, p, new[] { dim }, keepdim: true);
                using Tensor d = n.clamp_min(eps);
                using Tensor e = d.expand_as(input);
                return input / e;
            }
        }
    }
}
