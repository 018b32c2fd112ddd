using System.IO;
using System.IO.Compression;
using Lipschitz.Nn.Data;

namespace Lipschitz.Nn.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipnet-idx-" + Guid.NewGuid().ToString("N"));

    public IdxFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // An IDX file written byte by byte from the format's definition: 0x00 0x00 0x08 rank, big-endian sizes, data.
    private static byte[] HandBuilt(byte[] data, params int[] dims)
    {
        var bytes = new System.Collections.Generic.List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (int d in dims) bytes.AddRange(new[] { (byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d });
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(raw);
        return ms.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Read_RawFile_GivesDimensionsAndData()
    {
        byte[] data = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
        string path = Write("a-idx3-ubyte", HandBuilt(data, 2, 3, 2));
        IdxArray a = IdxFile.Read(path);
        Assert.Equal(new[] { 2, 3, 2 }, a.Dimensions);
        Assert.Equal(data, a.Data);
    }

    [Fact]
    public void Read_GzippedFile_IsRecognisedByContentNotName()
    {
        byte[] data = { 9, 8, 7, 6, 255, 0 };
        string path = Write("no-extension", Gzip(HandBuilt(data, 6)));
        IdxArray a = IdxFile.Read(path);
        Assert.Equal(new[] { 6 }, a.Dimensions);
        Assert.Equal(data, a.Data);
    }

    [Fact]
    public void Encode_MatchesHandBuiltBytes()
    {
        byte[] data = { 1, 2, 3, 4, 5, 6 };
        Assert.Equal(HandBuilt(data, 1, 2, 3), IdxFile.Encode(new[] { 1, 2, 3 }, data));
    }

    [Fact]
    public void Read_MissingFile_NamesTheFile()
    {
        string path = Path.Combine(_dir, "absent.gz");
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void Read_BadMagic_IsRejected()
    {
        byte[] bytes = HandBuilt(new byte[] { 1, 2 }, 2);
        bytes[1] = 0x17;
        string path = Write("bad-magic", bytes);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Read_NonByteElementType_IsRejected()
    {
        byte[] bytes = HandBuilt(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2);
        bytes[2] = 0x0C; // int32 elements
        string path = Write("int-type", bytes);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains("0x0c", e.Message);
    }

    [Fact]
    public void Read_TruncatedData_SaysHowMuchIsMissing()
    {
        byte[] full = HandBuilt(new byte[12], 3, 4);
        string path = Write("short", full[..^5]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("12 items", e.Message);
        Assert.Contains("ends after 7", e.Message);
    }

    // A 12-byte file whose header claims int.MaxValue labels used to allocate 2 GiB before looking at the data
    // ("Out of memory." without a file name); the declared size must be compared with what is there first.
    [Fact]
    public void Read_HugeDeclaredSize_RawFile_FailsNamingTheFileWithoutAllocating()
    {
        byte[] bytes = HandBuilt(new byte[4], int.MaxValue);
        string path = Write("liar-idx1-ubyte", bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(path, e.Message);
        Assert.Contains($"declares [{int.MaxValue}] = {int.MaxValue} items but the data ends after 4", e.Message);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes for a 12-byte file");
    }

    [Fact]
    public void Read_HugeDeclaredSize_GzipFile_FailsNamingTheFileWithoutAllocating()
    {
        var data = new byte[3000];
        new Random(3).NextBytes(data);
        string path = Write("liar.gz", Gzip(HandBuilt(data, int.MaxValue)));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(path, e.Message);
        Assert.Contains($"= {int.MaxValue} items but the data ends after 3000", e.Message);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes for a 3 kB file");
    }

    [Fact]
    public void Read_GzipLargerThanFirstChunk_IsReadCompletely()
    {
        var data = new byte[(1 << 20) * 2 + 12345];
        new Random(4).NextBytes(data);
        string path = Write("big.gz", Gzip(HandBuilt(data, data.Length)));
        Assert.Equal(data, IdxFile.Read(path).Data);
    }

    [Fact]
    public void Read_TruncatedHeader_IsRejected()
    {
        byte[] full = HandBuilt(new byte[4], 2, 2);
        string path = Write("short-header", full[..7]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains("truncated header", e.Message);
    }

    [Fact]
    public void Read_TrailingBytes_AreRejected()
    {
        byte[] full = HandBuilt(new byte[4], 4);
        string path = Write("long", [.. full, 1, 2, 3]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains("3 unexpected bytes", e.Message);
    }

    [Fact]
    public void Read_TruncatedGzip_IsAnErrorNamingTheFile()
    {
        var rng = new Random(1);
        var data = new byte[5000];
        rng.NextBytes(data);
        byte[] gz = Gzip(HandBuilt(data, 5000));
        string path = Write("cut.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_CorruptGzip_IsAnErrorNamingTheFile()
    {
        var data = new byte[3000];
        new Random(2).NextBytes(data);
        byte[] gz = Gzip(HandBuilt(data, 3000));
        for (int k = 20; k < gz.Length - 10; k += 7) gz[k] ^= 0x5A;
        string path = Write("corrupt.gz", gz);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
    }
}
