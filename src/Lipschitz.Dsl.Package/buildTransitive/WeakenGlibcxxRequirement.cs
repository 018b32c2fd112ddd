#nullable enable
// Compiled by MSBuild's RoslynCodeTaskFactory (see Lipschitz.Dsl.targets), and by the tests, which run the same patch.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
#if !LIPSCHITZ_ELF_PATCH_ONLY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

#if !LIPSCHITZ_ELF_PATCH_ONLY
/// <summary>
/// Marks libstdc++ version requirements that no relocation uses as weak (VER_FLG_WEAK in .gnu.version_r) in the output
/// copy of a native library, so that it loads where libstdc++ lacks that version. TorchSharp 0.107's libLibTorchSharp.so
/// (built with GCC 15) needs GLIBCXX_3.4.32 only for <c>std::ios_base_library_init()</c>, a marker symbol that no
/// relocation refers to; Debian 12 and Ubuntu 22.04 ship libstdc++ of GCC 12 (up to GLIBCXX_3.4.30).
/// </summary>
public sealed class WeakenGlibcxxRequirement : Task
{
    /// <summary>The library files to patch (missing files are skipped).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        foreach (ITaskItem item in Files)
        {
            string path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            try
            {
                string outcome = ElfVersionPatch.Apply(path);
                Log.LogMessage(MessageImportance.Low, "{0}: {1}", path, outcome);
            }
            catch (InvalidDataException e)
            {
                Log.LogWarning("{0}: left unchanged, it may not load where libstdc++ lacks GLIBCXX_3.4.32: {1}", path, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }
}

#endif

/// <summary>The ELF64 patch itself, apart from MSBuild so that tests can call it (they compile this file with LIPSCHITZ_ELF_PATCH_ONLY).</summary>
public static class ElfVersionPatch
{
    /// <summary>Version requirements that may be weakened, with the only symbols allowed to carry them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Weakenable = new Dictionary<string, string[]>
    {
        ["GLIBCXX_3.4.32"] = new[] { "_ZSt21ios_base_library_initv" },
    };

    private const uint ShtRela = 4, ShtDynsym = 11, ShtVerneed = 0x6ffffffe, ShtVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>
    /// Patches <paramref name="path"/> in place by writing a new file and renaming it over the old one (a hard link to a
    /// package cache is replaced, never written through); keeps the file's timestamp so incremental copies skip it.
    /// Returns what was done; throws <see cref="InvalidDataException"/> when the file is not as expected.
    /// </summary>
    public static string Apply(string path)
    {
        byte[] image = File.ReadAllBytes(path);
        List<string> changed = Patch(image);
        if (changed.Count == 0) return "no version requirement to weaken";
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllBytes(temp, image);
            File.SetLastWriteTimeUtc(temp, stamp);
            // rename(2) over the old name: a hard link to the package cache is replaced, not written through.
            File.Replace(temp, path, null);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return "weakened " + string.Join(", ", changed);
    }

    /// <summary>Sets VER_FLG_WEAK on the weakenable requirements of an ELF64 little-endian image; returns their names.</summary>
    public static List<string> Patch(byte[] image)
    {
        var changed = new List<string>();
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (image[4] != 2 || image[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");
        ulong shoff = U64(image, 0x28);
        int shentsize = U16(image, 0x3a), shnum = U16(image, 0x3c);
        if (shentsize < 64 || shnum == 0) throw new InvalidDataException("no section headers");
        var sections = new List<Section>();
        for (int i = 0; i < shnum; i++)
        {
            int h = Index(image, shoff + (ulong)(i * shentsize), 64);
            sections.Add(new Section(U32(image, h + 4), U64(image, h + 0x18), U64(image, h + 0x20), U32(image, h + 0x28), U32(image, h + 0x2c), U64(image, h + 0x38)));
        }
        Section? verneed = sections.Find(s => s.Type == ShtVerneed);
        if (verneed is null) return changed;
        Section names = At(sections, verneed.Link);

        // Version index → requirement name, and where each requirement's flags live.
        var byIndex = new Dictionary<int, (string Name, int FlagsAt, ushort Flags)>();
        int entry = Index(image, verneed.Offset, 16);
        for (uint n = 0; n < verneed.Info; n++)
        {
            Index(image, (ulong)entry, 16);
            int aux = entry + (int)U32(image, entry + 8);
            int count = U16(image, entry + 2);
            for (int a = 0; a < count; a++)
            {
                Index(image, (ulong)aux, 16);
                string name = Str(image, names, U32(image, aux + 8));
                byIndex[U16(image, aux + 6)] = (name, aux + 4, (ushort)U16(image, aux + 4));
                uint next = U32(image, aux + 12);
                if (next == 0) break;
                aux += (int)next;
            }
            uint nextEntry = U32(image, entry + 12);
            if (nextEntry == 0) break;
            entry += (int)nextEntry;
        }

        Section dynsym = sections.Find(s => s.Type == ShtDynsym) ?? throw new InvalidDataException("no .dynsym section");
        Section versym = sections.Find(s => s.Type == ShtVersym) ?? throw new InvalidDataException("no .gnu.version section");
        Section symNames = At(sections, dynsym.Link);
        int symbols = (int)(dynsym.Size / 24);
        var relocated = new HashSet<int>();
        foreach (Section rela in sections.FindAll(s => s.Type == ShtRela && s.Link < sections.Count && sections[(int)s.Link].Type == ShtDynsym))
        {
            for (ulong r = 0; r + 24 <= rela.Size; r += 24)
                relocated.Add((int)(U64(image, Index(image, rela.Offset + r, 24) + 8) >> 32));
        }

        foreach (KeyValuePair<int, (string Name, int FlagsAt, ushort Flags)> v in byIndex)
        {
            if (!Weakenable.TryGetValue(v.Value.Name, out string[]? allowed) || (v.Value.Flags & VerFlgWeak) != 0) continue;
            for (int s = 0; s < symbols; s++)
            {
                if ((U16(image, Index(image, versym.Offset + (ulong)(2 * s), 2)) & 0x7fff) != v.Key) continue;
                int sym = Index(image, dynsym.Offset + (ulong)(24 * s), 24);
                string symbol = Str(image, symNames, U32(image, sym));
                if (Array.IndexOf(allowed, symbol) < 0)
                    throw new InvalidDataException($"{v.Value.Name} is also needed by {symbol}, so it cannot be made optional");
                if (relocated.Contains(s))
                    throw new InvalidDataException($"a relocation uses {symbol}@{v.Value.Name}, so it cannot be made optional");
            }
            ushort flags = (ushort)(v.Value.Flags | VerFlgWeak);
            image[v.Value.FlagsAt] = (byte)flags;
            image[v.Value.FlagsAt + 1] = (byte)(flags >> 8);
            changed.Add(v.Value.Name);
        }
        return changed;
    }

    private sealed class Section
    {
        public Section(uint type, ulong offset, ulong size, uint link, uint info, ulong entrySize)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
            EntrySize = entrySize;
        }

        public uint Type { get; }
        public ulong Offset { get; }
        public ulong Size { get; }
        public uint Link { get; }
        public uint Info { get; }
        public ulong EntrySize { get; }
    }

    private static Section At(List<Section> sections, uint index) =>
        index < sections.Count ? sections[(int)index] : throw new InvalidDataException($"section index {index} out of range");

    private static int Index(byte[] image, ulong offset, int length) =>
        offset + (ulong)length <= (ulong)image.Length ? (int)offset : throw new InvalidDataException($"offset {offset} lies past the end of the file");

    private static string Str(byte[] image, Section table, uint offset)
    {
        int start = Index(image, table.Offset + offset, 1);
        int end = start;
        while (end < image.Length && image[end] != 0) end++;
        return Encoding.ASCII.GetString(image, start, end - start);
    }

    private static int U16(byte[] b, int i) => b[i] | (b[i + 1] << 8);
    private static uint U32(byte[] b, int i) => (uint)(b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
    private static ulong U64(byte[] b, ulong i) => U32(b, (int)i) | ((ulong)U32(b, (int)i + 4) << 32);
    private static ulong U64(byte[] b, int i) => U64(b, (ulong)i);
}
