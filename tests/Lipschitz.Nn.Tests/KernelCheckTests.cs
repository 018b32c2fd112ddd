using System.Collections.Generic;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests;

/// <summary>The network-level check of float32 against float64 that train, certify and attack run before their work.</summary>
public class KernelCheckTests
{
    /// <summary>An AOL convolution, flatten and an AOL head, plus a constant <c>shift</c> added to the logits.</summary>
    private sealed class ShiftNet : LipschitzModule
    {
        private static readonly long[] s_input = { 2, 6, 6 };
        private static readonly LayerBound[] s_bounds =
        {
            new("conv0", "aol_conv2d", "[4, 6, 6]", 1, true), new("flatten1", "flatten", "[144]", 1, true), new("fc2", "aol_linear", "[3]", 1, true),
        };
        private readonly AolConv2d conv0 = new(2, 4, 3);
        private readonly Flatten flatten1 = new();
        private readonly AolLinear fc2 = new(144, 3);
        private readonly double _shift;

        public ShiftNet() : this(0)
        {
        }

        public ShiftNet(double shift) : base("ShiftNet")
        {
            _shift = shift;
            register_module("conv0", conv0);
            register_module("flatten1", flatten1);
            register_module("fc2", fc2);
        }

        public override double Bound => 1;
        public override IReadOnlyList<long> InputShape => s_input;
        public override int Classes => 3;
        public override IReadOnlyList<LayerBound> LayerBounds => s_bounds;
        public override string DescriptionHash => "";

        public override Tensor forward(Tensor input)
        {
            using Tensor a = conv0.call(input);
            using Tensor b = flatten1.call(a);
            using Tensor c = fc2.call(b);
            return c + _shift;
        }
    }

    [Fact]
    public void AgreeingNetwork_PassesAtEveryBatch_AndItsModeAndTheGlobalGeneratorAreKept()
    {
        using var net = new ShiftNet();
        net.train();
        using Tensor before = get_rng_state();
        Assert.Null(KernelCheck.Compare(net, batch: 4));
        Assert.Null(KernelCheck.Compare(net, batch: 64));
        using Tensor after = get_rng_state();
        Assert.True(net.training);
        Assert.True(before.equal(after).all().ToBoolean(), "the check moved torch's global generator");
        Assert.Equal("float32 logits and input gradients agree with float64", KernelCheck.Ensure(net, null, 4, 32));
    }

    [Fact]
    public void ATwinThatComputesSomethingElse_IsReported()
    {
        // Same weights (the state dict is copied), different function: the check must see the difference.
        using var net = new ShiftNet();
        string? problem = KernelCheck.Compare(net, () => new ShiftNet(shift: 0.5));
        Assert.NotNull(problem);
        Assert.StartsWith("float32 logits differ from float64 by 0.5", problem);
    }

    [Fact]
    public void Float64AndNonCpuNetworks_AreNotChecked()
    {
        using var net = new ShiftNet();
        net.to(ScalarType.Float64);
        Assert.Null(KernelCheck.Compare(net, () => new ShiftNet(shift: 1)));
    }
}
