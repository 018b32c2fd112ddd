using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Which fan a variance-scaling initialiser divides by.</summary>
        public enum FanInOut
        {
            /// <summary>Input connections per output (keeps forward variance).</summary>
            FanIn,
            /// <summary>Output connections per input (keeps backward variance).</summary>
            FanOut,
        }

        /// <summary>The nonlinearity an initialiser's gain is computed for (PyTorch's calculate_gain).</summary>
        public enum NonlinearityType
        {
            /// <summary>Gain 1.</summary>
            Linear,
            /// <summary>Gain √2.</summary>
            ReLU,
            /// <summary>Gain √(2/(1+a²)) for negative slope a.</summary>
            LeakyReLU,
            /// <summary>Gain 5/3.</summary>
            Tanh,
            /// <summary>Gain 1.</summary>
            Sigmoid,
        }

        /// <summary>In-place initialisers (run without autograd), with PyTorch's formulas.</summary>
        public static class init
        {
            /// <summary>The recommended gain for a nonlinearity (<paramref name="param"/>: leaky ReLU's negative slope, default 0.01).</summary>
            public static double calculate_gain(NonlinearityType nonlinearity, double? param = null) => nonlinearity switch
            {
                NonlinearityType.Linear or NonlinearityType.Sigmoid => 1.0,
                NonlinearityType.ReLU => Math.Sqrt(2.0),
                NonlinearityType.Tanh => 5.0 / 3.0,
                NonlinearityType.LeakyReLU => Math.Sqrt(2.0 / (1 + (param ?? 0.01) * (param ?? 0.01))),
                _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, null),
            };

            /// <summary>(fan_in, fan_out) of a weight of shape [out, in, *kernel].</summary>
            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                long[] s = tensor.shape;
                if (s.Length < 2)
                    throw new ArgumentException($"fan in and fan out need at least 2 dimensions, the tensor has {s.Length}", nameof(tensor));
                long receptive = 1;
                for (int k = 2; k < s.Length; k++) receptive *= s[k];
                return (s[1] * receptive, s[0] * receptive);
            }

            /// <summary>Fills with U(−b, b), b = gain·√(3/fan) (He et al.); PyTorch's default for Linear/Conv uses a = √5.</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                NonlinearityType nonlinearity = NonlinearityType.LeakyReLU)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                long fan = mode == FanInOut.FanIn ? fanIn : fanOut;
                if (fan == 0) throw new ArgumentException("cannot initialise a tensor with zero elements", nameof(tensor));
                double bound = Math.Sqrt(3.0) * calculate_gain(nonlinearity, a) / Math.Sqrt(fan);
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>Fills with N(0, std²), std = gain/√fan (He et al.).</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                NonlinearityType nonlinearity = NonlinearityType.LeakyReLU)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                long fan = mode == FanInOut.FanIn ? fanIn : fanOut;
                if (fan == 0) throw new ArgumentException("cannot initialise a tensor with zero elements", nameof(tensor));
                return normal_(tensor, 0, calculate_gain(nonlinearity, a) / Math.Sqrt(fan));
            }

            /// <summary>Fills with U(−b, b), b = gain·√(6/(fan_in+fan_out)) (Glorot and Bengio).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>Fills with values drawn uniformly from [low, high).</summary>
            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1)
            {
                using (no_grad()) return tensor.uniform_(low, high);
            }

            /// <summary>Fills with values drawn from N(mean, std²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1)
            {
                using (no_grad()) return tensor.normal_(mean, std);
            }

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor)
            {
                using (no_grad()) return tensor.zero_();
            }

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Fills with one value.</summary>
            public static Tensor constant_(Tensor tensor, double value)
            {
                using (no_grad()) return tensor.fill_(value);
            }

            /// <summary>
            /// Fills with a (semi-)orthogonal matrix times <paramref name="gain"/> (Saxe et al.): the Q of a QR decomposition of a
            /// Gaussian matrix with the signs fixed by R's diagonal; dimensions past the first are flattened.
            /// </summary>
            public static Tensor orthogonal_(Tensor tensor, double gain = 1)
            {
                if (tensor.dim() < 2) throw new ArgumentException($"orthogonal_ needs at least 2 dimensions, the tensor has {tensor.dim()}", nameof(tensor));
                long rows = tensor.size(0);
                long cols = tensor.numel() / rows;
                using var scope = NewDisposeScope();
                using (no_grad())
                {
                    Tensor flat = empty(new[] { rows, cols }, tensor.dtype, tensor.device).normal_(0, 1);
                    if (rows < cols) flat = flat.t();
                    var (q, r) = linalg.qr(flat);
                    Tensor signs = r.diagonal().sign();
                    q = q * signs;
                    if (rows < cols) q = q.t();
                    Tensor target = tensor.view(rows, cols);
                    target.copy_(gain == 1 ? q : q * gain);
                }
                return tensor;
            }
        }
    }
}
