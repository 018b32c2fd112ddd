using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss reduces its per-element values (values match libtorch's).</summary>
        public enum Reduction
        {
            /// <summary>No reduction: one loss per element.</summary>
            None = 0,
            /// <summary>The mean of the losses.</summary>
            Mean = 1,
            /// <summary>The sum of the losses.</summary>
            Sum = 2,
        }

        /// <summary>How functional.pad fills the border.</summary>
        public enum PaddingModes
        {
            /// <summary>A constant value (zero by default).</summary>
            Constant = 0,
            /// <summary>Mirror image without repeating the edge.</summary>
            Reflect = 1,
            /// <summary>Repeats the edge value.</summary>
            Replicate = 2,
            /// <summary>Wraps around (periodic).</summary>
            Circular = 3,
            /// <summary>Zeros (same as Constant with value 0).</summary>
            Zeros = 4,
        }

        /// <summary>Stateless functions of torch.nn.functional: convolutions, pooling, activations, losses.</summary>
        public static partial class functional
        {
            private static readonly Op s_linear = Op.Of("aten::linear");
            private static readonly Op s_conv1d = Op.Of("aten::conv1d"), s_conv1dPad = Op.Of("aten::conv1d.padding");
            private static readonly Op s_conv2d = Op.Of("aten::conv2d"), s_conv2dPad = Op.Of("aten::conv2d.padding");
            private static readonly Op s_convT1d = Op.Of("aten::conv_transpose1d"), s_convT2d = Op.Of("aten::conv_transpose2d.input");
            private static readonly Op s_crossEntropy = Op.Of("aten::cross_entropy_loss"), s_nllLoss = Op.Of("aten::nll_loss_nd");
            private static readonly Op s_mseLoss = Op.Of("aten::mse_loss"), s_l1Loss = Op.Of("aten::l1_loss");
            private static readonly Op s_bceLogits = Op.Of("aten::binary_cross_entropy_with_logits"), s_bce = Op.Of("aten::binary_cross_entropy");
            private static readonly Op s_smoothL1 = Op.Of("aten::smooth_l1_loss"), s_huber = Op.Of("aten::huber_loss");
            private static readonly Op s_leakyRelu = Op.Of("aten::leaky_relu"), s_gelu = Op.Of("aten::gelu"), s_silu = Op.Of("aten::silu");
            private static readonly Op s_softplus = Op.Of("aten::softplus"), s_elu = Op.Of("aten::elu"), s_hardtanh = Op.Of("aten::hardtanh");
            private static readonly Op s_relu6 = Op.Of("aten::relu6"), s_dropout = Op.Of("aten::dropout"), s_oneHot = Op.Of("aten::one_hot");

            /// <summary>x·Wᵀ + b.</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) => s_linear.Call(input, weight, bias);

            /// <summary>1-D convolution of [N, C, L] input with [O, C/groups, K] weight.</summary>
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                s_conv1d.Call(input, weight, bias, new[] { stride }, new[] { padding }, new[] { dilation }, groups);

            /// <summary>1-D convolution with padding "valid" or "same".</summary>
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias, long stride, string padding, long dilation = 1, long groups = 1) =>
                s_conv1dPad.Call(input, weight, bias, new[] { stride }, padding, new[] { dilation }, groups);

            /// <summary>2-D convolution of [N, C, H, W] input with [O, C/groups, kH, kW] weight (same stride/padding/dilation on both axes).</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                s_conv2d.Call(input, weight, bias, new[] { stride, stride }, new[] { padding, padding }, new[] { dilation, dilation }, groups);

            /// <summary>2-D convolution with per-axis strides, paddings and dilations (arrays of two; null = defaults 1, 0, 1).</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, long[]? strides, long[]? padding, long[]? dilation = null, long groups = 1) =>
                s_conv2d.Call(input, weight, bias, strides ?? new[] { 1L, 1L }, padding ?? new[] { 0L, 0L }, dilation ?? new[] { 1L, 1L }, groups);

            /// <summary>2-D convolution with padding "valid" or "same" (stride 1 for "same").</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, string padding, long dilation = 1, long groups = 1) =>
                s_conv2dPad.Call(input, weight, bias, new[] { stride, stride }, padding, new[] { dilation, dilation }, groups);

            /// <summary>1-D transposed convolution (the adjoint of conv1d); weight is [C, O/groups, K].</summary>
            public static Tensor conv_transpose1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
                long output_padding = 0, long groups = 1, long dilation = 1) =>
                s_convT1d.Call(input, weight, bias, new[] { stride }, new[] { padding }, new[] { output_padding }, groups, new[] { dilation });

            /// <summary>2-D transposed convolution (the adjoint of conv2d); weight is [C, O/groups, kH, kW].</summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
                long output_padding = 0, long groups = 1, long dilation = 1) =>
                s_convT2d.Call(input, weight, bias, new[] { stride, stride }, new[] { padding, padding }, new[] { output_padding, output_padding },
                    groups, new[] { dilation, dilation });

            /// <summary>2-D transposed convolution with per-axis settings (arrays of two; null = defaults).</summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias, long[]? strides, long[]? padding,
                long[]? output_padding = null, long groups = 1, long[]? dilation = null) =>
                s_convT2d.Call(input, weight, bias, strides ?? new[] { 1L, 1L }, padding ?? new[] { 0L, 0L }, output_padding ?? new[] { 0L, 0L },
                    groups, dilation ?? new[] { 1L, 1L });

            /// <summary>Cross entropy of logits [N, C] (or [N, C, ...]) against class indices (int64) or class probabilities.</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0.0) =>
                s_crossEntropy.Call(input, target, weight, (long)reduction, ignore_index, label_smoothing);

            /// <summary>Negative log-likelihood of log-probabilities [N, C] against class indices.</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                s_nllLoss.Call(input, target, weight, (long)reduction, ignore_index);

            /// <summary>Mean squared error.</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => s_mseLoss.Call(input, target, (long)reduction);

            /// <summary>Mean absolute error.</summary>
            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => s_l1Loss.Call(input, target, (long)reduction);

            /// <summary>Smooth L1 loss (quadratic below <paramref name="beta"/>, linear above).</summary>
            public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0) =>
                s_smoothL1.Call(input, target, (long)reduction, beta);

            /// <summary>Huber loss with threshold <paramref name="delta"/>.</summary>
            public static Tensor huber_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double delta = 1.0) =>
                s_huber.Call(input, target, (long)reduction, delta);

            /// <summary>Binary cross entropy of logits against targets in [0, 1] (stable log-sigmoid form).</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                Reduction reduction = Reduction.Mean, Tensor? pos_weights = null) =>
                s_bceLogits.Call(input, target, weight, pos_weights, (long)reduction);

            /// <summary>Binary cross entropy of probabilities against targets in [0, 1].</summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                s_bce.Call(input, target, weight, (long)reduction);

            /// <summary>Rectified linear unit max(x, 0).</summary>
            public static Tensor relu(Tensor input, bool inplace = false) => inplace ? input.relu_() : input.relu();
            /// <summary>min(max(x, 0), 6).</summary>
            public static Tensor relu6(Tensor input) => s_relu6.Call(input);
            /// <summary>Logistic sigmoid.</summary>
            public static Tensor sigmoid(Tensor input) => input.sigmoid();
            /// <summary>Hyperbolic tangent.</summary>
            public static Tensor tanh(Tensor input) => input.tanh();
            /// <summary>Softmax along a dimension.</summary>
            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
            /// <summary>Log-softmax along a dimension.</summary>
            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => input.log_softmax(dim, dtype);
            /// <summary>x for x ≥ 0, slope·x below.</summary>
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) => s_leakyRelu.Call(input, negative_slope);
            /// <summary>Gaussian error linear unit ("none" exact or "tanh" approximation).</summary>
            public static Tensor gelu(Tensor input, string approximate = "none") => s_gelu.Call(input, approximate);
            /// <summary>x·sigmoid(x).</summary>
            public static Tensor silu(Tensor input) => s_silu.Call(input);
            /// <summary>log(1 + exp(βx))/β, linear above the threshold.</summary>
            public static Tensor softplus(Tensor input, double beta = 1, double threshold = 20) => s_softplus.Call(input, beta, threshold);
            /// <summary>Exponential linear unit.</summary>
            public static Tensor elu(Tensor input, double alpha = 1) => s_elu.Call(input, alpha);
            /// <summary>Clamps to [min_val, max_val].</summary>
            public static Tensor hardtanh(Tensor input, double min_val = -1, double max_val = 1) => s_hardtanh.Call(input, min_val, max_val);
            /// <summary>Zeroes elements with probability p during training and scales the rest by 1/(1 − p).</summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true) => s_dropout.Call(input, p, training);
            /// <summary>One-hot int64 encoding of class indices (num_classes = −1 infers it).</summary>
            public static Tensor one_hot(Tensor x, long num_classes = -1) => s_oneHot.Call(x, num_classes);
        }
    }
}
