using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace Lipschitz.Nn.IO;

/// <summary>Writes files so that readers see the old content or the new, never a half-written file (temp file + rename).</summary>
/// <remarks>
/// The temporary file is <c>TARGET.tmp-PID-GUID</c> beside the target. A process killed while writing leaves it behind;
/// <see cref="RemoveStaleTempFiles"/> removes such files, and only such files, once their writer is gone.
/// </remarks>
public static class AtomicFile
{
    /// <summary>What follows the target's name in a temporary file's name.</summary>
    public const string TempMarker = ".tmp-";

    /// <summary>Writes <paramref name="content"/> as UTF-8 (no BOM) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string content) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(content));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes, 0, bytes.Length));

    /// <summary>Lets <paramref name="write"/> fill a temporary file beside <paramref name="path"/>, flushes it to disk, then renames it over the target.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // Unique per write, not just per process: two writes to one path from one process must not share a temp file.
        string temp = TempPathFor(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A fresh temporary path for a write of <paramref name="fullPath"/> by this process.</summary>
    public static string TempPathFor(string fullPath) =>
        fullPath + TempMarker + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Whether <paramref name="fileName"/> is a temporary file of this class: <c>TARGET.tmp-PID-GUID</c> (32 hex digits);
    /// <paramref name="target"/> is the file name it was to replace and <paramref name="pid"/> its writer.
    /// </summary>
    public static bool TryParseTempName(string fileName, out string target, out int pid)
    {
        target = "";
        pid = 0;
        int at = fileName.LastIndexOf(TempMarker, StringComparison.Ordinal);
        if (at <= 0) return false;
        string rest = fileName[(at + TempMarker.Length)..];
        int dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || rest.Length - dash - 1 != 32) return false;
        if (!int.TryParse(rest.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out pid) || pid <= 0) return false;
        foreach (char c in rest.AsSpan(dash + 1))
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        target = fileName[..at];
        return true;
    }

    /// <summary>
    /// Deletes the temporary files in <paramref name="directory"/> that this class left for targets that
    /// <paramref name="isOwnTarget"/> accepts (by file name) and whose writing process no longer runs; returns their paths.
    /// Any other file is left alone.
    /// </summary>
    public static IReadOnlyList<string> RemoveStaleTempFiles(string directory, Func<string, bool> isOwnTarget)
    {
        ArgumentNullException.ThrowIfNull(isOwnTarget);
        var removed = new List<string>();
        if (!Directory.Exists(directory)) return removed;
        foreach (string path in Directory.EnumerateFiles(directory, "*" + TempMarker + "*"))
        {
            string name = Path.GetFileName(path);
            if (!TryParseTempName(name, out string target, out int pid) || !isOwnTarget(target) || IsRunning(pid)) continue;
            File.Delete(path);
            removed.Add(path);
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temp file stays behind (a later run removes it, see RemoveStaleTempFiles); the target is untouched.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
