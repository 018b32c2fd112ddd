using System.Collections.Generic;
using TorchSharp;

namespace Lipschitz.Nn.Tests;

/// <summary>
/// Written by hand in the shape the generator emits (CONTRACT.md): typed fields, explicit registration,
/// a forward that disposes its intermediates, constant bound and bound table. Input [1, 8, 8], 10 classes.
/// </summary>
public sealed class TinyAolNet : global::Lipschitz.Nn.LipschitzModule
{
    private static readonly long[] s_inputShape = { 1, 8, 8 };
    private readonly double _scale;
    private readonly global::Lipschitz.Nn.LayerBound[] _layerBounds;

    private readonly global::Lipschitz.Nn.Layers.AolConv2d conv0;
    private readonly global::Lipschitz.Nn.Layers.MaxMin maxmin1;
    private readonly global::Lipschitz.Nn.Layers.AolConv2d conv2;
    private readonly global::Lipschitz.Nn.Layers.MaxMin maxmin3;
    private readonly global::Lipschitz.Nn.Layers.PixelUnshuffle pixel_unshuffle4;
    private readonly global::Lipschitz.Nn.Layers.Flatten flatten5;
    private readonly global::Lipschitz.Nn.Layers.AolLinear linear6;
    private readonly global::Lipschitz.Nn.Layers.Relu relu7;
    private readonly global::Lipschitz.Nn.Layers.AolLinear head;
    private readonly global::Lipschitz.Nn.Layers.Scale scale9;

    public TinyAolNet(double scale = 1.0) : base("TinyAolNet")
    {
        _scale = scale;
        conv0 = new global::Lipschitz.Nn.Layers.AolConv2d(1, 4, 3);
        register_module("conv0", conv0);
        maxmin1 = new global::Lipschitz.Nn.Layers.MaxMin();
        register_module("maxmin1", maxmin1);
        conv2 = new global::Lipschitz.Nn.Layers.AolConv2d(4, 4, 5);
        register_module("conv2", conv2);
        maxmin3 = new global::Lipschitz.Nn.Layers.MaxMin();
        register_module("maxmin3", maxmin3);
        pixel_unshuffle4 = new global::Lipschitz.Nn.Layers.PixelUnshuffle(2);
        register_module("pixel_unshuffle4", pixel_unshuffle4);
        flatten5 = new global::Lipschitz.Nn.Layers.Flatten();
        register_module("flatten5", flatten5);
        linear6 = new global::Lipschitz.Nn.Layers.AolLinear(256, 32);
        register_module("linear6", linear6);
        relu7 = new global::Lipschitz.Nn.Layers.Relu();
        register_module("relu7", relu7);
        head = new global::Lipschitz.Nn.Layers.AolLinear(32, 10);
        register_module("head", head);
        scale9 = new global::Lipschitz.Nn.Layers.Scale(scale);
        register_module("scale9", scale9);
        _layerBounds = new[]
        {
            new global::Lipschitz.Nn.LayerBound("conv0", "aol_conv2d", "[4, 8, 8]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("maxmin1", "maxmin", "[4, 8, 8]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("conv2", "aol_conv2d", "[4, 8, 8]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("maxmin3", "maxmin", "[4, 8, 8]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("pixel_unshuffle4", "pixel_unshuffle", "[16, 4, 4]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("flatten5", "flatten", "[256]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("linear6", "aol_linear", "[32]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("relu7", "relu", "[32]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("head", "aol_linear", "[10]", 1.0, true),
            new global::Lipschitz.Nn.LayerBound("scale9", "scale", "[10]", System.Math.Abs(scale), true),
        };
    }

    public global::Lipschitz.Nn.Layers.AolConv2d Conv0 => conv0;
    public global::Lipschitz.Nn.Layers.AolLinear Head => head;
    public IEnumerable<global::Lipschitz.Nn.Layers.ILipschitzLayer> Layers =>
        new global::Lipschitz.Nn.Layers.ILipschitzLayer[] { conv0, maxmin1, conv2, maxmin3, pixel_unshuffle4, flatten5, linear6, relu7, head, scale9 };

    public override double Bound => System.Math.Abs(_scale);
    public override IReadOnlyList<long> InputShape => s_inputShape;
    public override int Classes => 10;
    public override IReadOnlyList<global::Lipschitz.Nn.LayerBound> LayerBounds => _layerBounds;
    public override string DescriptionHash => "0000000000000000000000000000000000000000000000000000000000000000";

    public override global::TorchSharp.torch.Tensor forward(global::TorchSharp.torch.Tensor input)
    {
        using var h0 = conv0.call(input);           // [4, 8, 8]
        using var h1 = maxmin1.call(h0);            // [4, 8, 8]
        using var h2 = conv2.call(h1);              // [4, 8, 8]
        using var h3 = maxmin3.call(h2);            // [4, 8, 8]
        using var h4 = pixel_unshuffle4.call(h3);   // [16, 4, 4]
        using var h5 = flatten5.call(h4);           // [256]
        using var h6 = linear6.call(h5);            // [32]
        using var h7 = relu7.call(h6);              // [32]
        using var h8 = head.call(h7);               // [10]
        return scale9.call(h8);                     // [10]
    }
}
