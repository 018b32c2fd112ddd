namespace Lipschitz.Dsl.Generator.Tests;

internal static class Sources
{
    public const string AttributedMlp = """
        using Lipschitz.Nn;

        namespace Demo.Networks;

        [LipschitzNetwork(Classes = 10, Input = new long[] { 1, 28, 28 })]
        [Flatten]
        [AolLinear(128)]
        [MaxMin]
        [Scale(0.5)]
        [AolLinear(10, Name = "head")]
        public partial class AttributedMlp
        {
        }
        """;

    public const string SmallYaml = "network: Small\ninput: [8]\nclasses: 4\nlayers:\n  - aol_linear: { out: 8, bias: false }\n  - relu\n  - aol_linear: 4\n";

    public const string SmallClass = """
        using Lipschitz.Nn;

        [LipschitzNetwork("Small.lipnet.yaml")]
        internal partial class Small
        {
            public int Extra => 1;
        }
        """;

    public const string Unconstrained = """
        network: Plain
        namespace: Demo.Plain
        input: [3, 16, 16]
        classes: 5
        lipschitz: computed
        layers:
          - conv2d: { out: 8, kernel: 3, stride: 2, padding: 1 }
          - relu
          - pixel_unshuffle: 2
          - flatten
          - linear: { out: 5, bias: false }
        training:
          data: /data/idx
          epochs: 2
          batch: 64
          seed: 7
          optimizer: { sgd: { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0.0005 } }
          objective: { cross_entropy: { label_smoothing: 0.1 } }
          schedule: { one_cycle: { warmup: 0.25 } }
        certify:
          norm: linf
          eps: [0.01, 0.03]
        """;
}
