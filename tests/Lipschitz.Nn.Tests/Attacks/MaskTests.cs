using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using Lipschitz.Nn.Attacks;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Serialization;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Attacks;

public sealed class MaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-mask-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A PNG written by hand: 8-bit gray (colour type 0) or RGBA (6), every row with filter <paramref name="filter"/> (0 none, 1 sub).</summary>
    private static byte[] Png(int width, int height, byte[] pixels, int colourType, int filter)
    {
        int channels = colourType == 6 ? 4 : 1;
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte((byte)filter);
            for (int x = 0; x < width * channels; x++)
            {
                byte v = pixels[y * width * channels + x];
                byte left = x >= channels ? pixels[y * width * channels + x - channels] : (byte)0;
                raw.WriteByte(filter == 1 ? (byte)(v - left) : v);
            }
        }
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(zs);
        using var png = new MemoryStream();
        png.Write(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a });
        void Chunk(string type, byte[] data)
        {
            var head = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
            png.Write(head);
            byte[] t = Encoding.ASCII.GetBytes(type);
            png.Write(t);
            png.Write(data);
            uint crc = Crc32.Update(Crc32.Update(0, t), data);
            BinaryPrimitives.WriteUInt32BigEndian(head, crc);
            png.Write(head);
        }
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        ihdr[9] = (byte)colourType;
        Chunk("IHDR", ihdr);
        Chunk("IDAT", z.ToArray());
        Chunk("IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(6, 1)]
    public void MaskImage_WhiteIsFree_ScaledToTheInputByNearestPixel(int colourType, int filter)
    {
        // 4×2 image: left half white, right half black (RGBA: white opaque, right half white but transparent).
        int channels = colourType == 6 ? 4 : 1;
        var pixels = new byte[4 * 2 * channels];
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 4; x++)
                for (int c = 0; c < channels; c++)
                {
                    bool free = x < 2;
                    pixels[(y * 4 + x) * channels + c] = colourType == 6 ? (c == 3 ? (byte)(free ? 255 : 0) : (byte)255) : (byte)(free ? 255 : 0);
                }
        string path = Path.Combine(_dir, "mask.png");
        File.WriteAllBytes(path, Png(4, 2, pixels, colourType, filter));
        using Tensor mask = Masks.FromImage(path, 6, 8);
        Assert.Equal(new long[] { 1, 6, 8 }, mask.shape);
        float[] m = mask.ToArray<float>();
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 8; c++)
                Assert.Equal(c < 4 ? 1f : 0f, m[r * 8 + c]);
    }

    [Fact]
    public void DamagedOrUnsupportedImages_AreErrorsNamingTheFile()
    {
        string path = Path.Combine(_dir, "bad.png");
        byte[] good = Png(4, 4, new byte[16], 0, 0);
        File.WriteAllBytes(path, good[..(good.Length - 20)]);
        Assert.StartsWith(path + ":", Assert.Throws<InvalidDataException>(() => Masks.FromImage(path, 4, 4)).Message);
        File.WriteAllText(path, "not an image");
        Assert.Contains("not a PNG file", Assert.Throws<InvalidDataException>(() => Masks.FromImage(path, 4, 4)).Message);
        File.WriteAllBytes(path, good); // all black: nothing may change
        Assert.Contains("no white pixel", Assert.Throws<InvalidDataException>(() => Masks.FromImage(path, 4, 4)).Message);
    }

    [Fact]
    public void Rectangle_IsOneInsideZeroOutside_AndParsesXYWH()
    {
        using Tensor mask = Masks.ParseRectangle("2,1,3,2", 4, 6);
        float[] m = mask.ToArray<float>();
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 6; c++)
                Assert.Equal(r >= 1 && r < 3 && c >= 2 && c < 5 ? 1f : 0f, m[r * 6 + c]);
        Assert.Throws<ArgumentException>(() => Masks.ParseRectangle("2,1,3", 4, 6));
        Assert.Throws<ArgumentException>(() => Masks.ParseRectangle("9,1,3,2", 4, 6));
    }
}
