using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Lipschitz.Nn.Data;

/// <summary>An array read from an IDX file (the MNIST format): its dimensions and its unsigned-byte data.</summary>
public sealed class IdxArray
{
    /// <summary>Creates an array over <paramref name="data"/> with the given dimensions.</summary>
    public IdxArray(string path, int[] dimensions, byte[] data)
    {
        Path = path;
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>The file the array was read from.</summary>
    public string Path { get; }

    /// <summary>The sizes of the dimensions, outermost first.</summary>
    public int[] Dimensions { get; }

    /// <summary>The elements in row-major order.</summary>
    public byte[] Data { get; }
}

/// <summary>The error raised for a missing, truncated or malformed data file; the message names the file.</summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/> with a description of what is wrong.</summary>
    public DataFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}

/// <summary>Reads IDX files (raw or gzipped) of unsigned bytes, validating the header against the data.</summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;
    private const int InitialChunk = 1 << 20;

    /// <summary>Reads the file at <paramref name="path"/>; gzip is recognised by its magic bytes, not by the name.</summary>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            int b0 = file.ReadByte(), b1 = file.ReadByte();
            file.Position = 0;
            if (b0 == 0x1f && b1 == 0x8b)
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                return ReadFrom(path, gzip);
            }
            return ReadFrom(path, file);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip data ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new DataFormatException(path, $"cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataFormatException(path, $"cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Parses IDX bytes held in memory; <paramref name="path"/> is only used in error messages.</summary>
    public static IdxArray Parse(string path, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return ReadFrom(path, stream);
    }

    /// <summary>Reads the header, then the data straight into one array of the declared size (no intermediate copies).</summary>
    private static IdxArray ReadFrom(string path, Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = ReadAtMost(stream, magic);
        if (got < 4)
            throw new DataFormatException(path, $"too short for an IDX header ({got} bytes, need at least 4)");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataFormatException(path, $"not an IDX file: magic number starts with 0x{magic[0]:x2}{magic[1]:x2}, expected 0x0000");
        if (magic[2] != UnsignedByteType)
            throw new DataFormatException(path, $"IDX element type 0x{magic[2]:x2} is not supported (expected 0x08, unsigned byte)");
        int rank = magic[3];
        if (rank < 1) throw new DataFormatException(path, "IDX header declares 0 dimensions");
        Span<byte> header = stackalloc byte[4 * rank];
        got = ReadAtMost(stream, header);
        if (got < header.Length)
            throw new DataFormatException(path, $"truncated header: {rank} dimensions need {4 + header.Length} bytes, the file has {4 + got}");
        var dims = new int[rank];
        long count = 1;
        for (int k = 0; k < rank; k++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4 * k));
            if (d > int.MaxValue) throw new DataFormatException(path, $"dimension {k} has an impossible size {d}");
            dims[k] = (int)d;
            count *= d;
            if (count > int.MaxValue) throw new DataFormatException(path, "declared size exceeds 2 GiB");
        }
        string declared = $"the header declares [{string.Join(", ", dims)}] = {count} items";
        byte[] data;
        if (stream.CanSeek)
        {
            // Raw file: the length is known, so compare before allocating what the header asks for.
            long available = Math.Max(0, stream.Length - stream.Position);
            if (available < count)
                throw new DataFormatException(path, $"truncated: {declared} but the data ends after {available}");
            data = new byte[count];
            got = ReadAtMost(stream, data);
            if (got < count)
                throw new DataFormatException(path, $"truncated: {declared} but the data ends after {got}");
        }
        else
        {
            // Compressed stream: the length is unknown, so grow the buffer as data actually arrives
            // (a lying header cannot make us allocate more than twice what the stream holds).
            data = new byte[Math.Min(count, InitialChunk)];
            long total = 0;
            while (true)
            {
                if (total == data.Length)
                {
                    if (total == count) break;
                    Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
                }
                int n = stream.Read(data, (int)total, data.Length - (int)total);
                if (n == 0) break;
                total += n;
            }
            if (total < count)
                throw new DataFormatException(path, $"truncated: {declared} but the data ends after {total}");
        }
        Span<byte> probe = stackalloc byte[4096];
        long extra = 0;
        for (int n; (n = stream.Read(probe)) > 0;) extra += n;
        if (extra > 0)
            throw new DataFormatException(path, $"{extra} unexpected bytes after the {count} bytes of data declared by the header [{string.Join(", ", dims)}]");
        return new IdxArray(path, dims, data);
    }

    private static int ReadAtMost(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer.Slice(total));
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Serialises an unsigned-byte array in IDX format (used by tests and tools to build files).</summary>
    public static byte[] Encode(int[] dimensions, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = UnsignedByteType;
        bytes[3] = checked((byte)dimensions.Length);
        for (int k = 0; k < dimensions.Length; k++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * k), (uint)dimensions[k]);
        data.CopyTo(bytes.AsSpan(4 + 4 * dimensions.Length));
        return bytes;
    }
}
