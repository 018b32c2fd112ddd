using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Lipschitz.Nn.Serialization;

/// <summary>
/// Writes an uncompressed zip archive as PyTorch does: every entry stored, its data aligned to 64 bytes (padding in the
/// local header's extra field), timestamps fixed so the same content gives the same bytes. Sizes are limited to 4 GiB
/// (no zip64).
/// </summary>
internal sealed class ZipStoreWriter
{
    private const int Alignment = 64;
    private readonly Stream _out;
    private readonly List<(byte[] Name, uint Crc, uint Size, uint Offset)> _entries = new();
    private long _position;

    internal ZipStoreWriter(Stream output) => _out = output;

    /// <summary>Writes one entry whose bytes are <paramref name="data"/>.</summary>
    internal void Add(string name, ReadOnlySpan<byte> data)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        uint size = Checked32(data.Length, name);
        uint offset = Checked32(_position, name);
        int headerEnd = 30 + nameBytes.Length;
        int padding = (int)((Alignment - (_position + headerEnd + 4) % Alignment) % Alignment) + 4;
        uint crc = Crc32.Update(0, data);
        Span<byte> h = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);       // version needed
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 0x0800);   // flags: UTF-8 names
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0);        // stored
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 0);       // time 00:00
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], 33);      // date 1980-01-01
        BinaryPrimitives.WriteUInt32LittleEndian(h[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[18..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(h[22..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)padding);
        Write(h);
        Write(nameBytes);
        // One extra-field record of padding: id "FB" (as PyTorch writes), then its length.
        Span<byte> extra = new byte[padding];
        extra[0] = (byte)'F';
        extra[1] = (byte)'B';
        BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)(padding - 4));
        Write(extra);
        Write(data);
        _entries.Add((nameBytes, crc, size, offset));
    }

    /// <summary>Writes the central directory and its end record.</summary>
    internal void Finish()
    {
        if (_entries.Count > ushort.MaxValue) throw new NotSupportedException("a tensor file holds at most 65,535 entries");
        uint start = Checked32(_position, "central directory");
        Span<byte> c = stackalloc byte[46];
        foreach (var e in _entries)
        {
            c.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(c[4..], 20);      // made by
            BinaryPrimitives.WriteUInt16LittleEndian(c[6..], 20);      // needed
            BinaryPrimitives.WriteUInt16LittleEndian(c[8..], 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(c[12..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(c[14..], 33);
            BinaryPrimitives.WriteUInt32LittleEndian(c[16..], e.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(c[20..], e.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(c[24..], e.Size);
            BinaryPrimitives.WriteUInt16LittleEndian(c[28..], (ushort)e.Name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c[42..], e.Offset);
            Write(c);
            Write(e.Name);
        }
        uint size = Checked32(_position - start, "central directory");
        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], start);
        Write(end);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _out.Write(bytes);
        _position += bytes.Length;
    }

    private static uint Checked32(long value, string what) =>
        value <= uint.MaxValue ? (uint)value : throw new NotSupportedException($"{what}: tensor files are limited to 4 GiB");
}
