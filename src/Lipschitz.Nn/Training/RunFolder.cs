using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Lipschitz.Nn.IO;

namespace Lipschitz.Nn.Training;

/// <summary>What a training run found in its folder and may do there.</summary>
/// <param name="Directory">The folder's full path.</param>
/// <param name="Resume">The checkpoint to continue from, or null for a run from epoch 1.</param>
/// <param name="Replaced">Existing files this run will replace because <c>--force</c> was given (not its own).</param>
/// <param name="Notes">What a person should know (a resumed run with no completed epoch, removed temporary files).</param>
public sealed record RunFolderPlan(string Directory, CheckpointInfo? Resume, IReadOnlyList<string> Replaced, IReadOnlyList<string> Notes);

/// <summary>
/// The rules of a run folder (<c>--out</c>). A folder is a run's when its manifest (<c>checkpoint.json</c>) says so; a
/// run writes <c>checkpoint.json</c>, <c>epoch-NNNN.pt</c>, <c>epoch-NNNN.optim.pt</c> and <c>report.json/.svg/.png</c>,
/// replaces or removes only the files its manifest names (and its reports), and leaves every other file alone. A fresh
/// run into a folder that holds a completed checkpoint, or whose files it would replace, is refused without
/// <c>--force</c>, naming them; with <c>--force</c> it replaces those files, and still removes nothing else.
/// </summary>
public static class RunFolder
{
    /// <summary>The report files a run writes beside its checkpoint.</summary>
    public static IReadOnlyList<string> ReportFiles { get; } = new[] { "report.json", "report.svg", "report.png" };

    /// <summary>Checks that a run may use <paramref name="directory"/>, writing nothing; throws <see cref="OutputPathException"/> or <see cref="CheckpointException"/>.</summary>
    public static RunFolderPlan Check(string directory, LipschitzModule model, bool resume, bool force, int epochs) =>
        Plan(directory, model, resume, force, epochs, out _);

    /// <summary>
    /// Checks as <see cref="Check"/> does, then takes the folder: removes the temporary files that interrupted writes of
    /// this run's files left behind, and for a fresh run writes a manifest with no completed epoch (which also proves the
    /// folder writable before any work).
    /// </summary>
    public static RunFolderPlan Open(string directory, LipschitzModule model, bool resume, bool force, int epochs)
    {
        RunFolderPlan plan = Plan(directory, model, resume, force, epochs, out Checkpoint.Manifest? manifest);
        var notes = new List<string>(plan.Notes);
        string infoPath = Path.Combine(plan.Directory, Checkpoint.InfoFileName);
        try
        {
            bool ours = manifest is not null && manifest.Network == model.GetName() && manifest.DescriptionHash == model.DescriptionHash;
            if (plan.Resume is null && !ours)
            {
                // Claim the folder. With --force over another network's manifest, its files become pending, and so are
                // removed once this run's first epoch is saved.
                Directory.CreateDirectory(plan.Directory);
                IReadOnlyList<string> inherited = manifest?.OwnFiles ?? Array.Empty<string>();
                AtomicFile.WriteAllText(infoPath, Checkpoint.ToJson(Checkpoint.NewManifest(model, inherited.Where(IsRunFile).ToList())));
            }
            IReadOnlyList<string> removed = AtomicFile.RemoveStaleTempFiles(plan.Directory, IsRunFile);
            if (removed.Count > 0)
                notes.Add($"removed {removed.Count.ToString(CultureInfo.InvariantCulture)} temporary file(s) left by an interrupted write: " +
                          string.Join(", ", removed.Select(Path.GetFileName)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(plan.Directory, "cannot write the run's manifest: " + e.Message, ioFailure: true, e);
        }
        return plan with { Notes = notes };
    }

    /// <summary>Whether a file name is one a run writes into its folder.</summary>
    public static bool IsRunFile(string name) =>
        name == Checkpoint.InfoFileName || ReportFiles.Contains(name) || Checkpoint.IsEpochFileName(name);

    private static RunFolderPlan Plan(string directory, LipschitzModule model, bool resume, bool force, int epochs, out Checkpoint.Manifest? manifest)
    {
        string full = OutputPath.CheckFolder(directory);
        manifest = null;
        var notes = new List<string>();
        string infoPath = Path.Combine(full, Checkpoint.InfoFileName);
        if (!Directory.Exists(full))
        {
            if (resume) throw new CheckpointException($"{directory}: no such folder, so there is no checkpoint to resume");
            return new RunFolderPlan(full, null, Array.Empty<string>(), notes);
        }

        CheckpointInfo? resumeFrom = null;
        bool ours = false;
        if (File.Exists(infoPath))
        {
            try
            {
                manifest = Checkpoint.ReadManifest(infoPath);
            }
            catch (CheckpointException e) when (!resume && force)
            {
                notes.Add($"replacing the unreadable {Checkpoint.InfoFileName} (--force): {e.Message}");
            }
            catch (CheckpointException e) when (!resume)
            {
                throw new OutputPathException(directory,
                    $"holds a {Checkpoint.InfoFileName} that cannot be read ({e.Message}); a fresh run would replace it. Choose another --out folder, or pass --force",
                    ioFailure: false, e);
            }
            if (manifest is not null)
            {
                bool same = manifest.Network == model.GetName() && manifest.DescriptionHash == model.DescriptionHash;
                if (resume)
                {
                    if (manifest.Info is { } info)
                    {
                        Checkpoint.Verify(info, model);
                        resumeFrom = info;
                        if (info.Epoch > epochs) notes.Add($"the checkpoint is at epoch {info.Epoch}, past the {epochs} asked for");
                    }
                    else if (!same)
                        throw new CheckpointException($"{infoPath}: the run in this folder is of network '{manifest.Network}' or another description of it; nothing to resume");
                    else
                        notes.Add("no epoch of the run in this folder had completed, so training starts from epoch 1");
                    ours = true;
                }
                else if (manifest.Info is not null && !force)
                {
                    throw new OutputPathException(directory,
                        $"this folder already holds a checkpoint ({Checkpoint.InfoFileName}, epoch {manifest.Epoch}); a fresh run would overwrite it. " +
                        "Continue it with --resume, choose another --out folder, or pass --force to overwrite it deliberately", ioFailure: false);
                }
                else if (!same && !force)
                {
                    throw new OutputPathException(directory,
                        $"this folder is the run folder of network '{manifest.Network}' (another network or description); choose another --out folder, or pass --force",
                        ioFailure: false);
                }
                else ours = same;
            }
        }
        else if (resume)
        {
            throw new CheckpointException($"{directory}: no {Checkpoint.InfoFileName} in this folder, so there is no checkpoint to resume (no epoch has completed yet?)");
        }

        // Every file this run may write that is already there and not the run's own.
        var own = new HashSet<string>(StringComparer.Ordinal);
        if (ours && manifest is not null)
        {
            foreach (string f in manifest.OwnFiles) own.Add(f);
            foreach (string f in ReportFiles) own.Add(f);
            own.Add(Checkpoint.InfoFileName);
        }
        int first = resumeFrom is null ? 1 : resumeFrom.Epoch + 1;
        bool hasManifest = manifest is not null;
        bool WillWrite(string name)
        {
            if (ReportFiles.Contains(name)) return true;
            if (name == Checkpoint.InfoFileName) return !hasManifest;
            if (!Checkpoint.IsEpochFileName(name)) return false;
            int epoch = int.Parse(name.AsSpan(6, name.IndexOf('.', StringComparison.Ordinal) - 6), NumberStyles.None, CultureInfo.InvariantCulture);
            return epoch >= first && epoch <= epochs && (name == Checkpoint.StateFileName(epoch) || name == Checkpoint.OptimizerFileName(epoch));
        }
        var foreign = System.IO.Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).OfType<string>()
            .Where(f => WillWrite(f) && !own.Contains(f)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0 && !force)
        {
            throw new OutputPathException(directory,
                $"holds {string.Join(", ", foreign)}, not written by this run; it would replace {(foreign.Count == 1 ? "it" : "them")}. " +
                "Choose another --out folder, or pass --force to replace them (no other file is touched)", ioFailure: false);
        }
        if (foreign.Count > 0) notes.Add("replacing (--force): " + string.Join(", ", foreign));
        return new RunFolderPlan(full, resumeFrom, foreign, notes);
    }
}
