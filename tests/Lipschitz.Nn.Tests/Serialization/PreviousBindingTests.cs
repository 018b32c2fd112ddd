using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Serialization;
using Lipschitz.Nn.Training;
using TorchSharp;
using Adam = TorchSharp.Modules.Adam;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Serialization;

/// <summary>
/// Files written by the runtime before TorchSharp (its own libtorch binding, libtorch 1.13's pickler) for
/// Fixtures/PreviousBinding/Tiny.lipnet.yaml after one epoch on 64 images: they still load.
/// </summary>
public sealed class PreviousBindingTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "PreviousBinding");

    /// <summary>The network of Tiny.lipnet.yaml, in the shape the generator emits.</summary>
    private sealed class Tiny : nn.Module<Tensor, Tensor>
    {
        private readonly AolConv2d conv0 = new(1, 4, 3);
        private readonly MaxMin maxmin1 = new();
        private readonly PixelUnshuffle unshuffle2 = new(4);
        private readonly Flatten flatten3 = new();
        private readonly AolLinear head = new(3136, 10);

        public Tiny() : base("Tiny")
        {
            register_module("conv0", conv0);
            register_module("maxmin1", maxmin1);
            register_module("unshuffle2", unshuffle2);
            register_module("flatten3", flatten3);
            register_module("head", head);
        }

        public override Tensor forward(Tensor x)
        {
            using Tensor a = conv0.call(x), b = maxmin1.call(a), c = unshuffle2.call(b), d = flatten3.call(c);
            return head.call(d);
        }
    }

    [Fact]
    public void Weights_LoadStrictly_WithTheValuesTheFileHolds()
    {
        using var net = new Tiny();
        string path = Path.Combine(Folder, "epoch-0001.pt");
        ModuleState.Load(net, path);
        var file = TensorFile.Load(path);
        try
        {
            // The old pickler wrote a plain dict (not an OrderedDict) of four tensors.
            Assert.Equal(new[] { "conv0.weight", "conv0.bias", "head.weight", "head.bias" }, file.Select(kv => kv.Key));
            foreach (var (key, value) in file) Assert.True(net.state_dict()[key].Equals(value), key);
            Assert.NotEqual(0.0, file[2].Value.abs().sum().ToDouble());
        }
        finally
        {
            foreach (var (_, t) in file) t.Dispose();
        }
    }

    [PythonTorchFact]
    public void Weights_ReadHere_EqualWhatPyTorchReads()
    {
        string path = Path.Combine(Folder, "epoch-0001.pt");
        string stdout = PythonTorchReference.Run(
            "import sys, torch\nd = torch.load(sys.argv[1])\nprint(' '.join(repr(float(v.double().sum())) for v in d.values()))", path);
        double[] sums = stdout.Trim().Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var file = TensorFile.Load(path);
        try
        {
            for (int i = 0; i < file.Count; i++) Assert.Equal(sums[i], file[i].Value.to(ScalarType.Float64).sum().ToDouble(), 9);
        }
        finally
        {
            foreach (var (_, t) in file) t.Dispose();
        }
    }

    [Fact]
    public void AdamState_IsRecognisedWithoutTheMarker_AndRestored()
    {
        using var net = new Tiny();
        using var adam = optim.Adam(net.parameters(), 0.001);
        var file = TensorFile.Load(Path.Combine(Folder, "epoch-0001.optim.pt"));
        try
        {
            OptimizerState.Restore(adam, file);
            var state = (Adam.State)adam.state_dict().State[2];
            Assert.Equal(2, state.step); // 64 images in batches of 32
            Tensor saved = file.Single(kv => kv.Key == "state.2.exp_avg").Value;
            Assert.True(state.exp_avg.Equals(saved));
            using var sgd = optim.SGD(net.parameters(), 0.1, momentum: 0.9);
            var e = Assert.Throws<OptimizerStateMismatchException>(() => OptimizerState.Restore(sgd, file));
            Assert.Equal("the file holds the state of Adam, but this run uses SGD", e.Message);
        }
        finally
        {
            foreach (var (_, t) in file) t.Dispose();
        }
    }
}
