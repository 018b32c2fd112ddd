using System;
using System.Collections.Generic;

namespace Lipschitz.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A fully connected layer y = x Wᵀ + b with PyTorch's default initialisation.</summary>
            public static Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true) => new(inputSize, outputSize, hasBias);

            /// <summary>A 2-D convolution (square kernel) with PyTorch's default initialisation.</summary>
            public static Modules.Conv2d Conv2d(long inputChannel, long outputChannel, long kernelSize, long stride = 1, long padding = 0,
                long dilation = 1, long groups = 1, bool bias = true) =>
                new(inputChannel, outputChannel, kernelSize, stride, padding, dilation, groups, bias);

            /// <summary>max(x, 0) elementwise.</summary>
            public static Modules.ReLU ReLU() => new();

            /// <summary>2-D max pooling (square window; stride defaults to the window size).</summary>
            public static Modules.MaxPool2d MaxPool2d(long kernelSize, long? stride = null, long padding = 0) => new(kernelSize, stride ?? kernelSize, padding);

            /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> (default: all but the batch dimension).</summary>
            public static Modules.Flatten Flatten(long startDim = 1, long endDim = -1) => new(startDim, endDim);

            /// <summary>Applies the modules in order; submodules are named "0", "1", ...</summary>
            public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

            /// <summary>Applies the named modules in order.</summary>
            public static Modules.Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);
        }
    }

    namespace Modules
    {
        using static torch;

        /// <summary>A fully connected layer y = x Wᵀ + b; weight [out, in], bias [out].</summary>
        public sealed class Linear : nn.Module<Tensor, Tensor>
        {
            /// <summary>The weight, shape [out, in].</summary>
            public nn.Parameter weight { get; }

            /// <summary>The bias, shape [out], or null.</summary>
            public nn.Parameter? bias { get; }

            /// <summary>Creates the layer with PyTorch's default initialisation (Kaiming uniform, a = √5).</summary>
            public Linear(long inputSize, long outputSize, bool hasBias = true) : base(nameof(Linear))
            {
                if (inputSize <= 0 || outputSize <= 0) throw new ArgumentException($"Linear({inputSize}, {outputSize}): sizes must be positive");
                using (var scope = NewDisposeScope())
                {
                    weight = new nn.Parameter(empty(new[] { outputSize, inputSize }));
                    nn.init.kaiming_uniform_(weight, Math.Sqrt(5));
                    register_parameter("weight", weight);
                    if (hasBias)
                    {
                        bias = new nn.Parameter(empty(new[] { outputSize }));
                        double bound = 1 / Math.Sqrt(inputSize);
                        nn.init.uniform_(bias, -bound, bound);
                    }
                    register_parameter("bias", bias);
                }
            }

            /// <summary>x Wᵀ + b.</summary>
            public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
        }

        /// <summary>A 2-D convolution; weight [out, in/groups, k, k], bias [out].</summary>
        public sealed class Conv2d : nn.Module<Tensor, Tensor>
        {
            private readonly long[] _stride, _padding, _dilation;
            private readonly long _groups;

            /// <summary>The kernel, shape [out, in/groups, k, k].</summary>
            public nn.Parameter weight { get; }

            /// <summary>The bias, shape [out], or null.</summary>
            public nn.Parameter? bias { get; }

            /// <summary>Creates the layer with PyTorch's default initialisation (Kaiming uniform, a = √5).</summary>
            public Conv2d(long inputChannel, long outputChannel, long kernelSize, long stride = 1, long padding = 0, long dilation = 1, long groups = 1,
                bool bias = true) : base(nameof(Conv2d))
            {
                if (inputChannel <= 0 || outputChannel <= 0 || kernelSize <= 0 || groups <= 0 || inputChannel % groups != 0 || outputChannel % groups != 0)
                    throw new ArgumentException($"Conv2d({inputChannel}, {outputChannel}, kernel {kernelSize}, groups {groups}): invalid sizes");
                _stride = new[] { stride, stride };
                _padding = new[] { padding, padding };
                _dilation = new[] { dilation, dilation };
                _groups = groups;
                using (var scope = NewDisposeScope())
                {
                    weight = new nn.Parameter(empty(new[] { outputChannel, inputChannel / groups, kernelSize, kernelSize }));
                    nn.init.kaiming_uniform_(weight, Math.Sqrt(5));
                    register_parameter("weight", weight);
                    if (bias)
                    {
                        this.bias = new nn.Parameter(empty(new[] { outputChannel }));
                        double bound = 1 / Math.Sqrt(inputChannel / groups * kernelSize * kernelSize);
                        nn.init.uniform_(this.bias, -bound, bound);
                    }
                    register_parameter("bias", this.bias);
                }
            }

            /// <summary>The convolution of the input [N, C, H, W].</summary>
            public override Tensor forward(Tensor input) => nn.functional.conv2d(input, weight, bias, _stride, _padding, _dilation, _groups);
        }

        /// <summary>max(x, 0) elementwise.</summary>
        public sealed class ReLU : nn.Module<Tensor, Tensor>
        {
            /// <summary>Creates the layer.</summary>
            public ReLU() : base(nameof(ReLU))
            {
            }

            /// <summary>max(x, 0).</summary>
            public override Tensor forward(Tensor input) => input.relu();
        }

        /// <summary>2-D max pooling with a square window.</summary>
        public sealed class MaxPool2d : nn.Module<Tensor, Tensor>
        {
            private readonly long[] _kernel, _stride, _padding;

            /// <summary>Creates the layer.</summary>
            public MaxPool2d(long kernelSize, long stride, long padding = 0) : base(nameof(MaxPool2d))
            {
                _kernel = new[] { kernelSize, kernelSize };
                _stride = new[] { stride, stride };
                _padding = new[] { padding, padding };
            }

            /// <summary>The pooled input.</summary>
            public override Tensor forward(Tensor input) => nn.functional.max_pool2d(input, _kernel, _stride, _padding);
        }

        /// <summary>Flattens a range of dimensions into one.</summary>
        public sealed class Flatten : nn.Module<Tensor, Tensor>
        {
            private readonly long _start, _end;

            /// <summary>Creates the layer.</summary>
            public Flatten(long startDim = 1, long endDim = -1) : base(nameof(Flatten))
            {
                _start = startDim;
                _end = endDim;
            }

            /// <summary>The flattened input.</summary>
            public override Tensor forward(Tensor input) => input.flatten(_start, _end);
        }

        /// <summary>Applies its submodules in order; intermediate results are disposed as soon as the next one exists.</summary>
        public sealed class Sequential : nn.Module<Tensor, Tensor>
        {
            private readonly List<nn.Module<Tensor, Tensor>> _layers = new();

            /// <summary>Creates the container; submodules are named "0", "1", ...</summary>
            public Sequential(params nn.Module<Tensor, Tensor>[] modules) : base(nameof(Sequential))
            {
                for (int k = 0; k < modules.Length; k++) Add(k.ToString(System.Globalization.CultureInfo.InvariantCulture), modules[k]);
            }

            /// <summary>Creates the container with named submodules.</summary>
            public Sequential(params (string name, nn.Module<Tensor, Tensor> module)[] modules) : base(nameof(Sequential))
            {
                foreach (var (name, module) in modules) Add(name, module);
            }

            private void Add(string name, nn.Module<Tensor, Tensor> module)
            {
                register_module(name, module);
                _layers.Add(module);
            }

            /// <summary>The number of submodules.</summary>
            public int Count => _layers.Count;

            /// <summary>Runs the submodules in order.</summary>
            public override Tensor forward(Tensor input)
            {
                Tensor x = input;
                foreach (var layer in _layers)
                {
                    Tensor y = layer.forward(x);
                    // Autograd keeps what it needs; the wrapper of an intermediate result can go now.
                    if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) x.Dispose();
                    x = y;
                }
                return x;
            }
        }
    }
}
