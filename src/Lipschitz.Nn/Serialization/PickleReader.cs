using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Lipschitz.Nn.Serialization;

/// <summary>A Python global (module, name) named by a pickle; only a fixed set is ever called.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => Module + "." + Name;
}

/// <summary>A Python tuple.</summary>
internal sealed record PyTuple(object?[] Items);

/// <summary>A Python dict (or OrderedDict), in insertion order.</summary>
internal sealed class PyDict
{
    internal List<KeyValuePair<object?, object?>> Items { get; } = new();
}

/// <summary>A storage named by a persistent id: ('storage', type, key, location, numel).</summary>
internal sealed record StorageRef(string TypeName, string Key, string Location, long Count);

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view of a storage.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride, bool RequiresGrad);

/// <summary>Limits that keep a hostile pickle from exhausting memory or time.</summary>
internal sealed record PickleLimits(int MaxOps = 50_000_000, int MaxStack = 10_000_000, int MaxMemo = 10_000_000, int MaxRank = 64);

/// <summary>
/// Reads the subset of pickle (protocols 2–4) that <c>torch.save</c> and libtorch's pickler write for dicts of tensors.
/// It never imports or calls anything: the only globals it accepts are OrderedDict, the tensor and parameter rebuild
/// functions and the storage classes, and it checks every length against the bytes that remain.
/// </summary>
internal sealed class PickleReader
{
    private readonly byte[] _data;
    private readonly PickleLimits _limits;
    private readonly List<object?> _stack = new();
    private readonly List<int> _marks = new();
    private readonly Dictionary<int, object?> _memo = new();
    private int _pos;

    private PickleReader(byte[] data, PickleLimits limits)
    {
        _data = data;
        _limits = limits;
    }

    /// <summary>Unpickles <paramref name="data"/>; throws <see cref="FormatException"/> with the problem and the byte offset.</summary>
    internal static object? Read(byte[] data, PickleLimits? limits = null) => new PickleReader(data, limits ?? new PickleLimits()).Run();

    private object? Run()
    {
        for (int ops = 0; ; ops++)
        {
            if (ops >= _limits.MaxOps) throw Fail("too many pickle operations");
            if (_stack.Count > _limits.MaxStack) throw Fail("the pickle stack grew too large");
            int at = _pos;
            byte op = Byte();
            switch (op)
            {
                case 0x80: // PROTO
                    if (Byte() > 5) throw Fail("unsupported pickle protocol", at);
                    break;
                case 0x95: // FRAME (protocol 4): a length we need not use
                    Take(8);
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1 || _marks.Count != 0) throw Fail("the pickle ended with an unbalanced stack", at);
                    if (_pos != _data.Length) throw Fail("bytes follow the end of the pickle", at);
                    return _stack[0];
                case (byte)'(': _marks.Add(_stack.Count); break;
                case (byte)')': Push(new PyTuple(Array.Empty<object?>())); break;
                case (byte)'}': Push(new PyDict()); break;
                case (byte)']': Push(new List<object?>()); break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'K': Push((long)Byte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case 0x8a: // LONG1
                {
                    int n = Byte();
                    if (n > 8) throw Fail("integer too large", at);
                    ReadOnlySpan<byte> b = Take(n);
                    long v = 0;
                    for (int i = n - 1; i >= 0; i--) v = (v << 8) | b[i];
                    if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) v -= 1L << (8 * n);
                    Push(v);
                    break;
                }
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'X': Push(Utf8(Length32(at))); break;
                case 0x8c: Push(Utf8(Byte())); break;                   // SHORT_BINUNICODE
                case 0x8d: Push(Utf8(Length64(at))); break;             // BINUNICODE8
                case (byte)'U': Push(Latin1(Byte())); break;            // SHORT_BINSTRING
                case (byte)'T': Push(Latin1(Length32(at))); break;      // BINSTRING
                case (byte)'C': Push(Take(Byte()).ToArray()); break;    // SHORT_BINBYTES
                case (byte)'B': Push(Take(Length32(at)).ToArray()); break; // BINBYTES
                case (byte)'q': Memo(Byte()); break;
                case (byte)'r': Memo(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                case 0x94: Memo(_memo.Count); break;                    // MEMOIZE
                case (byte)'h': Push(Recall(Byte(), at)); break;
                case (byte)'j': Push(Recall(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4))), at)); break;
                case (byte)'t': Push(new PyTuple(PopToMark(at).ToArray())); break;
                case 0x85: Push(new PyTuple(new[] { Pop(at) })); break;
                case 0x86: { object? b = Pop(at), a = Pop(at); Push(new PyTuple(new[] { a, b })); break; }
                case 0x87: { object? c = Pop(at), b = Pop(at), a = Pop(at); Push(new PyTuple(new[] { a, b, c })); break; }
                case (byte)'a': { object? v = Pop(at); Top<List<object?>>(at).Add(v); break; }
                case (byte)'e': { List<object?> items = PopToMark(at); Top<List<object?>>(at).AddRange(items); break; }
                case (byte)'s': { object? v = Pop(at), k = Pop(at); Top<PyDict>(at).Items.Add(new(k, v)); break; }
                case (byte)'u':
                {
                    List<object?> items = PopToMark(at);
                    if (items.Count % 2 != 0) throw Fail("SETITEMS with an odd number of items", at);
                    PyDict dict = Top<PyDict>(at);
                    for (int i = 0; i < items.Count; i += 2) dict.Items.Add(new(items[i], items[i + 1]));
                    break;
                }
                case (byte)'0': Pop(at); break;                          // POP
                case (byte)'1': PopToMark(at); break;                    // POP_MARK
                case (byte)'c': Push(Global(Line(at), Line(at), at)); break;
                case 0x93: // STACK_GLOBAL
                {
                    object? name = Pop(at), module = Pop(at);
                    if (module is not string m || name is not string n) throw Fail("STACK_GLOBAL needs two strings", at);
                    Push(Global(m, n, at));
                    break;
                }
                case (byte)'Q': Push(Persistent(Pop(at), at)); break;   // BINPERSID
                case (byte)'R': { object? args = Pop(at), callable = Pop(at); Push(Call(callable, args, at)); break; }
                case 0x81: { object? args = Pop(at), cls = Pop(at); Push(Call(cls, args, at)); break; } // NEWOBJ
                case (byte)'b': // BUILD: only the empty state an OrderedDict may carry
                {
                    object? state = Pop(at);
                    if (state is not null && !(state is PyDict { Items.Count: 0 }) && !(state is PyTuple { Items.Length: 0 }))
                        throw Fail("BUILD with a state is not used by tensor files", at);
                    Top<object>(at);
                    break;
                }
                default:
                    throw Fail($"pickle opcode 0x{op:x2} is not used by tensor files", at);
            }
        }
    }

    private static readonly HashSet<string> AllowedGlobals = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state", "torch.jit._pickle.restore_type_tag",
    };

    private object Global(string module, string name, int at)
    {
        if (module == "torch" && StorageTypes.TryParse(name, out _, out _)) return new PyGlobal(module, name);
        var g = new PyGlobal(module, name);
        if (!AllowedGlobals.Contains(g.ToString()))
            throw Fail($"the file refers to the Python object {g}; a tensor file may only hold tensors in dicts, lists and tuples", at);
        return g;
    }

    private object Persistent(object? id, int at)
    {
        // ('storage', torch.FloatStorage, '0', 'cpu', numel)
        if (id is not PyTuple { Items: var t } || t.Length < 5 || t[0] is not "storage")
            throw Fail("a persistent id that is not a storage", at);
        if (t[1] is not PyGlobal { Module: "torch" } type || !StorageTypes.TryParse(type.Name, out _, out _))
            throw Fail($"unknown storage type {t[1]}", at);
        if (t[2] is not string key || key.Length == 0 || key.Length > 64 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw Fail("a storage key that is not a plain record name", at);
        if (t[3] is not string location) throw Fail("a storage without a location", at);
        if (t[4] is not long count || count < 0) throw Fail("a storage with a negative or missing size", at);
        return new StorageRef(type.Name, key, location, count);
    }

    private object? Call(object? callable, object? args, int at)
    {
        if (callable is not PyGlobal g) throw Fail("a call of something that is not a known function", at);
        object?[] a = args is PyTuple tuple ? tuple.Items : throw Fail($"{g} called without an argument tuple", at);
        switch (g.ToString())
        {
            case "collections.OrderedDict":
                if (a.Length != 0) throw Fail("OrderedDict built with arguments", at);
                return new PyDict();
            case "torch._utils._rebuild_tensor_v2":
            {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (a.Length < 6 || a[0] is not StorageRef storage || a[1] is not long offset)
                    throw Fail("_rebuild_tensor_v2 with unexpected arguments", at);
                long[] size = Longs(a[2], "size", at), stride = Longs(a[3], "stride", at);
                if (size.Length != stride.Length) throw Fail($"a tensor with {size.Length} sizes but {stride.Length} strides", at);
                if (size.Length > _limits.MaxRank) throw Fail($"a tensor of rank {size.Length}", at);
                return new TensorRef(storage, offset, size, stride, a[4] is true);
            }
            case "torch.jit._pickle.restore_type_tag":
                // libtorch's pickler wraps containers as restore_type_tag(value, "Dict[str, Tensor]"): the value itself.
                if (a.Length != 2 || a[1] is not string) throw Fail("restore_type_tag with unexpected arguments", at);
                return a[0];
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                if (a.Length < 1 || a[0] is not TensorRef data) throw Fail("_rebuild_parameter without a tensor", at);
                return data;
            default:
                throw Fail($"{g} cannot be called", at);
        }
    }

    private long[] Longs(object? value, string what, int at)
    {
        if (value is not PyTuple { Items: var items }) throw Fail($"a tensor {what} that is not a tuple", at);
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
            result[i] = items[i] is long v ? v : throw Fail($"a tensor {what} with a non-integer entry", at);
        return result;
    }

    private void Memo(int index)
    {
        if (_stack.Count == 0) throw Fail("memo of an empty stack");
        if (_memo.Count >= _limits.MaxMemo && !_memo.ContainsKey(index)) throw Fail("the pickle memo grew too large");
        _memo[index] = _stack[^1];
    }

    private object? Recall(int index, int at) => _memo.TryGetValue(index, out object? v) ? v : throw Fail($"memo entry {index} is not defined", at);

    private void Push(object? value) => _stack.Add(value);

    private object? Pop(int at)
    {
        int floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count <= floor) throw Fail("pop from an empty stack", at);
        object? v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private T Top<T>(int at) where T : class
    {
        int floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count <= floor || _stack[^1] is not T t) throw Fail($"expected a {typeof(T).Name} on the stack", at);
        return t;
    }

    private List<object?> PopToMark(int at)
    {
        if (_marks.Count == 0) throw Fail("no mark to pop to", at);
        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        List<object?> items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private byte Byte()
    {
        if (_pos >= _data.Length) throw Fail("the pickle is truncated");
        return _data[_pos++];
    }

    private ReadOnlySpan<byte> Take(long n)
    {
        if (n < 0 || n > _data.Length - _pos) throw Fail($"a length of {n} bytes runs past the end of the pickle");
        var span = new ReadOnlySpan<byte>(_data, _pos, (int)n);
        _pos += (int)n;
        return span;
    }

    private long Length32(int at)
    {
        uint n = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        return n <= int.MaxValue ? n : throw Fail("a string longer than 2 GiB", at);
    }

    private long Length64(int at)
    {
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return n <= int.MaxValue ? (long)n : throw Fail("a string longer than 2 GiB", at);
    }

    private string Utf8(long n)
    {
        ReadOnlySpan<byte> b = Take(n);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(b);
        }
        catch (DecoderFallbackException)
        {
            throw Fail("a string that is not valid UTF-8");
        }
    }

    private string Latin1(long n) => Encoding.Latin1.GetString(Take(n));

    private string Line(int at)
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0 || end - _pos > 256) throw Fail("a global name without its line end", at);
        string s = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return s;
    }

    private FormatException Fail(string problem, int? at = null) => new($"{problem} (pickle byte {at ?? _pos})");
}
