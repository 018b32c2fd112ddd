using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Lipschitz.Torch.Native;

namespace Lipschitz.Torch;

/// <summary>
/// State-dict files: a pickled <c>c10::Dict&lt;std::string, at::Tensor&gt;</c> (torch::pickle_save), which Python's
/// <c>torch.load</c> opens as a dict of tensors. Written to a temporary file beside the target, then renamed.
/// </summary>
internal static class StateDictFile
{
    internal static unsafe void Save(string path, IReadOnlyList<(string name, torch.Tensor tensor)> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
            throw new DirectoryNotFoundException($"{path}: cannot save, the directory {dir} does not exist");

        var names = new IntPtr[entries.Count];
        var handles = new IntPtr[entries.Count];
        IntPtr data = IntPtr.Zero;
        try
        {
            for (int k = 0; k < entries.Count; k++)
            {
                names[k] = Marshal.StringToCoTaskMemUTF8(entries[k].name);
                handles[k] = entries[k].tensor.Handle;
            }
            long length;
            fixed (IntPtr* n = names)
            fixed (IntPtr* h = handles)
            {
                int status = NativeMethods.lt_pickle_state_dict(n, h, entries.Count, out data, out length);
                if (status < 0) throw new IOException($"{path}: cannot serialise the state dict: {NativeMethods.LastError().Message}");
            }
            GC.KeepAlive(entries);

            string temp = Path.Combine(dir ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    stream.Write(new ReadOnlySpan<byte>((void*)data, checked((int)length)));
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, full, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(temp);
                throw new IOException($"{path}: cannot write the state dict: {e.Message}", e);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }
        finally
        {
            foreach (IntPtr n in names)
                if (n != IntPtr.Zero) Marshal.FreeCoTaskMem(n);
            if (data != IntPtr.Zero) NativeMethods.lt_buffer_free(data);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // The write already failed; the caller sees that error, and a stray temp file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    internal static unsafe Dictionary<string, torch.Tensor> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such state-dict file", path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot read the state dict: {e.Message}", e);
        }
        if (bytes.Length == 0) throw new InvalidDataException($"{path}: the file is empty, not a state dict");
        IntPtr sd;
        fixed (byte* p = bytes) sd = NativeMethods.lt_unpickle_state_dict(p, bytes.Length);
        if (sd == IntPtr.Zero)
            throw new InvalidDataException($"{path}: not a state-dict file written by this library (files from Python's torch.save " +
                                           $"cannot be read by libtorch 1.13): {NativeMethods.LastError().Message}");
        var result = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            int n = NativeMethods.lt_state_dict_count(sd);
            for (int k = 0; k < n; k++)
            {
                string name = Marshal.PtrToStringUTF8(NativeMethods.lt_state_dict_name(sd, k)) ?? "";
                var t = new torch.Tensor(NativeMethods.Check(NativeMethods.lt_state_dict_tensor(sd, k)));
                if (!result.TryAdd(name, t))
                {
                    t.Dispose();
                    throw new InvalidDataException($"{path}: the state dict holds the key '{name}' twice");
                }
            }
        }
        catch
        {
            foreach (torch.Tensor t in result.Values) t.Dispose();
            throw;
        }
        finally
        {
            NativeMethods.lt_state_dict_free(sd);
        }
        return result;
    }
}

public static partial class torch
{
    /// <summary>Writes a state dict atomically to <paramref name="path"/> (Python's torch.load opens it as a dict of tensors).</summary>
    public static void save(IDictionary<string, Tensor> state_dict, string path)
    {
        ArgumentNullException.ThrowIfNull(state_dict);
        var entries = new List<(string, Tensor)>(state_dict.Count);
        foreach (var kv in state_dict) entries.Add((kv.Key, kv.Value));
        StateDictFile.Save(path, entries);
    }

    /// <summary>Reads a state dict written by <see cref="save"/> or <see cref="nn.Module.save"/>; the caller owns the tensors.</summary>
    public static Dictionary<string, Tensor> load(string path) => StateDictFile.Load(path);
}
