using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Lipschitz.Nn.IO;

/// <summary>
/// A PNG image as gray levels in [0, 1] (colour is averaged, alpha multiplies, so a transparent pixel is black). Reads
/// non-interlaced PNGs of bit depth 8 (gray, gray+alpha, RGB, RGBA) or 1/2/4 (gray, palette), which covers what image
/// editors write for masks; anything else, or a damaged file, is an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed class PngImage
{
    private PngImage(int width, int height, float[] gray)
    {
        Width = width;
        Height = height;
        Gray = gray;
    }

    /// <summary>The largest width or height accepted.</summary>
    public const int MaxSide = 16384;

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gray levels in [0, 1], row by row.</summary>
    public float[] Gray { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static PngImage Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        try
        {
            return Decode(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Decodes PNG bytes.</summary>
    public static PngImage Decode(byte[] png)
    {
        ReadOnlySpan<byte> signature = stackalloc byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a };
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("not a PNG file");
        int width = 0, height = 0, depth = 0, colour = -1;
        byte[]? palette = null, paletteAlpha = null;
        using var idat = new MemoryStream();
        int pos = 8;
        bool end = false;
        while (!end)
        {
            if (pos + 8 > png.Length) throw new InvalidDataException("the file ends inside a chunk header (truncated)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            if (length > int.MaxValue || pos + 12 + (long)length > png.Length) throw new InvalidDataException($"chunk {type} runs past the end of the file (truncated)");
            ReadOnlySpan<byte> data = png.AsSpan(pos + 8, (int)length);
            switch (type)
            {
                case "IHDR":
                    if (length != 13) throw new InvalidDataException("IHDR has the wrong length");
                    width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data), int.MaxValue);
                    height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[4..]), int.MaxValue);
                    depth = data[8];
                    colour = data[9];
                    if (data[10] != 0 || data[11] != 0) throw new InvalidDataException("unknown compression or filter method");
                    if (data[12] != 0) throw new InvalidDataException("interlaced PNGs are not supported; save the mask without interlacing");
                    if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
                        throw new InvalidDataException($"a {width}×{height} image is outside 1..{MaxSide} pixels per side");
                    bool ok = colour switch
                    {
                        0 => depth is 1 or 2 or 4 or 8,
                        3 => depth is 1 or 2 or 4 or 8,
                        2 or 4 or 6 => depth == 8,
                        _ => false,
                    };
                    if (!ok) throw new InvalidDataException($"colour type {colour} with bit depth {depth} is not supported (use 8-bit gray, RGB or RGBA)");
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    paletteAlpha = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    end = true;
                    break;
            }
            pos += 12 + (int)length;
        }
        if (colour < 0) throw new InvalidDataException("no IHDR chunk");
        if (colour == 3 && palette is null) throw new InvalidDataException("a palette image without a palette");
        int channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int bitsPerPixel = channels * depth;
        int stride = (width * bitsPerPixel + 7) / 8;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        byte[] raw = new byte[(long)(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            int read = 0;
            while (read < raw.Length)
            {
                int n;
                try
                {
                    n = z.Read(raw, read, raw.Length - read);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException("the image data is damaged (" + e.Message + ")", e);
                }
                if (n == 0) throw new InvalidDataException($"the image data ends after {read} of {raw.Length} bytes");
                read += n;
            }
        }
        var gray = new float[(long)width * height];
        byte[] previous = new byte[stride], current = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, current, 0, stride);
            Unfilter(filter, current, previous, bpp);
            for (int x = 0; x < width; x++) gray[(long)y * width + x] = Pixel(current, x, colour, depth, palette, paletteAlpha);
            (previous, current) = (current, previous);
        }
        return new PngImage(width, height, gray);
    }

    private static void Unfilter(int filter, byte[] line, byte[] above, int bpp)
    {
        for (int i = 0; i < line.Length; i++)
        {
            int a = i >= bpp ? line[i - bpp] : 0, b = above[i], c = i >= bpp ? above[i - bpp] : 0;
            line[i] = filter switch
            {
                0 => line[i],
                1 => (byte)(line[i] + a),
                2 => (byte)(line[i] + b),
                3 => (byte)(line[i] + (a + b) / 2),
                4 => (byte)(line[i] + Paeth(a, b, c)),
                _ => throw new InvalidDataException($"unknown row filter {filter}"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static float Pixel(byte[] line, int x, int colour, int depth, byte[]? palette, byte[]? paletteAlpha)
    {
        if (depth < 8)
        {
            int perByte = 8 / depth, shift = 8 - depth * (x % perByte + 1);
            int value = (line[x / perByte] >> shift) & ((1 << depth) - 1);
            if (colour == 0) return value / (float)((1 << depth) - 1);
            return PaletteGray(value, palette!, paletteAlpha);
        }
        switch (colour)
        {
            case 0: return line[x] / 255f;
            case 3: return PaletteGray(line[x], palette!, paletteAlpha);
            case 4: return line[2 * x] / 255f * (line[2 * x + 1] / 255f);
            case 2: return (line[3 * x] + line[3 * x + 1] + line[3 * x + 2]) / (3 * 255f);
            default: return (line[4 * x] + line[4 * x + 1] + line[4 * x + 2]) / (3 * 255f) * (line[4 * x + 3] / 255f);
        }
    }

    private static float PaletteGray(int index, byte[] palette, byte[]? alpha)
    {
        if (3 * index + 2 >= palette.Length) throw new InvalidDataException($"palette index {index} is outside the palette");
        float g = (palette[3 * index] + palette[3 * index + 1] + palette[3 * index + 2]) / (3 * 255f);
        return alpha is not null && index < alpha.Length ? g * (alpha[index] / 255f) : g;
    }
}
