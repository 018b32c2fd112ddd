namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>Until the runtime layers are on main, compile tests add these declarations (same signatures as CONTRACT.md);
/// once Lipschitz.Nn has LipschitzModule the real assembly is used and the stubs are not added.</summary>
internal static class RuntimeStubs
{
    public static bool Needed => typeof(Lipschitz.Nn.Norm).Assembly.GetType("Lipschitz.Nn.LipschitzModule") is null;

    public const string Source = """
        using System.Collections.Generic;
        using Lipschitz.Torch;
        namespace Lipschitz.Nn
        {
            public abstract class LipschitzModule : torch.nn.Module<torch.Tensor, torch.Tensor>
            {
                protected LipschitzModule(string name) : base(name) { }
                public abstract double Bound { get; }
                public abstract IReadOnlyList<long> InputShape { get; }
                public abstract int Classes { get; }
                public abstract IReadOnlyList<LayerBound> LayerBounds { get; }
                public abstract string DescriptionHash { get; }
                public virtual Options.TrainingOptions? Training => null;
                public virtual Options.CertificationOptions Certification => Options.CertificationOptions.Default;
            }
        }
        namespace Lipschitz.Nn.Layers
        {
            public abstract class StubLayer : torch.nn.Module<torch.Tensor, torch.Tensor>
            {
                protected StubLayer() : base("stub") { }
                public override torch.Tensor forward(torch.Tensor input) => input;
            }
            public sealed class AolLinear : StubLayer { public AolLinear(long inFeatures, long outFeatures, bool bias = true) { } }
            public sealed class AolConv2d : StubLayer { public AolConv2d(long inChannels, long outChannels, long kernelSize, bool bias = true) { } }
            public sealed class MaxMin : StubLayer { }
            public sealed class Flatten : StubLayer { }
            public sealed class PixelUnshuffle : StubLayer { public PixelUnshuffle(long factor) { } }
            public sealed class Relu : StubLayer { }
            public sealed class Scale : StubLayer { public Scale(double factor) { } }
            public sealed class Linear : StubLayer { public Linear(long inFeatures, long outFeatures, bool bias = true) { } }
            public sealed class Conv2d : StubLayer { public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true) { } }
        }
        """;
}
