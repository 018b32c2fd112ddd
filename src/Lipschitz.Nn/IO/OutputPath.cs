using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Lipschitz.Nn.IO;

/// <summary>
/// Checks an output path before any work starts, so that a wrong one is an error in milliseconds rather than after an
/// epoch: not a folder where a file is meant (or the other way round), not inside a kernel pseudo file system, not an
/// input of the run, not an existing file of someone else's without <c>--force</c>, and writable (probed with a
/// temporary file that is removed at once). Nothing else is created.
/// </summary>
public static class OutputPath
{
    /// <summary>Checks a folder to write into (it may not exist yet); returns its full path.</summary>
    /// <param name="path">The folder as given.</param>
    /// <param name="inputs">Files this run reads; none may be the folder.</param>
    public static string CheckFolder(string path, IEnumerable<string>? inputs = null)
    {
        string full = Full(path);
        RefusePseudoFileSystem(path, full);
        if (File.Exists(full)) throw new OutputPathException(path, "is a file, not a folder", ioFailure: false);
        foreach (string input in inputs ?? Array.Empty<string>())
            if (SameFile(full, input)) throw new OutputPathException(path, "is an input of this command", ioFailure: false);
        ProbeWritable(path, full);
        return full;
    }

    /// <summary>
    /// Checks a file to write (atomically, by rename); returns its full path. An existing file is replaced only when
    /// <paramref name="isOwnOutput"/> recognises it as an earlier output of the same kind, or with <paramref name="force"/>;
    /// a file this run reads (<paramref name="inputs"/>) is never replaced.
    /// </summary>
    public static string CheckFile(string path, IEnumerable<string>? inputs = null, bool force = false, Func<string, bool>? isOwnOutput = null)
    {
        if (path.Length == 0) throw new OutputPathException(path, "an empty path", ioFailure: false);
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
            throw new OutputPathException(path, "names a folder; give a file name", ioFailure: false);
        string full = Full(path);
        RefusePseudoFileSystem(path, full);
        if (Directory.Exists(full)) throw new OutputPathException(path, "is a folder; give a file name", ioFailure: false);
        foreach (string input in inputs ?? Array.Empty<string>())
            if (SameFile(full, input))
                throw new OutputPathException(path, $"is {(input == full ? "" : $"the same file as {input}, ")}an input of this command; it is never overwritten", ioFailure: false);
        if (File.Exists(full))
        {
            if (!force && (isOwnOutput is null || !isOwnOutput(full)))
                throw new OutputPathException(path, "exists and was not written by lipnet; choose another path or pass --force to replace it", ioFailure: false);
        }
        string? parent = Path.GetDirectoryName(full);
        ProbeWritable(path, parent ?? full);
        return full;
    }

    /// <summary>Whether two paths name the same file (after resolving symbolic links).</summary>
    public static bool SameFile(string a, string b) => string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);

    private static string Full(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new OutputPathException(path, "is not a valid path (" + e.Message + ")", ioFailure: false, e);
        }
    }

    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            // Resolve every link on the way: a link to the description is the description.
            var parts = new List<string>();
            string? current = full;
            while (current is not null)
            {
                FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
                if (info.Exists && info.LinkTarget is not null)
                {
                    FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
                    if (target is not null)
                    {
                        parts.Reverse();
                        return Path.Combine(new[] { Resolve(target.FullName) }.Concat(parts).ToArray());
                    }
                }
                string? parent = Path.GetDirectoryName(current);
                if (parent is null) break;
                parts.Add(Path.GetFileName(current));
                current = parent;
            }
            return full;
        }
        catch (IOException)
        {
            return full; // a dangling or looping link: compare by name
        }
    }

    // Writing into /proc or /sys fails only at the end, or writes kernel settings; /dev holds devices (its /dev/shm is
    // an ordinary tmpfs and is allowed).
    private static void RefusePseudoFileSystem(string path, string full)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (string root in new[] { "/proc", "/sys", "/dev" })
        {
            if ((full == root || full.StartsWith(root + "/", StringComparison.Ordinal)) && !full.StartsWith("/dev/shm/", StringComparison.Ordinal))
                throw new OutputPathException(path, $"is inside {root}, a kernel file system, not a place for output", ioFailure: false);
        }
    }

    private static void ProbeWritable(string path, string folder)
    {
        // The nearest folder that exists is where the write (or the creation of the missing folders) will happen.
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new OutputPathException(path, $"{existing} is a file, not a folder", ioFailure: false);
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null) throw new OutputPathException(path, "no part of the path exists", ioFailure: true);
        string probe = AtomicFile.TempPathFor(Path.Combine(existing, ".lipnet-probe"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(path, $"cannot write in {existing}: {e.Message}", ioFailure: true, e);
        }
    }
}
