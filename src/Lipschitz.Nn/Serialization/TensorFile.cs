using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Lipschitz.Nn.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Serialization;

/// <summary>
/// Named tensors in PyTorch's file format (the zip archive of <c>torch.save</c>): files written here open with
/// <c>torch.load</c> in Python as an OrderedDict of tensors, and files written by <c>torch.save</c> (a dict or OrderedDict
/// of tensors) load here. Reading treats the file as untrusted: every length, size, stride and offset is checked against
/// the bytes that are really there before anything is read, and nothing but tensors in containers is accepted.
/// </summary>
public static class TensorFile
{
    /// <summary>The largest <c>data.pkl</c> accepted (the tensors' bytes are separate records).</summary>
    public const long MaxPickleBytes = 256L << 20;

    /// <summary>Writes <paramref name="tensors"/> (name → tensor, in order) to <paramref name="path"/> atomically; tensors on any device are saved from a CPU copy.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            ArgumentNullException.ThrowIfNull(tensor, name);
            if (!names.Add(name)) throw new ArgumentException($"the name '{name}' occurs twice", nameof(tensors));
        }
        AtomicFile.Write(path, stream => Write(stream, list));
    }

    /// <summary>Writes the archive to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, Tensor>> tensors)
    {
        const string root = "archive";
        var zip = new ZipStoreWriter(stream);
        var pickle = new PickleWriter();
        pickle.Proto();
        pickle.Global("collections", "OrderedDict");
        pickle.Put();
        pickle.EmptyTuple();
        pickle.Reduce();
        pickle.Put();
        var storages = new List<Tensor>();
        try
        {
            if (tensors.Count > 0) pickle.Mark();
            for (int i = 0; i < tensors.Count; i++)
            {
                var (name, source) = tensors[i];
                Tensor t;
                using (NewDisposeScope())
                using (no_grad())
                    t = source.detach().cpu().contiguous().DetachFromDisposeScope();
                storages.Add(t);
                (string storageName, _) = StorageTypes.Of(t.dtype);
                pickle.Unicode(name);
                pickle.Put();
                pickle.Global("torch._utils", "_rebuild_tensor_v2");
                pickle.Put();
                pickle.Mark();
                // The persistent id ('storage', torch.FloatStorage, key, 'cpu', numel).
                pickle.Mark();
                pickle.Unicode("storage");
                pickle.Global("torch", storageName);
                pickle.Unicode(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                pickle.Unicode("cpu");
                pickle.Int(t.numel());
                pickle.Tuple();
                pickle.BinPersId();
                pickle.Int(0);
                pickle.Mark();
                foreach (long s in t.shape) pickle.Int(s);
                pickle.Tuple();
                pickle.Mark();
                foreach (long s in t.stride()) pickle.Int(s);
                pickle.Tuple();
                pickle.Bool(false);
                pickle.Global("collections", "OrderedDict");
                pickle.EmptyTuple();
                pickle.Reduce();
                pickle.Tuple();
                pickle.Reduce();
                pickle.Put();
            }
            if (tensors.Count > 0) pickle.SetItems();
            pickle.Stop();
            zip.Add(root + "/data.pkl", pickle.ToArray());
            zip.Add(root + "/byteorder", Encoding.ASCII.GetBytes("little"));
            for (int i = 0; i < storages.Count; i++)
                zip.Add(root + "/data/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), storages[i].numel() == 0 ? ReadOnlySpan<byte>.Empty : storages[i].bytes);
            zip.Add(root + "/version", Encoding.ASCII.GetBytes("3\n"));
            zip.Finish();
        }
        finally
        {
            foreach (Tensor t in storages) t.Dispose();
        }
    }

    /// <summary>
    /// Reads a file of named tensors (a dict or OrderedDict of tensors, as <c>torch.save(model.state_dict())</c> writes),
    /// as CPU tensors in the file's order; the caller disposes them. Any problem is a <see cref="TensorFileException"/>
    /// naming the file; a missing file is a <see cref="FileNotFoundException"/>.
    /// </summary>
    public static List<KeyValuePair<string, Tensor>> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        var result = new List<KeyValuePair<string, Tensor>>();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var zip = OpenZip(stream, path);
            (string prefix, ZipArchiveEntry pickleEntry) = FindPickle(zip, path);
            CheckByteOrder(zip, prefix, path);
            object? root;
            try
            {
                root = PickleReader.Read(ReadEntry(pickleEntry, MaxPickleBytes, path));
            }
            catch (FormatException e)
            {
                throw new TensorFileException(path, "data.pkl: " + e.Message, e);
            }
            if (root is not PyDict dict)
                throw new TensorFileException(path, $"the file holds a {Describe(root)}, not a dict of named tensors");
            var storages = new Dictionary<string, (Tensor Flat, StorageRef Ref)>(StringComparer.Ordinal);
            // torch.save stores its records uncompressed; a deflated record may not expand the file without bound.
            long budget = 16 * stream.Length + (1L << 20);
            var names = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var (key, value) in dict.Items)
                {
                    if (key is not string name) throw new TensorFileException(path, $"an entry's key is a {Describe(key)}, not a name");
                    if (value is not TensorRef tensor) throw new TensorFileException(path, $"'{name}' is a {Describe(value)}, not a tensor");
                    if (!names.Add(name)) throw new TensorFileException(path, $"'{name}' occurs twice");
                    result.Add(new(name, Materialise(zip, prefix, tensor, name, storages, ref budget, path)));
                }
            }
            finally
            {
                foreach (var s in storages.Values) s.Flat.Dispose();
            }
            return result;
        }
        catch (Exception e) when (e is not TensorFileException && e is not FileNotFoundException)
        {
            foreach (var (_, t) in result) t.Dispose();
            throw e switch
            {
                InvalidDataException or EndOfStreamException => new TensorFileException(path, "the archive is damaged or truncated (" + e.Message + ")", e),
                IOException or UnauthorizedAccessException => new TensorFileException(path, "cannot be read: " + e.Message, e),
                _ => e,
            };
        }
        catch
        {
            foreach (var (_, t) in result) t.Dispose();
            throw;
        }
    }

    private static ZipArchive OpenZip(Stream stream, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        int n = stream.Read(magic);
        stream.Position = 0;
        if (n < 4 || magic[0] != 'P' || magic[1] != 'K')
        {
            string what = n >= 2 && magic[0] == 0x80 ? "a legacy (pre-1.6) PyTorch file or a bare pickle" : "not a PyTorch zip archive";
            throw new TensorFileException(path, what + "; expected the zip format of torch.save");
        }
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new TensorFileException(path, "not a readable zip archive (" + e.Message + ")", e);
        }
    }

    private static (string Prefix, ZipArchiveEntry Entry) FindPickle(ZipArchive zip, string path)
    {
        ZipArchiveEntry? found = null;
        foreach (ZipArchiveEntry e in zip.Entries)
        {
            int slash = e.FullName.IndexOf('/');
            if (slash > 0 && e.FullName.AsSpan(slash + 1).SequenceEqual("data.pkl"))
            {
                if (found is not null) throw new TensorFileException(path, "the archive holds more than one data.pkl");
                found = e;
            }
        }
        if (found is null) throw new TensorFileException(path, "the archive has no data.pkl; it was not written by torch.save");
        return (found.FullName[..found.FullName.IndexOf('/')], found);
    }

    private static void CheckByteOrder(ZipArchive zip, string prefix, string path)
    {
        ZipArchiveEntry? order = zip.GetEntry(prefix + "/byteorder");
        if (order is null) return; // older writers: little-endian
        string text = Encoding.ASCII.GetString(ReadEntry(order, 16, path)).Trim();
        if (text != "little") throw new TensorFileException(path, $"the tensors are stored in '{text}' byte order; only little-endian files are supported");
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, long maxBytes, string path)
    {
        long length = entry.Length;
        if (length < 0 || length > maxBytes || length > Array.MaxLength)
            throw new TensorFileException(path, $"{entry.FullName} declares {length} bytes, more than the {maxBytes} allowed");
        var buffer = new byte[length];
        using Stream s = entry.Open();
        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Read(buffer, read, buffer.Length - read);
            if (n == 0) throw new TensorFileException(path, $"{entry.FullName} ends after {read} of its {length} bytes");
            read += n;
        }
        if (s.ReadByte() != -1) throw new TensorFileException(path, $"{entry.FullName} holds more than its declared {length} bytes");
        // torch.load does not check this; a flipped bit in a weight would otherwise load silently.
        uint crc = Crc32.Update(0, buffer);
        if (crc != entry.Crc32)
            throw new TensorFileException(path, $"{entry.FullName} is damaged: its CRC-32 is {crc:x8} but the archive records {entry.Crc32:x8}");
        return buffer;
    }

    private static Tensor Materialise(ZipArchive zip, string prefix, TensorRef t, string name, Dictionary<string, (Tensor Flat, StorageRef Ref)> storages, ref long budget, string path)
    {
        StorageRef s = t.Storage;
        if (!StorageTypes.TryParse(s.TypeName, out ScalarType type, out int elementSize))
            throw new TensorFileException(path, $"'{name}': unknown storage type {s.TypeName}");
        if (!storages.TryGetValue(s.Key, out var storage))
        {
            ZipArchiveEntry entry = zip.GetEntry(prefix + "/data/" + s.Key)
                ?? throw new TensorFileException(path, $"'{name}': its data record data/{s.Key} is missing");
            long expected;
            try
            {
                expected = checked(s.Count * elementSize);
            }
            catch (OverflowException)
            {
                throw new TensorFileException(path, $"'{name}': a storage of {s.Count} elements is too large");
            }
            if (entry.Length != expected)
                throw new TensorFileException(path, $"'{name}': data/{s.Key} holds {entry.Length} bytes but the pickle declares {s.Count} {s.TypeName} elements ({expected} bytes)");
            budget -= expected;
            if (budget < 0) throw new TensorFileException(path, $"'{name}': the records declare far more data than the file holds");
            byte[] bytes = ReadEntry(entry, expected, path);
            Tensor flat = empty(new[] { s.Count }, type);
            if (bytes.Length > 0) flat.bytes = bytes;
            storage = (flat, s);
            storages.Add(s.Key, storage);
        }
        else if (storage.Ref.TypeName != s.TypeName || storage.Ref.Count != s.Count)
        {
            throw new TensorFileException(path, $"'{name}': storage {s.Key} is declared twice with different types or sizes");
        }
        CheckView(t, name, path);
        using (no_grad())
        {
            using Tensor view = storage.Flat.as_strided(t.Size, t.Stride, t.Offset);
            return view.clone();
        }
    }

    private static void CheckView(TensorRef t, string name, string path)
    {
        if (t.Offset < 0) throw new TensorFileException(path, $"'{name}': negative storage offset {t.Offset}");
        long count = 1, last = t.Offset;
        try
        {
            for (int d = 0; d < t.Size.Length; d++)
            {
                if (t.Size[d] < 0 || t.Stride[d] < 0)
                    throw new TensorFileException(path, $"'{name}': negative size or stride in dimension {d}");
                count = checked(count * t.Size[d]);
                if (t.Size[d] > 0) last = checked(last + (t.Size[d] - 1) * t.Stride[d]);
            }
        }
        catch (OverflowException)
        {
            throw new TensorFileException(path, $"'{name}': its shape overflows");
        }
        if (count > 0 && last >= t.Storage.Count)
            throw new TensorFileException(path,
                $"'{name}': shape [{string.Join(", ", t.Size)}] with strides [{string.Join(", ", t.Stride)}] at offset {t.Offset} reaches element {last} of a storage of {t.Storage.Count}");
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string => "string",
        long => "integer",
        double => "float",
        bool => "bool",
        PyDict => "dict",
        PyTuple => "tuple",
        List<object?> => "list",
        TensorRef => "tensor",
        PyGlobal g => g.ToString(),
        _ => value.GetType().Name,
    };
}
