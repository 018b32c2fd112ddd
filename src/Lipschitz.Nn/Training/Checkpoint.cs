using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Serialization;
using TorchSharp;

namespace Lipschitz.Nn.Training;

/// <summary>One layer as recorded in a checkpoint, to name the difference when a checkpoint is of another network.</summary>
/// <param name="Name">The layer's field name.</param>
/// <param name="Kind">The layer kind.</param>
/// <param name="OutputShape">Its output shape.</param>
public sealed record CheckpointLayer(string Name, string Kind, string OutputShape);

/// <summary>The metadata of a checkpoint (<c>checkpoint.json</c>); the weights are in <see cref="StateFile"/>, beside it.</summary>
/// <param name="Path">The JSON file this was read from (or written to).</param>
/// <param name="Network">The network's name.</param>
/// <param name="DescriptionHash">Hex SHA-256 of the network's canonical description.</param>
/// <param name="Epoch">The last completed epoch.</param>
/// <param name="StateFile">The state-dict file name, relative to the JSON file's folder.</param>
/// <param name="OptimizerFile">The optimizer-state file name (relative), or null when the optimizer keeps no state to save.</param>
/// <param name="Layers">The network's layers, in order.</param>
/// <param name="History">Metrics of every completed epoch, the last one last.</param>
public sealed record CheckpointInfo(string Path, string Network, string DescriptionHash, int Epoch, string StateFile, string? OptimizerFile,
    IReadOnlyList<CheckpointLayer> Layers, IReadOnlyList<EpochMetrics> History)
{
    /// <summary>Hex SHA-256 of the state-dict file as written, or null in a checkpoint of format 1 (which recorded none).</summary>
    public string? StateSha256 { get; init; }

    /// <summary>Hex SHA-256 of the optimizer-state file as written, or null.</summary>
    public string? OptimizerSha256 { get; init; }

    /// <summary>The metrics of the last completed epoch, or null.</summary>
    public EpochMetrics? Metrics => History.Count == 0 ? null : History[^1];

    /// <summary>The full path of the state-dict file.</summary>
    public string StatePath => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".", StateFile);

    /// <summary>The full path of the optimizer-state file, or null.</summary>
    public string? OptimizerPath => OptimizerFile is null ? null : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".", OptimizerFile);
}

/// <summary>The error raised when a checkpoint is missing, malformed, or of another network; the message names the file and the difference.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the error.</summary>
    public CheckpointException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// Checkpoints in a run folder: per epoch a PyTorch-loadable state dict (<c>epoch-NNNN.pt</c>, optionally the
/// optimizer's state <c>epoch-NNNN.optim.pt</c>), and <c>checkpoint.json</c>, the folder's manifest, naming them with
/// their SHA-256. Every file is written atomically. Before an epoch's files are written the manifest lists them as
/// <c>pending</c> (still naming the previous epoch as the checkpoint); after them it names the new epoch. So an
/// interruption at any moment leaves the previous checkpoint intact, and every file the run writes is named by its
/// manifest: only such files are ever replaced or removed, never another file in the folder.
/// </summary>
public static class Checkpoint
{
    /// <summary>The metadata file name inside a checkpoint folder.</summary>
    public const string InfoFileName = "checkpoint.json";

    /// <summary>The format written: 2 (SHA-256 of the files, pending files, non-finite numbers as null). Format 1 is still read.</summary>
    public const int FormatVersion = 2;

    /// <summary>The largest epoch a checkpoint may record (the language's limit on <c>training.epochs</c>).</summary>
    public const int MaxEpoch = 100_000;

    /// <summary>The largest manifest read.</summary>
    public const long MaxInfoBytes = 64L << 20;

    /// <summary>The metadata file for a path that is a checkpoint folder or the JSON file itself.</summary>
    public static string InfoPath(string path) => Directory.Exists(path) ? System.IO.Path.Combine(path, InfoFileName) : path;

    /// <summary>The state-dict file name of an epoch.</summary>
    public static string StateFileName(int epoch) => "epoch-" + epoch.ToString("D4", CultureInfo.InvariantCulture) + ".pt";

    /// <summary>The optimizer-state file name of an epoch.</summary>
    public static string OptimizerFileName(int epoch) => "epoch-" + epoch.ToString("D4", CultureInfo.InvariantCulture) + ".optim.pt";

    /// <summary>
    /// Writes the checkpoint of <paramref name="model"/> after <paramref name="epoch"/> into <paramref name="directory"/>
    /// and then removes the files of the checkpoint it replaces (those its manifest named, no others). A failure to write
    /// is a <see cref="CheckpointWriteException"/> naming the path and the checkpoint that was kept.
    /// </summary>
    public static CheckpointInfo Save(string directory, LipschitzModule model, int epoch, IReadOnlyList<EpochMetrics> history,
        IReadOnlyList<KeyValuePair<string, torch.Tensor>>? optimizerState = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (epoch < 1 || epoch > MaxEpoch) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"epochs are counted from 1 to {MaxEpoch}");
        string infoPath = System.IO.Path.Combine(directory, InfoFileName);
        string stateFile = StateFileName(epoch);
        string? optimizerFile = optimizerState is not null && optimizerState.Count > 0 ? OptimizerFileName(epoch) : null;
        Manifest? previous = File.Exists(infoPath) ? ReadManifest(infoPath) : null;
        if (previous is not null && (previous.Network != model.GetName() || previous.DescriptionHash != model.DescriptionHash))
            throw new CheckpointException($"{infoPath}: the folder holds the checkpoint of another network or description ('{previous.Network}'); " +
                                          "its files are not this run's to replace");
        string kept = previous is { Epoch: > 0 } p
            ? $"the previous checkpoint (epoch {p.Epoch.ToString(CultureInfo.InvariantCulture)}, {p.Info!.StatePath}) is kept and loadable"
            : "no earlier checkpoint of this run exists";
        string current = infoPath;
        try
        {
            Directory.CreateDirectory(directory);
            // 1. Announce the files about to be written, so that they are the run's own even if it is killed now.
            var pending = new List<string> { stateFile };
            if (optimizerFile is not null) pending.Add(optimizerFile);
            AtomicFile.WriteAllText(infoPath, ToJson(previous is null ? NewManifest(model, pending) : WithPending(previous.Json, pending.Concat(previous.Pending.Where(f => File.Exists(System.IO.Path.Combine(directory, f)))).Distinct().ToList())));
            // 2. The files themselves.
            current = System.IO.Path.Combine(directory, stateFile);
            ModuleState.Save(model, current);
            string stateHash = Sha256(current);
            string? optimizerHash = null;
            if (optimizerFile is not null)
            {
                current = System.IO.Path.Combine(directory, optimizerFile);
                TensorFile.Save(current, optimizerState!);
                optimizerHash = Sha256(current);
            }
            // 3. The manifest names the new epoch.
            current = infoPath;
            var info = new CheckpointInfo(infoPath, model.GetName(), model.DescriptionHash, epoch, stateFile, optimizerFile, LayersOf(model), history)
            {
                StateSha256 = stateHash,
                OptimizerSha256 = optimizerHash,
            };
            // The replaced checkpoint's files stay listed (as the run's own) until they are removed below, so that an
            // interruption between here and there leaves nothing that a later run would not recognise.
            string[] obsolete = previous is null ? Array.Empty<string>()
                : previous.OwnFiles.Where(f => f != stateFile && f != optimizerFile && File.Exists(System.IO.Path.Combine(directory, f))).Distinct().ToArray();
            AtomicFile.WriteAllText(infoPath, ToJson(ToManifest(info, obsolete)));
            kept = $"epoch {epoch.ToString(CultureInfo.InvariantCulture)} is saved ({info.StatePath})";
            // 4. Only now are the previous epoch's files unreferenced: remove those, and only those.
            foreach (string old in obsolete)
            {
                current = System.IO.Path.Combine(directory, old);
                if (File.Exists(current)) File.Delete(current);
            }
            return info;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not TensorFileException)
        {
            throw new CheckpointWriteException(current, $"{current}: cannot write the checkpoint of epoch {epoch.ToString(CultureInfo.InvariantCulture)}: {e.Message}; {kept}", e);
        }
    }

    /// <summary>The layers of a network as a checkpoint records them.</summary>
    public static IReadOnlyList<CheckpointLayer> LayersOf(LipschitzModule model) =>
        model.LayerBounds.Select(l => new CheckpointLayer(l.Name, l.Kind, l.OutputShape)).ToArray();

    /// <summary>Reads and validates <c>checkpoint.json</c> (or the folder holding it); it must name a completed epoch.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        string infoPath = InfoPath(path);
        if (!File.Exists(infoPath))
        {
            if (Directory.Exists(path)) throw new CheckpointException($"{path}: no {InfoFileName} in this folder (no epoch has completed yet?)");
            throw new CheckpointException($"{infoPath}: checkpoint not found");
        }
        Manifest manifest = ReadManifest(infoPath);
        return manifest.Info ?? throw new CheckpointException(
            $"{infoPath}: no epoch has completed yet in this run folder (the run was stopped during its first epoch); start it afresh");
    }

    /// <summary>The manifest of a run folder, possibly of a run with no completed epoch (then <see cref="Info"/> is null).</summary>
    internal sealed record Manifest(string Path, string Network, string DescriptionHash, int Epoch, CheckpointInfo? Info, IReadOnlyList<string> Pending,
        CheckpointManifestJson Json)
    {
        /// <summary>The file names this manifest makes the run's own: its checkpoint's files and the pending ones.</summary>
        public IReadOnlyList<string> OwnFiles
        {
            get
            {
                var files = new List<string>(Pending);
                if (Info is not null)
                {
                    files.Add(Info.StateFile);
                    if (Info.OptimizerFile is not null) files.Add(Info.OptimizerFile);
                }
                return files;
            }
        }
    }

    /// <summary>Reads a manifest file and validates every field; any problem is a <see cref="CheckpointException"/> naming the file and the field.</summary>
    internal static Manifest ReadManifest(string infoPath)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(infoPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxInfoBytes) throw new CheckpointException($"{infoPath}: {stream.Length} bytes, more than a checkpoint manifest may have ({MaxInfoBytes})");
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{infoPath}: cannot be read: {e.Message}", e);
        }
        CheckpointManifestJson? json;
        try
        {
            json = JsonSerializer.Deserialize(bytes, LipnetJsonContext.Default.CheckpointManifestJson);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{infoPath}: not valid checkpoint JSON ({e.Message})", e);
        }
        if (json is null) throw new CheckpointException($"{infoPath}: the file holds null, not a checkpoint");
        return Validate(json, infoPath);
    }

    private static Manifest Validate(CheckpointManifestJson j, string infoPath)
    {
        CheckpointException Bad(string field, string problem) => new($"{infoPath}: field '{field}' {problem}");
        if (j.Format is not (1 or FormatVersion))
            throw new CheckpointException($"{infoPath}: checkpoint format {j.Format.ToString(CultureInfo.InvariantCulture)} is not supported (this lipnet reads 1 and {FormatVersion})");
        string network = Text(j.Network, "network", 512, Bad);
        if (network.Length == 0) throw Bad("network", "is empty");
        string hash = Text(j.DescriptionHash, "descriptionHash", 256, Bad);
        if (j.Epoch < 0 || j.Epoch > MaxEpoch)
            throw Bad("epoch", $"is {j.Epoch.ToString(CultureInfo.InvariantCulture)}, outside 0 … {MaxEpoch.ToString(CultureInfo.InvariantCulture)}");
        int epoch = (int)j.Epoch;
        var pending = new List<string>();
        foreach (string? p in j.Pending ?? new List<string?>())
        {
            if (p is null || !IsEpochFileName(p)) throw Bad("pending", $"names '{p ?? "null"}', not a file of the form epoch-NNNN.pt or epoch-NNNN.optim.pt");
            pending.Add(p);
        }
        if (j.Layers is null) throw Bad("layers", "is null");
        var layers = new List<CheckpointLayer>(j.Layers.Count);
        for (int k = 0; k < j.Layers.Count; k++)
        {
            CheckpointLayerJson l = j.Layers[k] ?? throw Bad($"layers[{k}]", "is null");
            layers.Add(new CheckpointLayer(Text(l.Name, $"layers[{k}].name", 1024, Bad), Text(l.Kind, $"layers[{k}].kind", 1024, Bad),
                Text(l.OutputShape, $"layers[{k}].outputShape", 1024, Bad)));
        }
        if (j.History is null) throw Bad("history", "is null");
        if (j.History.Count != epoch)
            throw Bad("history", $"holds {j.History.Count.ToString(CultureInfo.InvariantCulture)} epochs but 'epoch' is {epoch.ToString(CultureInfo.InvariantCulture)}");
        var history = new List<EpochMetrics>(j.History.Count);
        for (int k = 0; k < j.History.Count; k++)
            history.Add(Metrics(j.History[k] ?? throw Bad($"history[{k}]", "is null"), k + 1, $"history[{k}]", j.Format, Bad));
        if (epoch == 0)
        {
            if (j.StateFile is not null) throw Bad("stateFile", "names a file but no epoch has completed ('epoch' is 0)");
            return new Manifest(infoPath, network, hash, 0, null, pending, j);
        }
        string stateFile = j.StateFile ?? throw Bad("stateFile", "is null");
        if (stateFile != StateFileName(epoch)) throw Bad("stateFile", $"is '{stateFile}', but epoch {epoch.ToString(CultureInfo.InvariantCulture)}'s state file is {StateFileName(epoch)}");
        if (j.OptimizerFile is not null && j.OptimizerFile != OptimizerFileName(epoch))
            throw Bad("optimizerFile", $"is '{j.OptimizerFile}', but epoch {epoch.ToString(CultureInfo.InvariantCulture)}'s optimizer file is {OptimizerFileName(epoch)}");
        if (j.Format >= 2)
        {
            if (!IsSha256(j.StateSha256)) throw Bad("stateSha256", $"is '{j.StateSha256 ?? "null"}', not 64 hex digits");
            if (j.OptimizerFile is not null && !IsSha256(j.OptimizerSha256)) throw Bad("optimizerSha256", $"is '{j.OptimizerSha256 ?? "null"}', not 64 hex digits");
        }
        var info = new CheckpointInfo(infoPath, network, hash, epoch, stateFile, j.OptimizerFile, layers, history)
        {
            StateSha256 = j.StateSha256,
            OptimizerSha256 = j.OptimizerFile is null ? null : j.OptimizerSha256,
        };
        return new Manifest(infoPath, network, hash, epoch, info, pending, j);
    }

    private static string Text(string? value, string field, int maxLength, Func<string, string, CheckpointException> bad)
    {
        if (value is null) throw bad(field, "is null");
        if (value.Length > maxLength) throw bad(field, $"is {value.Length.ToString(CultureInfo.InvariantCulture)} characters long, more than {maxLength.ToString(CultureInfo.InvariantCulture)}");
        foreach (char c in value)
            if (char.IsControl(c)) throw bad(field, "holds a control character");
        return value;
    }

    private static EpochMetrics Metrics(EpochMetricsJson m, int expectedEpoch, string field, int format, Func<string, string, CheckpointException> bad)
    {
        if (m.Epoch != expectedEpoch) throw bad(field + ".epoch", $"is {m.Epoch.ToString(CultureInfo.InvariantCulture)}, expected {expectedEpoch.ToString(CultureInfo.InvariantCulture)} (epochs in order from 1)");
        // Format 1 wrote a non-finite loss or rate as -1.
        double Sentinel(double v) => format == 1 && v == -1 ? double.NaN : v;
        double Fraction(double v, string name) => v is >= 0 and <= 1 ? v : throw bad($"{field}.{name}", $"is {F(v)}, not a fraction in [0, 1]");
        double Rate(double v, string name) => double.IsNaN(v) || v >= 0 ? v : throw bad($"{field}.{name}", $"is {F(v)}, negative");
        if (m.Certified is null) throw bad(field + ".certified", "is null");
        var certified = new List<CertifiedAccuracy>(m.Certified.Count);
        for (int k = 0; k < m.Certified.Count; k++)
        {
            CertifiedAccuracyJson c = m.Certified[k] ?? throw bad($"{field}.certified[{k}]", "is null");
            if (!double.IsFinite(c.Eps) || c.Eps < 0) throw bad($"{field}.certified[{k}].eps", $"is {F(c.Eps)}, not a finite radius ≥ 0");
            certified.Add(new CertifiedAccuracy(c.Eps, Fraction(c.Accuracy, $"certified[{k}].accuracy")));
        }
        RegularizerMetrics? regularizer = null;
        if (m.Regularizer is { } r)
        {
            string kind = Text(r.Kind, field + ".regularizer.kind", 64, bad);
            double NonNegative(double v, string name) => double.IsNaN(v) || v >= 0 ? v : throw bad($"{field}.regularizer.{name}", $"is {F(v)}, negative");
            regularizer = new RegularizerMetrics(kind, NonNegative(r.Lambda, "lambda"), r.Penalty, NonNegative(r.Estimate, "estimate"), NonNegative(r.NextLambda, "nextLambda"));
        }
        return new EpochMetrics(expectedEpoch, Sentinel(m.Loss), Fraction(m.TrainAccuracy, "trainAccuracy"), Rate(Sentinel(m.TrainSamplesPerSecond), "trainSamplesPerSecond"),
            Rate(Sentinel(m.EvalImagesPerSecond), "evalImagesPerSecond"), Rate(m.EpochSeconds, "epochSeconds"), Fraction(m.CleanAccuracy, "cleanAccuracy"), certified)
        {
            Regularizer = regularizer,
        };
    }

    private static string F(double v) => double.IsNaN(v) ? "null" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Whether a file name is one a checkpoint writes: <c>epoch-NNNN.pt</c> or <c>epoch-NNNN.optim.pt</c> (4 to 6 digits).</summary>
    public static bool IsEpochFileName(string name)
    {
        if (!name.StartsWith("epoch-", StringComparison.Ordinal)) return false;
        string rest = name["epoch-".Length..];
        string digits = rest.EndsWith(".optim.pt", StringComparison.Ordinal) ? rest[..^".optim.pt".Length]
            : rest.EndsWith(".pt", StringComparison.Ordinal) ? rest[..^".pt".Length] : "";
        return digits.Length is >= 4 and <= 6 && digits.All(char.IsAsciiDigit);
    }

    private static bool IsSha256(string? s) => s is { Length: 64 } && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Hex SHA-256 of a file's bytes.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Throws <see cref="CheckpointException"/> unless the checkpoint was written by the same network: same name and
    /// description hash. The message names the difference: the name, the first differing layer, or the description.
    /// </summary>
    public static void Verify(CheckpointInfo info, LipschitzModule model)
    {
        string name = model.GetName();
        if (info.Network != name)
            throw new CheckpointException($"{info.Path}: the checkpoint is of network '{info.Network}', not '{name}'");
        if (info.DescriptionHash == model.DescriptionHash) return;
        IReadOnlyList<CheckpointLayer> mine = LayersOf(model);
        string detail = DescribeLayerDifference(info.Layers, mine)
            ?? "the layers agree, so the difference is elsewhere in the description (input, classes, declared bound, training or certification options)";
        throw new CheckpointException(
            $"{info.Path}: the checkpoint is of another description of '{name}' (description hash {Short(info.DescriptionHash)} there, {Short(model.DescriptionHash)} here): {detail}");
    }

    /// <summary>The first difference between two layer lists, in words, or null when they agree.</summary>
    public static string? DescribeLayerDifference(IReadOnlyList<CheckpointLayer> checkpoint, IReadOnlyList<CheckpointLayer> current)
    {
        int n = Math.Min(checkpoint.Count, current.Count);
        for (int k = 0; k < n; k++)
        {
            CheckpointLayer a = checkpoint[k], b = current[k];
            if (a != b)
                return $"layer {k + 1} is {a.Kind} '{a.Name}' → {a.OutputShape} in the checkpoint but {b.Kind} '{b.Name}' → {b.OutputShape} in this network";
        }
        if (checkpoint.Count > current.Count)
            return $"the checkpoint has {checkpoint.Count} layers, this network {current.Count} (from layer {n + 1}, {checkpoint[n].Kind} '{checkpoint[n].Name}', on)";
        if (current.Count > checkpoint.Count)
            return $"this network has {current.Count} layers, the checkpoint {checkpoint.Count} (from layer {n + 1}, {current[n].Kind} '{current[n].Name}', on)";
        return null;
    }

    /// <summary>Verifies the checkpoint against <paramref name="model"/> and its state file against the recorded SHA-256, and loads the weights (strictly: every key, every shape, finite values).</summary>
    public static void LoadWeights(CheckpointInfo info, LipschitzModule model)
    {
        Verify(info, model);
        VerifyHash(info.StatePath, info.StateSha256, info.Path);
        LoadStateFile(info.StatePath, model);
    }

    private static void VerifyHash(string path, string? expected, string manifest)
    {
        if (expected is null || !File.Exists(path)) return;
        string actual;
        try
        {
            actual = Sha256(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{path}: cannot be read: {e.Message}", e);
        }
        if (actual != expected)
            throw new CheckpointException($"{path}: the file changed after the checkpoint was written: its SHA-256 is {Short(actual)}…, {manifest} records {Short(expected)}…");
    }

    /// <summary>Loads a state-dict file into <paramref name="model"/> strictly; a mismatch names the file and the keys.</summary>
    public static void LoadStateFile(string statePath, LipschitzModule model)
    {
        if (!File.Exists(statePath)) throw new CheckpointException($"{statePath}: state-dict file not found");
        try
        {
            ModuleState.Load(model, statePath);
        }
        catch (StateDictMismatchException e)
        {
            throw new CheckpointException($"the weights do not fit network '{model.GetName()}': {e.Message}", e);
        }
        catch (TensorFileException e)
        {
            throw new CheckpointException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(e.Message.StartsWith(statePath, StringComparison.Ordinal) ? e.Message : $"{statePath}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads the checkpoint's optimizer state (moments, step counts, learning rate) into <paramref name="optimizer"/>;
    /// a missing file or a state of another optimizer or network is a <see cref="CheckpointException"/> naming the file.
    /// </summary>
    public static void LoadOptimizerState(CheckpointInfo info, torch.optim.Optimizer optimizer) => LoadOptimizerState(info, optimizer, null);

    /// <summary>
    /// Loads the checkpoint's optimizer state into <paramref name="optimizer"/> and the training regulariser's state
    /// (the entries under <see cref="RegularizerPrefix"/>) into <paramref name="regularizer"/>; returns false when the
    /// file holds no regulariser state (a checkpoint written without one). A state of another optimizer, network or
    /// regulariser is a <see cref="CheckpointException"/> naming the file. The regulariser's tensors are placed on <paramref name="device"/> (the CPU by default).
    /// </summary>
    public static bool LoadOptimizerState(CheckpointInfo info, torch.optim.Optimizer optimizer, Regularization.ITrainingRegularizer? regularizer,
        torch.Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        string path = info.OptimizerPath ?? throw new CheckpointException($"{info.Path}: the checkpoint holds no optimizer state");
        if (!File.Exists(path)) throw new CheckpointException($"{path}: optimizer-state file not found (named by {info.Path})");
        VerifyHash(path, info.OptimizerSha256, info.Path);
        List<KeyValuePair<string, torch.Tensor>> state;
        try
        {
            state = TensorFile.Load(path);
        }
        catch (TensorFileException e)
        {
            throw new CheckpointException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{path}: cannot be read: {e.Message}", e);
        }
        try
        {
            var own = state.Where(kv => kv.Key.StartsWith(RegularizerPrefix, StringComparison.Ordinal))
                .Select(kv => new KeyValuePair<string, torch.Tensor>(kv.Key[RegularizerPrefix.Length..], kv.Value)).ToList();
            var rest = state.Where(kv => !kv.Key.StartsWith(RegularizerPrefix, StringComparison.Ordinal)).ToList();
            OptimizerState.Restore(optimizer, rest);
            if (regularizer is null || own.Count == 0) return false;
            try
            {
                regularizer.Restore(own, device ?? torch.CPU);
            }
            catch (ArgumentException e)
            {
                throw new CheckpointException($"{path}: the training regulariser's state does not fit this recipe's: {e.Message}", e);
            }
            return true;
        }
        catch (OptimizerStateMismatchException e)
        {
            throw new CheckpointException($"{path}: {e.Message}", e);
        }
        finally
        {
            foreach (var (_, t) in state) t.Dispose();
        }
    }

    /// <summary>The key prefix of the training regulariser's state inside the optimizer-state file.</summary>
    public const string RegularizerPrefix = "regularizer.";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    /// <summary>A manifest for a run that has started but completed no epoch, owning <paramref name="pending"/>.</summary>
    internal static CheckpointManifestJson NewManifest(LipschitzModule model, IReadOnlyList<string> pending) => new()
    {
        Format = FormatVersion,
        Network = model.GetName(),
        DescriptionHash = model.DescriptionHash,
        Epoch = 0,
        StateFile = null,
        Pending = pending.Select(p => (string?)p).ToList(),
        Layers = LayersOf(model).Select(l => (CheckpointLayerJson?)new CheckpointLayerJson { Name = l.Name, Kind = l.Kind, OutputShape = l.OutputShape }).ToList(),
        History = new List<EpochMetricsJson?>(),
    };

    /// <summary>The same manifest (rewritten in the current format) with another pending list.</summary>
    internal static CheckpointManifestJson WithPending(CheckpointManifestJson json, IReadOnlyList<string> pending)
    {
        CheckpointManifestJson copy = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(json, LipnetJsonContext.Default.CheckpointManifestJson),
            LipnetJsonContext.Default.CheckpointManifestJson)!;
        if (copy.Format == 1)
        {
            // Rewritten in format 2: -1 stood for a non-finite loss or rate.
            foreach (EpochMetricsJson? m in copy.History ?? new List<EpochMetricsJson?>())
            {
                if (m is null) continue;
                if (m.Loss == -1) m.Loss = double.NaN;
                if (m.TrainSamplesPerSecond == -1) m.TrainSamplesPerSecond = double.NaN;
                if (m.EvalImagesPerSecond == -1) m.EvalImagesPerSecond = double.NaN;
            }
            copy.Metrics = copy.History is { Count: > 0 } h ? h[^1] : null;
        }
        copy.Format = FormatVersion;
        copy.Pending = pending.Select(p => (string?)p).ToList();
        return copy;
    }

    private static CheckpointManifestJson ToManifest(CheckpointInfo info, IReadOnlyList<string> pending)
    {
        List<EpochMetricsJson?> history = info.History.Select(m => (EpochMetricsJson?)ToJson(m)).ToList();
        return new CheckpointManifestJson
        {
            Format = FormatVersion,
            Network = info.Network,
            DescriptionHash = info.DescriptionHash,
            Epoch = info.Epoch,
            StateFile = info.StateFile,
            StateSha256 = info.StateSha256,
            OptimizerFile = info.OptimizerFile,
            OptimizerSha256 = info.OptimizerSha256,
            Pending = pending.Select(p => (string?)p).ToList(),
            Metrics = history.Count == 0 ? null : history[^1],
            Layers = info.Layers.Select(l => (CheckpointLayerJson?)new CheckpointLayerJson { Name = l.Name, Kind = l.Kind, OutputShape = l.OutputShape }).ToList(),
            History = history,
        };
    }

    private static EpochMetricsJson ToJson(EpochMetrics m) => new()
    {
        Epoch = m.Epoch,
        Loss = m.Loss,
        TrainAccuracy = m.TrainAccuracy,
        TrainSamplesPerSecond = m.TrainSamplesPerSecond,
        EvalImagesPerSecond = m.EvalImagesPerSecond,
        EpochSeconds = m.EpochSeconds,
        CleanAccuracy = m.CleanAccuracy,
        Certified = m.Certified.Select(c => (CertifiedAccuracyJson?)new CertifiedAccuracyJson { Eps = c.Eps, Accuracy = c.Accuracy }).ToList(),
        Regularizer = m.Regularizer is { } r
            ? new RegularizerMetricsJson { Kind = r.Kind, Lambda = r.Lambda, Penalty = r.Penalty, Estimate = r.Estimate, NextLambda = r.NextLambda }
            : null,
    };

    internal static string ToJson(CheckpointManifestJson manifest) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(manifest, LipnetJsonContext.Default.CheckpointManifestJson)) + "\n";
}
