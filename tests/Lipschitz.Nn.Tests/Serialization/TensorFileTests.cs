using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Lipschitz.Nn.Serialization;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Serialization;

public sealed class TensorFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-tensorfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void DisposeAll(List<KeyValuePair<string, Tensor>> tensors)
    {
        foreach (var (_, t) in tensors) t.Dispose();
    }

    [Fact]
    public void RoundTrip_KeepsNamesOrderShapesTypesAndValues()
    {
        manual_seed(5);
        using Tensor a = randn(3, 4);
        using Tensor b = randn(new long[] { 2, 3 }, ScalarType.Float64);
        using Tensor transposed = b.t();                       // not contiguous: saved as its values
        using Tensor c = arange(7L);
        using Tensor d = tensor(new[] { true, false, true });
        using Tensor scalar = tensor(2.5f);
        using Tensor none = zeros(0, 5);
        var items = new List<KeyValuePair<string, Tensor>>
        {
            new("z.first", a), new("b.t", transposed), new("count", c), new("mask", d), new("scalar", scalar), new("empty", none),
        };
        string path = PathOf("round.pt");
        TensorFile.Save(path, items);
        var back = TensorFile.Load(path);
        try
        {
            Assert.Equal(items.Select(i => i.Key), back.Select(i => i.Key));
            for (int i = 0; i < items.Count; i++)
            {
                Tensor want = items[i].Value, got = back[i].Value;
                Assert.Equal(want.dtype, got.dtype);
                Assert.Equal(want.shape, got.shape);
                Assert.True(want.Equals(got), items[i].Key);
            }
        }
        finally
        {
            DisposeAll(back);
        }
    }

    [PythonTorchFact]
    public void PyTorchLoadsOurFile_AndWeLoadPyTorchsFile_WithSharedAndStridedStorages()
    {
        manual_seed(6);
        using Tensor w = randn(4, 3);
        using Tensor n = tensor(new long[] { 7, -8, 9 });
        string ours = PathOf("ours.pt"), theirs = PathOf("theirs.pt");
        TensorFile.Save(ours, new List<KeyValuePair<string, Tensor>> { new("w", w), new("n", n) });
        string script = """
import sys, torch, collections
d = torch.load(sys.argv[1])
assert isinstance(d, collections.OrderedDict), type(d)
print(repr(float(d['w'].double().sum())), d['w'].dtype, tuple(d['w'].shape), d['n'].tolist())
base = torch.arange(24, dtype=torch.float64).reshape(4, 6)
out = {'base': base, 'view': base[1:3, ::2], 't': base.t(), 'half': torch.tensor([1.5, -2.0], dtype=torch.float16)}
torch.save(out, sys.argv[2])
""";
        string stdout = PythonTorchReference.Run(script, ours, theirs);
        double expected = w.to(ScalarType.Float64).sum().ToDouble();
        string[] parts = stdout.Trim().Split(' ', 2);
        Assert.Equal(expected, double.Parse(parts[0], CultureInfo.InvariantCulture), 12);
        Assert.Contains("torch.float32 (4, 3) [7, -8, 9]", stdout);

        var back = TensorFile.Load(theirs);
        try
        {
            var map = back.ToDictionary(kv => kv.Key, kv => kv.Value);
            using Tensor basis = arange(24, dtype: ScalarType.Float64).reshape(4, 6);
            Assert.True(map["base"].Equals(basis));
            using Tensor view = basis.slice(0, 1, 3, 1).slice(1, 0, 6, 2);
            Assert.True(map["view"].Equals(view.contiguous()));
            using Tensor t = basis.t();
            Assert.True(map["t"].Equals(t.contiguous()));
            Assert.Equal(ScalarType.Float16, map["half"].dtype);
            Assert.Equal(new[] { 1.5f, -2.0f }, map["half"].to(ScalarType.Float32).ToArray<float>());
        }
        finally
        {
            DisposeAll(back);
        }
    }

    /// <summary>Rewrites a tensor file's zip with one record's bytes replaced (every entry stored).</summary>
    private static void ReplaceRecord(string path, string suffix, byte[] bytes)
    {
        var entries = new List<(string Name, byte[] Data)>();
        using (ZipArchive zip = ZipFile.OpenRead(path))
        {
            foreach (ZipArchiveEntry e in zip.Entries)
            {
                using Stream s = e.Open();
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                entries.Add((e.FullName, e.FullName.EndsWith(suffix, StringComparison.Ordinal) ? bytes : ms.ToArray()));
            }
        }
        File.Delete(path);
        using ZipArchive output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            using Stream s = output.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(data);
        }
    }

    private string SavedWeight(string name)
    {
        string path = PathOf(name);
        using Tensor w = ones(16, 16);
        TensorFile.Save(path, new List<KeyValuePair<string, Tensor>> { new("weight", w) });
        return path;
    }

    [Theory]
    [InlineData(0)]      // an empty record: the old binding crashed with SIGSEGV
    [InlineData(100)]    // a short one: it read past the buffer into the weights
    public void ARecordShorterThanItsPickleDeclares_IsAnErrorNamingTheFile(int bytes)
    {
        string path = SavedWeight("short.pt");
        ReplaceRecord(path, "/data/0", new byte[bytes]);
        var e = Assert.Throws<TensorFileException>(() => TensorFile.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains($"holds {bytes} bytes but the pickle declares 256 FloatStorage elements (1024 bytes)", e.Message);
    }

    [Fact]
    public void OneFlippedBitInAWeight_IsDetected()
    {
        string path = SavedWeight("flip.pt");
        byte[] bytes = File.ReadAllBytes(path);
        int at = Array.IndexOf(bytes, (byte)0x3f, 64); // inside the data of the first 1.0f (0x3f800000)
        bytes[at - 3] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<TensorFileException>(() => TensorFile.Load(path));
        Assert.Contains("archive/data/0 is damaged: its CRC-32", e.Message);
    }

    [Fact]
    public void AFileThatIsNotAZip_OrLacksThePickle_IsAnErrorNamingIt()
    {
        string text = PathOf("text.pt");
        File.WriteAllText(text, "hello");
        Assert.Contains("not a PyTorch zip archive", Assert.Throws<TensorFileException>(() => TensorFile.Load(text)).Message);
        string zip = PathOf("other.zip");
        using (ZipArchive z = ZipFile.Open(zip, ZipArchiveMode.Create)) z.CreateEntry("readme.txt");
        Assert.Contains("no data.pkl", Assert.Throws<TensorFileException>(() => TensorFile.Load(zip)).Message);
        Assert.Throws<FileNotFoundException>(() => TensorFile.Load(PathOf("absent.pt")));
    }

    /// <summary>A tensor file whose pickle is written by hand with the library's own writer.</summary>
    private string Crafted(string name, Action<PickleWriter> body, int storageBytes = 16)
    {
        var pickle = new PickleWriter();
        pickle.Proto();
        body(pickle);
        pickle.Stop();
        string path = PathOf(name);
        using var stream = File.Create(path);
        var zip = new ZipStoreWriter(stream);
        zip.Add("archive/data.pkl", pickle.ToArray());
        zip.Add("archive/data/0", new byte[storageBytes]);
        zip.Add("archive/version", "3\n"u8);
        zip.Finish();
        return path;
    }

    private static void TensorEntry(PickleWriter p, long count, long offset, long[] size, long[] stride)
    {
        p.Unicode("w");
        p.Global("torch._utils", "_rebuild_tensor_v2");
        p.Mark();
        p.Mark();
        p.Unicode("storage");
        p.Global("torch", "FloatStorage");
        p.Unicode("0");
        p.Unicode("cpu");
        p.Int(count);
        p.Tuple();
        p.BinPersId();
        p.Int(offset);
        p.Mark();
        foreach (long s in size) p.Int(s);
        p.Tuple();
        p.Mark();
        foreach (long s in stride) p.Int(s);
        p.Tuple();
        p.Bool(false);
        p.EmptyDict();
        p.Tuple();
        p.Reduce();
    }

    [Fact]
    public void AViewReachingPastItsStorage_IsRefused()
    {
        string path = Crafted("past.pt", p =>
        {
            p.EmptyDict();
            p.Mark();
            TensorEntry(p, 4, 1, new long[] { 2, 2 }, new long[] { 2, 1 }); // last element 1 + 2 + 1 = 4 ≥ 4
            p.SetItems();
        });
        var e = Assert.Throws<TensorFileException>(() => TensorFile.Load(path));
        Assert.Contains("reaches element 4 of a storage of 4", e.Message);
    }

    [Fact]
    public void APickleCallingAnythingButTheTensorRebuilders_IsRefusedWithoutRunningIt()
    {
        string path = Crafted("evil.pt", p =>
        {
            p.Global("os", "system");
            p.Mark();
            p.Unicode("touch /tmp/pwned");
            p.Tuple();
            p.Reduce();
        });
        var e = Assert.Throws<TensorFileException>(() => TensorFile.Load(path));
        Assert.Contains("refers to the Python object os.system", e.Message);
    }

    [Fact]
    public void ANegativeStrideOrAHugeShape_IsRefused()
    {
        string negative = Crafted("neg.pt", p =>
        {
            p.EmptyDict();
            p.Mark();
            TensorEntry(p, 4, 3, new long[] { 4 }, new long[] { -1 });
            p.SetItems();
        });
        Assert.Contains("negative size or stride", Assert.Throws<TensorFileException>(() => TensorFile.Load(negative)).Message);
        string huge = Crafted("huge.pt", p =>
        {
            p.EmptyDict();
            p.Mark();
            TensorEntry(p, 1L << 40, 0, new long[] { 1L << 40 }, new long[] { 1 });
            p.SetItems();
        });
        Assert.Contains("the pickle declares", Assert.Throws<TensorFileException>(() => TensorFile.Load(huge)).Message);
    }

    [Fact]
    public void Fuzz_MutatedAndTruncatedFiles_LoadOrFailCleanly()
    {
        // Thousands of damaged copies of a real file: every one either loads or raises TensorFileException — never
        // another exception, a crash or a hang.
        manual_seed(7);
        string path = PathOf("seed.pt");
        using Tensor a = randn(3, 5);
        using Tensor b = arange(6L);
        TensorFile.Save(path, new List<KeyValuePair<string, Tensor>> { new("a", a), new("b", b) });
        byte[] original = File.ReadAllBytes(path);
        var random = new Random(1234);
        string damaged = PathOf("damaged.pt");
        int loaded = 0, refused = 0;
        for (int k = 0; k < 3000; k++)
        {
            byte[] bytes = (byte[])original.Clone();
            switch (k % 3)
            {
                case 0: // flip a few bytes anywhere
                    for (int f = 0; f < 1 + random.Next(4); f++) bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
                    break;
                case 1: // truncate
                    Array.Resize(ref bytes, random.Next(bytes.Length));
                    break;
                default: // damage the pickle, which starts after the first local header
                    int start = 30 + "archive/data.pkl".Length, at = start + random.Next(200);
                    if (at < bytes.Length) bytes[at] = (byte)random.Next(256);
                    break;
            }
            File.WriteAllBytes(damaged, bytes);
            try
            {
                DisposeAll(TensorFile.Load(damaged));
                loaded++;
            }
            catch (TensorFileException e)
            {
                Assert.StartsWith(damaged + ":", e.Message);
                refused++;
            }
        }
        // With CRC checks every change of stored bytes is caught; what loads was damaged only where nothing is read.
        Assert.True(refused > 2500, $"only {refused} of 3000 damaged files were refused ({loaded} loaded)");
    }
}
