using Lipschitz.Nn;
using Lipschitz.Nn.Options;

namespace Examples.Attributed;

/// <summary>A 1-Lipschitz MLP for 28×28 images declared with attributes: the generator adds the layers, bound, forward
/// and the training and certification options.</summary>
[LipschitzNetwork(Classes = 10, Input = new long[] { 1, 28, 28 })]
[Flatten]
[AolLinear(256)]
[MaxMin]
[AolLinear(128)]
[MaxMin]
[AolLinear(10, Name = "head")]
[Training("fashion-mnist", Epochs = 2, Batch = 128)]
[Optimizer(OptimizerKind.AdamW, LearningRate = 0.002)]
[Objective(ObjectiveKind.OffsetCrossEntropy)]
[Certify(Eps = new[] { 0.1, 0.5 })]
public partial class AttributedMlp
{
    /// <summary>The number of hidden layers, a member of the user's own part of the class.</summary>
    public static int HiddenLayers => 2;
}
