namespace Lipschitz.Torch;

/// <summary>The operators the modules, initialisers and layers of this folder call (internal; the public op surface is in Ops/).</summary>
internal static class ModuleOps
{
    private static readonly Op s_copy_ = Op.Of("aten::copy_");
    private static readonly Op s_uniform_ = Op.Of("aten::uniform_"), s_normal_ = Op.Of("aten::normal_");
    private static readonly Op s_zero_ = Op.Of("aten::zero_"), s_fill_ = Op.Of("aten::fill_.Scalar");
    private static readonly Op s_newEmpty = Op.Of("aten::new_empty"), s_qr = Op.Of("aten::linalg_qr");
    private static readonly Op s_diagonal = Op.Of("aten::diagonal"), s_sign = Op.Of("aten::sign"), s_t = Op.Of("aten::t");
    private static readonly Op s_linear = Op.Of("aten::linear"), s_conv2d = Op.Of("aten::conv2d"), s_relu = Op.Of("aten::relu");
    private static readonly Op s_maxPool2d = Op.Of("aten::max_pool2d"), s_flatten = Op.Of("aten::flatten.using_ints");

    private static readonly Op s_empty = Op.Of("aten::empty.memory_format");

    internal static torch.Tensor Empty(long[] shape) => s_empty.Call(shape);
    internal static torch.Tensor Copy(torch.Tensor self, torch.Tensor source) => s_copy_.CallInPlace(self, source);
    internal static torch.Tensor Uniform(torch.Tensor self, double low, double high) => s_uniform_.CallInPlace(self, low, high);
    internal static torch.Tensor Normal(torch.Tensor self, double mean, double std) => s_normal_.CallInPlace(self, mean, std);
    internal static torch.Tensor Zero(torch.Tensor self) => s_zero_.CallInPlace(self);
    internal static torch.Tensor Fill(torch.Tensor self, double value) => s_fill_.CallInPlace(self, value);
    internal static torch.Tensor NewEmpty(torch.Tensor like, long[] shape) => s_newEmpty.Call(like, shape);
    internal static (torch.Tensor Q, torch.Tensor R) Qr(torch.Tensor a) => s_qr.Call2(a);
    internal static torch.Tensor Diagonal(torch.Tensor a) => s_diagonal.Call(a);
    internal static torch.Tensor Sign(torch.Tensor a) => s_sign.Call(a);
    internal static torch.Tensor T(torch.Tensor a) => s_t.Call(a);
    internal static torch.Tensor Linear(torch.Tensor x, torch.Tensor w, torch.Tensor? b) => s_linear.Call(x, w, b);
    internal static torch.Tensor Conv2d(torch.Tensor x, torch.Tensor w, torch.Tensor? b, long[] stride, long[] padding, long[] dilation, long groups) =>
        s_conv2d.Call(x, w, b, stride, padding, dilation, groups);
    internal static torch.Tensor Relu(torch.Tensor x) => s_relu.Call(x);
    internal static torch.Tensor MaxPool2d(torch.Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, bool ceil) =>
        s_maxPool2d.Call(x, kernel, stride, padding, dilation, ceil);
    internal static torch.Tensor Flatten(torch.Tensor x, long start, long end) => s_flatten.Call(x, start, end);
}
