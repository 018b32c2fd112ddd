using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Lipschitz.Nn.Serialization;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Serialization;

/// <summary>
/// Issue 10: fuzzing below the CRC. Byte flips in a file are caught by the CRC-32 of its records before the pickle is
/// parsed; these cases rebuild the archive with correct CRCs around a mutated pickle or mutated zip records, so the
/// pickle reader, the record checks and the view checks themselves are what must refuse them.
/// </summary>
public sealed class TensorFileFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-tensorfuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<(string Name, byte[] Data)> Records(string path)
    {
        var records = new List<(string, byte[])>();
        using ZipArchive zip = ZipFile.OpenRead(path);
        foreach (ZipArchiveEntry e in zip.Entries)
        {
            using Stream s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            records.Add((e.FullName, ms.ToArray()));
        }
        return records;
    }

    private static void WriteStored(string path, IEnumerable<(string Name, byte[] Data)> records)
    {
        using var stream = File.Create(path);
        var zip = new ZipStoreWriter(stream);
        foreach (var (name, data) in records) zip.Add(name, data);
        zip.Finish();
    }

    /// <summary>Loads; returns true when it loaded, false for a clean refusal naming the file; anything else fails the test.</summary>
    private static bool LoadsOrRefuses(string path)
    {
        try
        {
            foreach (var (_, t) in TensorFile.Load(path)) t.Dispose();
            return true;
        }
        catch (TensorFileException e)
        {
            Assert.StartsWith(path + ":", e.Message);
            return false;
        }
    }

    // Every opcode the reader knows and some it does not: inserted, replaced and deleted at random places.
    private static readonly byte[] Opcodes = Encoding.ASCII.GetBytes("()*.0123456789:<=>@BCFGIJKLMNPQRSTUVXZ]abcdeghijklmnopqrstuy}~\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98");

    [Fact]
    public void Fuzz_PickleOpcodes_WithValidCrc_LoadOrFailCleanly()
    {
        manual_seed(8);
        string seed = Path.Combine(_dir, "seed.pt");
        using Tensor a = randn(3, 5);
        using Tensor b = arange(6L);
        using Tensor c = randn(2, 2, dtype: ScalarType.Float64);
        TensorFile.Save(seed, new List<KeyValuePair<string, Tensor>> { new("a", a), new("b", b), new("c", c) });
        var records = Records(seed);
        int pickleIndex = records.FindIndex(r => r.Name.EndsWith("/data.pkl", StringComparison.Ordinal));
        byte[] pickle = records[pickleIndex].Data;
        var random = new Random(4321);
        string damaged = Path.Combine(_dir, "pickle.pt");
        int loaded = 0, refused = 0;
        for (int k = 0; k < 2500; k++)
        {
            var p = new List<byte>(pickle);
            int edits = 1 + random.Next(3);
            for (int e = 0; e < edits && p.Count > 2; e++)
            {
                int at = 2 + random.Next(p.Count - 2); // keep the PROTO header
                switch (random.Next(5))
                {
                    case 0: p[at] = Opcodes[random.Next(Opcodes.Length)]; break;          // another opcode
                    case 1: p.Insert(at, Opcodes[random.Next(Opcodes.Length)]); break;     // an extra opcode
                    case 2: p.RemoveAt(at); break;                                          // a missing byte
                    case 3: p[at] = (byte)random.Next(256); break;                          // an argument changed
                    default: p.RemoveRange(at, p.Count - at); break;                        // cut short
                }
            }
            var mutated = records.ToList();
            mutated[pickleIndex] = (mutated[pickleIndex].Name, p.ToArray());
            WriteStored(damaged, mutated);
            if (LoadsOrRefuses(damaged)) loaded++;
            else refused++;
        }
        Assert.True(refused > 2000, $"{refused} refused, {loaded} loaded");
    }

    [Fact]
    public void Fuzz_ZipRecords_LoadOrFailCleanly()
    {
        manual_seed(9);
        string seed = Path.Combine(_dir, "seed.pt");
        using Tensor a = randn(4, 4);
        using Tensor b = randn(3);
        TensorFile.Save(seed, new List<KeyValuePair<string, Tensor>> { new("a", a), new("b", b) });
        var records = Records(seed);
        var random = new Random(777);
        string damaged = Path.Combine(_dir, "zip.pt");
        int loaded = 0, refused = 0;
        for (int k = 0; k < 1500; k++)
        {
            var mutated = records.Select(r => (r.Name, (byte[])r.Data.Clone())).ToList();
            int i = random.Next(mutated.Count);
            bool deflate = false;
            switch (k % 7)
            {
                case 0: mutated.RemoveAt(i); break;                                                          // a record missing
                case 1: mutated.Add(mutated[i]); break;                                                      // a record twice
                case 2: mutated[i] = (mutated[i].Name, mutated[i].Item2.Take(random.Next(mutated[i].Item2.Length + 1)).ToArray()); break; // short record, valid CRC
                case 3: mutated[i] = (mutated[i].Name, mutated[i].Item2.Concat(new byte[1 + random.Next(64)]).ToArray()); break;       // long record
                case 4: mutated[i] = (mutated[i].Name.Replace("archive", random.Next(2) == 0 ? "other" : "archive/x", StringComparison.Ordinal), mutated[i].Item2); break; // renamed
                case 5: mutated[i] = ("archive/data/" + random.Next(5), mutated[i].Item2); break;            // another key
                default: deflate = true; break;                                                              // compressed records
            }
            if (deflate)
            {
                File.Delete(damaged);
                using (ZipArchive zip = ZipFile.Open(damaged, ZipArchiveMode.Create))
                    foreach (var (name, data) in mutated)
                    {
                        using Stream s = zip.CreateEntry(name, random.Next(2) == 0 ? CompressionLevel.SmallestSize : CompressionLevel.NoCompression).Open();
                        s.Write(data);
                    }
            }
            else
            {
                WriteStored(damaged, mutated);
            }
            if (LoadsOrRefuses(damaged)) loaded++;
            else refused++;
        }
        Assert.True(refused > 700 && loaded > 100, $"{refused} refused, {loaded} loaded");
    }
}
