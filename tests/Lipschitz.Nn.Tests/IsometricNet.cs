using System.Collections.Generic;
using TorchSharp;

namespace Lipschitz.Nn.Tests;

/// <summary>
/// Hand-written in the generated shape, with channel counts that never shrink: at its orthogonal/Dirac
/// initialisation every layer is an isometry (MaxMin locally a permutation), so the Jacobian's largest
/// singular value equals the bound 1 — the case where a slightly unsound layer would show.
/// Input [2, 4, 4] (32 values), 64 "classes".
/// </summary>
public sealed class IsometricNet : global::Lipschitz.Nn.LipschitzModule
{
    private static readonly long[] s_inputShape = { 2, 4, 4 };
    private static readonly global::Lipschitz.Nn.LayerBound[] s_layerBounds =
    {
        new global::Lipschitz.Nn.LayerBound("conv0", "aol_conv2d", "[4, 4, 4]", 1.0, true),
        new global::Lipschitz.Nn.LayerBound("maxmin1", "maxmin", "[4, 4, 4]", 1.0, true),
        new global::Lipschitz.Nn.LayerBound("conv2", "aol_conv2d", "[4, 4, 4]", 1.0, true),
        new global::Lipschitz.Nn.LayerBound("unshuffle3", "pixel_unshuffle", "[16, 2, 2]", 1.0, true),
        new global::Lipschitz.Nn.LayerBound("flatten4", "flatten", "[64]", 1.0, true),
        new global::Lipschitz.Nn.LayerBound("head", "aol_linear", "[64]", 1.0, true),
    };

    private readonly global::Lipschitz.Nn.Layers.AolConv2d conv0;
    private readonly global::Lipschitz.Nn.Layers.MaxMin maxmin1;
    private readonly global::Lipschitz.Nn.Layers.AolConv2d conv2;
    private readonly global::Lipschitz.Nn.Layers.PixelUnshuffle unshuffle3;
    private readonly global::Lipschitz.Nn.Layers.Flatten flatten4;
    private readonly global::Lipschitz.Nn.Layers.AolLinear head;

    public IsometricNet() : base("IsometricNet")
    {
        conv0 = new global::Lipschitz.Nn.Layers.AolConv2d(2, 4, 3);
        register_module("conv0", conv0);
        maxmin1 = new global::Lipschitz.Nn.Layers.MaxMin();
        register_module("maxmin1", maxmin1);
        conv2 = new global::Lipschitz.Nn.Layers.AolConv2d(4, 4, 5);
        register_module("conv2", conv2);
        unshuffle3 = new global::Lipschitz.Nn.Layers.PixelUnshuffle(2);
        register_module("unshuffle3", unshuffle3);
        flatten4 = new global::Lipschitz.Nn.Layers.Flatten();
        register_module("flatten4", flatten4);
        head = new global::Lipschitz.Nn.Layers.AolLinear(64, 64);
        register_module("head", head);
    }

    public override double Bound => 1.0;
    public override IReadOnlyList<long> InputShape => s_inputShape;
    public override int Classes => 64;
    public override IReadOnlyList<global::Lipschitz.Nn.LayerBound> LayerBounds => s_layerBounds;
    public override string DescriptionHash => "";

    public override global::TorchSharp.torch.Tensor forward(global::TorchSharp.torch.Tensor input)
    {
        using var x0 = conv0.call(input);       // [4, 4, 4]
        using var x1 = maxmin1.call(x0);        // [4, 4, 4]
        using var x2 = conv2.call(x1);          // [4, 4, 4]
        using var x3 = unshuffle3.call(x2);     // [16, 2, 2]
        using var x4 = flatten4.call(x3);       // [64]
        return head.call(x4);                   // [64]
    }
}
