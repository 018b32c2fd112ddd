using System.Collections.Generic;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Certification;

/// <summary>
/// A layer whose declared bound rests on an estimate (a Computed bound rule: LayerBound.Exact false) must never be
/// certified with the declared bound: whatever the choice, the certifier uses the bound verified from the weights.
/// </summary>
public class EstimatedBoundTests
{
    /// <summary>One dense layer 3·I that claims the bound 1, exact or estimated as the test says.</summary>
    private sealed class ClaimingNet : LipschitzModule
    {
        private static readonly long[] s_input = { 4 };
        private readonly LayerBound[] _bounds;
        private readonly Linear fc0;

        public ClaimingNet(bool exact) : base("ClaimingNet")
        {
            _bounds = new[] { new LayerBound("fc0", "some_layer", "[4]", 1.0, exact) };
            fc0 = new Linear(4, 4, bias: false);
            using (no_grad())
            {
                using Tensor eye3 = eye(4) * 3;
                fc0.weight.copy_(eye3);
            }
            register_module("fc0", fc0);
        }

        public override double Bound => 1.0;
        public override IReadOnlyList<long> InputShape => s_input;
        public override int Classes => 4;
        public override IReadOnlyList<LayerBound> LayerBounds => _bounds;
        public override string DescriptionHash => "";
        public override Tensor forward(Tensor input) => fc0.call(input);
    }

    [Theory]
    [InlineData(BoundChoice.Auto)]
    [InlineData(BoundChoice.Declared)]
    [InlineData(BoundChoice.Tightest)]
    [InlineData(BoundChoice.Computed)]
    public void AnEstimatedLayerBound_IsNeverUsed_TheVerifiedOneIs(BoundChoice choice)
    {
        using var net = new ClaimingNet(exact: false);
        var (bound, source) = Certifier.Resolve(net, choice);
        Assert.InRange(bound, 3 - 1e-6, 3 * (1 + 1e-6));
        Assert.Contains("verified", source);
    }

    [Fact]
    public void TheSameClaim_MadeExact_IsTakenAtItsWord_ForTheDeclaredChoice()
    {
        // The control: with Exact true the declared 1 is used (which is what makes the estimated case dangerous).
        using var net = new ClaimingNet(exact: true);
        var (bound, _) = Certifier.Resolve(net, BoundChoice.Declared);
        Assert.Equal(1.0, bound);
    }
}
