using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
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
/// Checkpoints in a folder: per epoch a PyTorch-loadable state dict (<c>epoch-NNNN.pt</c>, optionally the
/// optimizer's state <c>epoch-NNNN.optim.pt</c>), then <c>checkpoint.json</c> naming them. Every file is written
/// atomically and the JSON last, so it always names a complete epoch: an interruption at any moment leaves the
/// previous checkpoint intact. Files of older epochs are removed once the JSON points past them.
/// </summary>
public static class Checkpoint
{
    /// <summary>The metadata file name inside a checkpoint folder.</summary>
    public const string InfoFileName = "checkpoint.json";

    private const int FormatVersion = 1;

    /// <summary>The metadata file for a path that is a checkpoint folder or the JSON file itself.</summary>
    public static string InfoPath(string path) => Directory.Exists(path) ? System.IO.Path.Combine(path, InfoFileName) : path;

    /// <summary>Writes the checkpoint of <paramref name="model"/> after <paramref name="epoch"/> into <paramref name="directory"/>.</summary>
    public static CheckpointInfo Save(string directory, LipschitzModule model, int epoch, IReadOnlyList<EpochMetrics> history,
        IReadOnlyList<KeyValuePair<string, torch.Tensor>>? optimizerState = null)
    {
        Directory.CreateDirectory(directory);
        string stem = "epoch-" + epoch.ToString("D4", CultureInfo.InvariantCulture);
        string stateFile = stem + ".pt";
        ModuleState.Save(model, System.IO.Path.Combine(directory, stateFile));
        string? optimizerFile = null;
        if (optimizerState is not null && optimizerState.Count > 0)
        {
            optimizerFile = stem + ".optim.pt";
            TensorFile.Save(System.IO.Path.Combine(directory, optimizerFile), optimizerState);
        }
        string infoPath = System.IO.Path.Combine(directory, InfoFileName);
        var info = new CheckpointInfo(infoPath, model.GetName(), model.DescriptionHash, epoch, stateFile, optimizerFile, LayersOf(model), history);
        AtomicFile.WriteAllText(infoPath, ToJson(info));
        // Only now is the previous epoch's pair unreferenced.
        foreach (string old in Directory.EnumerateFiles(directory, "epoch-*.pt"))
        {
            string name = System.IO.Path.GetFileName(old);
            if (name != stateFile && name != optimizerFile) File.Delete(old);
        }
        return info;
    }

    /// <summary>The layers of a network as a checkpoint records them.</summary>
    public static IReadOnlyList<CheckpointLayer> LayersOf(LipschitzModule model) =>
        model.LayerBounds.Select(l => new CheckpointLayer(l.Name, l.Kind, l.OutputShape)).ToArray();

    /// <summary>Reads <c>checkpoint.json</c> (or the folder holding it).</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        string infoPath = InfoPath(path);
        if (!File.Exists(infoPath))
            throw new CheckpointException(Directory.Exists(path) ? $"{path}: no {InfoFileName} in this folder (no epoch has completed yet?)" : $"{infoPath}: checkpoint not found");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(infoPath));
            JsonElement root = doc.RootElement;
            int version = root.GetProperty("format").GetInt32();
            if (version != FormatVersion) throw new CheckpointException($"{infoPath}: checkpoint format {version} is not supported (expected {FormatVersion})");
            var layers = root.GetProperty("layers").EnumerateArray()
                .Select(l => new CheckpointLayer(l.GetProperty("name").GetString()!, l.GetProperty("kind").GetString()!, l.GetProperty("outputShape").GetString()!))
                .ToArray();
            var history = root.GetProperty("history").EnumerateArray().Select(ReadMetrics).ToArray();
            string? optimizerFile = root.TryGetProperty("optimizerFile", out JsonElement o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            return new CheckpointInfo(infoPath, root.GetProperty("network").GetString()!, root.GetProperty("descriptionHash").GetString()!,
                root.GetProperty("epoch").GetInt32(), root.GetProperty("stateFile").GetString()!, optimizerFile, layers, history);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{infoPath}: not valid checkpoint JSON ({e.Message})", e);
        }
        catch (KeyNotFoundException e)
        {
            throw new CheckpointException($"{infoPath}: a required field is missing ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new CheckpointException($"{infoPath}: a field has the wrong type ({e.Message})", e);
        }
        catch (FormatException e)
        {
            throw new CheckpointException($"{infoPath}: a field has the wrong type ({e.Message})", e);
        }
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

    /// <summary>Verifies the checkpoint against <paramref name="model"/> and loads its weights (strictly: every key, every shape).</summary>
    public static void LoadWeights(CheckpointInfo info, LipschitzModule model)
    {
        Verify(info, model);
        LoadStateFile(info.StatePath, model);
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
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new CheckpointException(e.Message.StartsWith(statePath, StringComparison.Ordinal) ? e.Message : $"{statePath}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads the checkpoint's optimizer state (moments, step counts, learning rate) into <paramref name="optimizer"/>;
    /// a missing file or a state of another optimizer or network is a <see cref="CheckpointException"/> naming the file.
    /// </summary>
    public static void LoadOptimizerState(CheckpointInfo info, torch.optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        string path = info.OptimizerPath ?? throw new CheckpointException($"{info.Path}: the checkpoint holds no optimizer state");
        if (!File.Exists(path)) throw new CheckpointException($"{path}: optimizer-state file not found (named by {info.Path})");
        List<KeyValuePair<string, torch.Tensor>> state;
        try
        {
            state = TensorFile.Load(path);
        }
        catch (TensorFileException e)
        {
            throw new CheckpointException(e.Message, e);
        }
        try
        {
            OptimizerState.Restore(optimizer, state);
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

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string ToJson(CheckpointInfo info)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", FormatVersion);
            w.WriteString("network", info.Network);
            w.WriteString("descriptionHash", info.DescriptionHash);
            w.WriteNumber("epoch", info.Epoch);
            w.WriteString("stateFile", info.StateFile);
            if (info.OptimizerFile is null) w.WriteNull("optimizerFile");
            else w.WriteString("optimizerFile", info.OptimizerFile);
            w.WritePropertyName("metrics");
            if (info.Metrics is null) w.WriteNullValue();
            else WriteMetrics(w, info.Metrics);
            w.WriteStartArray("layers");
            foreach (CheckpointLayer l in info.Layers)
            {
                w.WriteStartObject();
                w.WriteString("name", l.Name);
                w.WriteString("kind", l.Kind);
                w.WriteString("outputShape", l.OutputShape);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("history");
            foreach (EpochMetrics m in info.History) WriteMetrics(w, m);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Writes one epoch's metrics as a JSON object.</summary>
    public static void WriteMetrics(Utf8JsonWriter w, EpochMetrics m)
    {
        w.WriteStartObject();
        w.WriteNumber("epoch", m.Epoch);
        w.WriteNumber("loss", Finite(m.Loss));
        w.WriteNumber("trainAccuracy", m.TrainAccuracy);
        w.WriteNumber("trainSamplesPerSecond", Finite(m.TrainSamplesPerSecond));
        w.WriteNumber("evalImagesPerSecond", Finite(m.EvalImagesPerSecond));
        w.WriteNumber("epochSeconds", m.EpochSeconds);
        w.WriteNumber("cleanAccuracy", m.CleanAccuracy);
        w.WriteStartArray("certified");
        foreach (CertifiedAccuracy c in m.Certified)
        {
            w.WriteStartObject();
            w.WriteNumber("eps", c.Eps);
            w.WriteNumber("accuracy", c.Accuracy);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // A diverged loss is NaN; JSON has no NaN, so it is recorded as -1 (never a real loss or rate).
    private static double Finite(double v) => double.IsFinite(v) ? v : -1;

    private static EpochMetrics ReadMetrics(JsonElement e) => new(
        e.GetProperty("epoch").GetInt32(), e.GetProperty("loss").GetDouble(), e.GetProperty("trainAccuracy").GetDouble(),
        e.GetProperty("trainSamplesPerSecond").GetDouble(), e.GetProperty("evalImagesPerSecond").GetDouble(), e.GetProperty("epochSeconds").GetDouble(),
        e.GetProperty("cleanAccuracy").GetDouble(),
        e.GetProperty("certified").EnumerateArray().Select(c => new CertifiedAccuracy(c.GetProperty("eps").GetDouble(), c.GetProperty("accuracy").GetDouble())).ToArray());
}
