using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Lipschitz.Nn.Serialization;

/// <summary>Writes the pickle opcodes (protocol 2) that <c>torch.save</c> uses for a dict of tensors.</summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream _out = new();
    private int _memo;

    internal byte[] ToArray() => _out.ToArray();

    internal void Proto() => Op(0x80, 2);

    internal void Stop() => Op((byte)'.');

    internal void Mark() => Op((byte)'(');

    internal void EmptyTuple() => Op((byte)')');

    internal void EmptyDict() => Op((byte)'}');

    internal void Tuple() => Op((byte)'t');

    internal void Reduce() => Op((byte)'R');

    internal void SetItems() => Op((byte)'u');

    internal void BinPersId() => Op((byte)'Q');

    internal void Bool(bool value) => Op(value ? (byte)0x88 : (byte)0x89);

    /// <summary>Remembers the top of the stack (as Python's pickler does for every container and string).</summary>
    internal void Put()
    {
        if (_memo < 256)
        {
            Op((byte)'q', (byte)_memo);
        }
        else
        {
            Op((byte)'r');
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, _memo);
            _out.Write(b);
        }
        _memo++;
    }

    internal void Global(string module, string name)
    {
        Op((byte)'c');
        byte[] text = Encoding.ASCII.GetBytes(module + "\n" + name + "\n");
        _out.Write(text, 0, text.Length);
    }

    internal void Unicode(string value)
    {
        byte[] text = Encoding.UTF8.GetBytes(value);
        Op((byte)'X');
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, text.Length);
        _out.Write(b);
        _out.Write(text, 0, text.Length);
    }

    internal void Int(long value)
    {
        Span<byte> b = stackalloc byte[8];
        if (value >= 0 && value < 256)
        {
            Op((byte)'K', (byte)value);
        }
        else if (value >= 0 && value < 65536)
        {
            Op((byte)'M');
            BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
            _out.Write(b[..2]);
        }
        else if (value >= int.MinValue && value <= int.MaxValue)
        {
            Op((byte)'J');
            BinaryPrimitives.WriteInt32LittleEndian(b, (int)value);
            _out.Write(b[..4]);
        }
        else
        {
            // LONG1: little-endian two's complement, 8 bytes always suffice for a long.
            Op(0x8a, 8);
            BinaryPrimitives.WriteInt64LittleEndian(b, value);
            _out.Write(b);
        }
    }

    internal void Float(double value)
    {
        Op((byte)'G');
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, value);
        _out.Write(b);
    }

    private void Op(byte op) => _out.WriteByte(op);

    private void Op(byte op, byte argument)
    {
        _out.WriteByte(op);
        _out.WriteByte(argument);
    }
}
