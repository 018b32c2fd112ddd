using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Serialization;

/// <summary>
/// Saving and strictly loading a module's state dict in PyTorch's file format. Unlike TorchSharp's
/// <c>load_state_dict</c>, which copies with broadcasting (a [1] tensor silently fills a [256, 784] weight), loading here
/// requires every key, the exact shape and a compatible element type, and refuses NaN or infinite values, before any
/// parameter is touched; parameters keep their identity, device and <c>requires_grad</c> (values are copied in place).
/// </summary>
public static class ModuleState
{
    /// <summary>Writes <paramref name="module"/>'s state dict to <paramref name="path"/> atomically (<c>torch.load</c> opens it).</summary>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        TensorFile.Save(path, module.state_dict());
    }

    /// <summary>Loads a state-dict file into <paramref name="module"/>; a mismatch is a <see cref="StateDictMismatchException"/> naming the file.</summary>
    public static void Load(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        List<KeyValuePair<string, Tensor>> tensors = TensorFile.Load(path);
        try
        {
            Apply(module, tensors, path);
        }
        finally
        {
            foreach (var (_, t) in tensors) t.Dispose();
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="module"/> after checking keys, shapes, element types and values; <paramref name="sourceName"/> names the source in errors.</summary>
    public static void Apply(nn.Module module, IReadOnlyList<KeyValuePair<string, Tensor>> source, string sourceName)
    {
        Dictionary<string, Tensor> target = module.state_dict();
        var given = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        foreach (var (key, tensor) in source)
        {
            if (target.ContainsKey(key)) given[key] = tensor;
            else unexpected.Add(key);
        }
        var missing = target.Keys.Where(k => !given.ContainsKey(k)).ToList();
        var mismatched = new List<string>();
        foreach (var (key, have) in target)
        {
            if (!given.TryGetValue(key, out Tensor? t)) continue;
            if (!have.shape.SequenceEqual(t.shape))
                mismatched.Add($"'{key}' has shape [{string.Join(", ", t.shape)}] in the file but [{string.Join(", ", have.shape)}] here");
            else if (!Compatible(have.dtype, t.dtype))
                mismatched.Add($"'{key}' is {t.dtype} in the file but {have.dtype} here");
            else if (t.is_floating_point() && t.numel() > 0)
            {
                using var scope = NewDisposeScope();
                if (!t.isfinite().all().item<bool>()) mismatched.Add($"'{key}' holds NaN or infinite values");
            }
        }
        if (missing.Count > 0 || unexpected.Count > 0 || mismatched.Count > 0)
            throw new StateDictMismatchException(sourceName, missing, unexpected, mismatched);
        using (no_grad())
        {
            foreach (var (key, have) in target) have.copy_(given[key]);
        }
    }

    // Floating-point values convert between precisions (a float64 file into a float32 network); other types must match.
    private static bool Compatible(ScalarType have, ScalarType file) =>
        have == file || (IsFloat(have) && IsFloat(file));

    private static bool IsFloat(ScalarType t) => t is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
}
