using System;
using System.Linq;
using System.Text;

namespace Lipschitz.Cli.Rendering;

/// <summary>Text chunks in PNG files lipnet writes.</summary>
internal static class PngText
{
    /// <summary>The PNG with a tEXt chunk just before IEND: PNG readers ignore it, and it tells lipnet the file is its own.</summary>
    internal static byte[] WithText(byte[] png, string keyword, string text)
    {
        int iend = png.Length - 12;
        if (iend < 8 || Encoding.ASCII.GetString(png, iend + 4, 4) != "IEND") return png;
        byte[] data = Encoding.Latin1.GetBytes(keyword + "\0" + text);
        byte[] type = "tEXt"u8.ToArray();
        var chunk = new byte[12 + data.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        type.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        uint crc = Nn.Serialization.Crc32.Update(0, chunk.AsSpan(4, 4 + data.Length));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), crc);
        return png[..iend].Concat(chunk).Concat(png[iend..]).ToArray();
    }
}
