using System.IO;
using System.Linq;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

public sealed class SerializationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipschitz-ser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A conv + linear network with an integer buffer.</summary>
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        public readonly Modules.Conv2d conv;
        public readonly Modules.Linear head;

        public Net(long channels = 4) : base("Net")
        {
            conv = nn.Conv2d(1, channels, 3, padding: 1);
            head = nn.Linear(channels * 4 * 4, 3);
            register_module("conv", conv);
            register_module("head", head);
            register_buffer("steps", tensor(new long[] { 41, 42 }));
        }

        public override Tensor forward(Tensor input)
        {
            using var h = conv.call(input);
            using var f = h.flatten(1);
            return head.call(f);
        }
    }

    [Fact]
    public void SaveThenLoad_RestoresEveryValue_AndTheOutputs()
    {
        manual_seed(11);
        using var a = new Net();
        manual_seed(12);
        using var b = new Net();
        string path = Path.Combine(_dir, "net.pt");
        a.save(path);
        Assert.NotEqual(a.conv.weight.ToArray<float>(), b.conv.weight.ToArray<float>());
        b.load(path);
        foreach (var ((na, ta), (nb, tb)) in a.named_parameters().Zip(b.named_parameters()))
        {
            Assert.Equal(na, nb);
            Assert.Equal(ta.ToArray<float>(), tb.ToArray<float>());
        }
        Assert.Equal(new long[] { 41, 42 }, b.named_buffers().Single().buffer.ToArray<long>());
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 2, 1, 4, 4 });
        Assert.Equal(a.call(x).ToArray<float>(), b.call(x).ToArray<float>());
        Assert.Equal(new[] { "net.pt" }, Directory.GetFiles(_dir).Select(Path.GetFileName)); // no temp file left
    }

    [Fact]
    public void TorchSaveLoad_RoundTripsDtypesAndShapes()
    {
        using var scope = NewDisposeScope();
        var sd = new System.Collections.Generic.Dictionary<string, Tensor>
        {
            ["f32"] = tensor(new float[] { 1.5f, -2, 3, 4, 5, 6 }, new long[] { 2, 3 }),
            ["f64"] = tensor(new double[] { Math.PI }),
            ["i64"] = tensor(new long[] { -7, long.MaxValue }),
            ["scalar"] = tensor(2.5, ScalarType.Float64),
        };
        string path = Path.Combine(_dir, "sd.pt");
        save(sd, path);
        var back = load(path);
        Assert.Equal(sd.Keys.OrderBy(k => k), back.Keys.OrderBy(k => k));
        foreach (var (k, t) in sd)
        {
            Assert.Equal(t.dtype, back[k].dtype);
            Assert.Equal(t.shape, back[k].shape);
        }
        Assert.Equal(sd["f32"].ToArray<float>(), back["f32"].ToArray<float>());
        Assert.Equal(Math.PI, back["f64"].ToArray<double>()[0]);
        Assert.Equal(new[] { -7, long.MaxValue }, back["i64"].ToArray<long>());
        Assert.Equal(2.5, back["scalar"].item<double>());
    }

    [Fact]
    public void Load_OfAnotherArchitecture_NamesTheFileAndTheKeys()
    {
        using var wide = new Net(channels: 8);
        using var narrow = new Net(channels: 4);
        string path = Path.Combine(_dir, "wide.pt");
        wide.save(path);
        var e = Assert.Throws<StateDictMismatchException>(() => narrow.load(path));
        Assert.Equal(path, e.File);
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("conv.weight is [4, 1, 3, 3] in the module but [8, 1, 3, 3] in the state dict", e.Message);
        Assert.Contains("head.weight is [3, 64] in the module but [3, 128] in the state dict", e.Message);

        using var other = nn.Sequential(nn.Linear(2, 2));
        string otherPath = Path.Combine(_dir, "other.pt");
        other.save(otherPath);
        var e2 = Assert.Throws<StateDictMismatchException>(() => narrow.load(otherPath));
        Assert.Equal(new[] { "steps", "conv.weight", "conv.bias", "head.weight", "head.bias" }, e2.MissingKeys);
        Assert.Equal(new[] { "0.bias", "0.weight" }, e2.UnexpectedKeys);
        Assert.Contains("missing keys: steps, conv.weight", e2.Message);
        Assert.Contains("unexpected keys: 0.bias, 0.weight", e2.Message);
    }

    [Fact]
    public void Load_OfAMissingOrCorruptFile_NamesTheFile()
    {
        using var net = new Net();
        string missing = Path.Combine(_dir, "nope.pt");
        var e1 = Assert.Throws<FileNotFoundException>(() => net.load(missing));
        Assert.Contains(missing, e1.Message);

        string garbage = Path.Combine(_dir, "garbage.pt");
        File.WriteAllText(garbage, "this is not a pickle");
        var e2 = Assert.Throws<InvalidDataException>(() => net.load(garbage));
        Assert.StartsWith(garbage + ":", e2.Message);

        string empty = Path.Combine(_dir, "empty.pt");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => net.load(empty)).Message);

        // A truncated checkpoint (a crash mid-copy elsewhere) is refused, not half-loaded.
        string good = Path.Combine(_dir, "good.pt");
        net.save(good);
        byte[] bytes = File.ReadAllBytes(good);
        string truncated = Path.Combine(_dir, "truncated.pt");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        float[] before = net.conv.weight.ToArray<float>();
        Assert.StartsWith(truncated + ":", Assert.Throws<InvalidDataException>(() => net.load(truncated)).Message);
        Assert.Equal(before, net.conv.weight.ToArray<float>());
    }

    [Fact]
    public void FailedSave_LeavesTheExistingFileIntact_AndNoTempFile()
    {
        using var net = new Net();
        string path = Path.Combine(_dir, "ckpt.pt");
        File.WriteAllText(path, "previous checkpoint");
        // The target directory does not exist: nothing may be written anywhere.
        string bad = Path.Combine(_dir, "no-such-dir", "ckpt.pt");
        Assert.Contains(bad, Assert.Throws<DirectoryNotFoundException>(() => net.save(bad)).Message);
        // The target is a directory: the rename fails and the temp file is removed.
        string dirTarget = Path.Combine(_dir, "is-a-dir");
        Directory.CreateDirectory(dirTarget);
        Assert.Contains(dirTarget, Assert.Throws<IOException>(() => net.save(dirTarget)).Message);
        Assert.Equal("previous checkpoint", File.ReadAllText(path));
        Assert.Equal(new[] { "ckpt.pt" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        net.save(path); // replaces the old file
        Assert.NotEqual("previous checkpoint", File.ReadAllText(path));
    }
}
