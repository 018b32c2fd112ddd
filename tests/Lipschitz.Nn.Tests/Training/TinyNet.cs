using System.Collections.Generic;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Options;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

/// <summary>A hand-written network shaped like generated code: [1, H, W] → flatten → AOL linear → MaxMin → AOL linear → 10.</summary>
internal sealed class TinyNet : LipschitzModule
{
    private readonly Flatten flatten0;
    private readonly AolLinear aol_linear1;
    private readonly MaxMin maxmin2;
    private readonly AolLinear head;
    private readonly long _side;
    private readonly long _hidden;

    public TinyNet(long side = 28, long hidden = 64, string name = "TinyNet") : base(name)
    {
        _side = side;
        _hidden = hidden;
        flatten0 = new Flatten();
        register_module("flatten0", flatten0);
        aol_linear1 = new AolLinear(side * side, hidden);
        register_module("aol_linear1", aol_linear1);
        maxmin2 = new MaxMin();
        register_module("maxmin2", maxmin2);
        head = new AolLinear(hidden, 10);
        register_module("head", head);
    }

    public override double Bound => 1.0;

    public override IReadOnlyList<long> InputShape => new[] { 1, _side, _side };

    public override int Classes => 10;

    public override IReadOnlyList<LayerBound> LayerBounds => new[]
    {
        new LayerBound("flatten0", "flatten", $"[{_side * _side}]", 1, true),
        new LayerBound("aol_linear1", "aol_linear", $"[{_hidden}]", 1, true),
        new LayerBound("maxmin2", "maxmin", $"[{_hidden}]", 1, true),
        new LayerBound("head", "aol_linear", "[10]", 1, true),
    };

    public override string DescriptionHash => $"tiny-{_side}-{_hidden}-0000000000000000";

    public override TrainingOptions Training => new("fashion-mnist", 2, 64, 0, new OptimizerOptions(OptimizerKind.Adam, 0.005, WeightDecay: 0),
        new ObjectiveOptions(ObjectiveKind.OffsetCrossEntropy, 1.414, 0.25), new ScheduleOptions(ScheduleKind.Constant));

    public override Tensor forward(Tensor input)
    {
        using Tensor x1 = flatten0.call(input);
        using Tensor x2 = aol_linear1.call(x1);
        using Tensor x3 = maxmin2.call(x2);
        return head.call(x3);
    }
}
