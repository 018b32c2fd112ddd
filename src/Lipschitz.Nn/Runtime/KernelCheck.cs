using System;
using System.Globalization;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Runtime;

/// <summary>
/// A network's own float32 computation checked against the same network in float64, before it is trained, certified or
/// attacked: the eval-mode logits and their input gradient on a few random inputs. It catches CPU kernels that compute
/// this network's layer shapes wrongly (see <see cref="TorchRuntime.MkldnnStatus"/>), whatever the cause.
/// </summary>
public static class KernelCheck
{
    /// <summary>Relative tolerance: the largest difference allowed, as a fraction of the largest float64 entry (at least 1).</summary>
    public const double Tolerance = 1e-3;

    /// <summary>
    /// Compares <paramref name="model"/> (float32, on the CPU) with a float64 twin holding its weights (a new instance of
    /// its type, or <paramref name="twin"/>'s): null when logits and input gradients agree within <see cref="Tolerance"/>,
    /// else what differs. Networks on another device or of another dtype are not checked (null). The model's mode and
    /// weights are left as they were.
    /// </summary>
    public static string? Compare(LipschitzModule model, Func<LipschitzModule>? twin = null, int batch = 4)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.parameters().ToList();
        if (parameters.Count == 0 || parameters.Any(p => p.device_type != DeviceType.CPU || p.dtype != ScalarType.Float32)) return null;
        bool wasTraining = model.training;
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        // Making the twin draws initial weights from torch's global generator; it is put back, so that a seeded training
        // that follows draws exactly what it would have drawn without the check.
        Tensor rngState = get_rng_state();
        try
        {
            model.eval();
            using LipschitzModule reference = twin?.Invoke() ?? (LipschitzModule)Activator.CreateInstance(model.GetType())!;
            set_rng_state(rngState);
            reference.load_state_dict(model.state_dict());
            reference.to(ScalarType.Float64);
            reference.eval();
            var generator = new Generator(20261202);
            long[] shape = new[] { (long)batch }.Concat(model.InputShape).ToArray();
            Tensor x = rand(shape, generator: generator).requires_grad_();
            Tensor logits = model.call(x);
            Tensor probe = randn(logits.shape, generator: generator);
            Tensor grad = autograd.grad(new[] { (logits * probe).sum() }, new[] { x })[0];
            Tensor x64 = x.detach().to(ScalarType.Float64).requires_grad_();
            Tensor logits64 = reference.call(x64);
            Tensor grad64 = autograd.grad(new[] { (logits64 * probe.to(ScalarType.Float64)).sum() }, new[] { x64 })[0];
            return Differs("logits", logits, logits64) ?? Differs("input gradient", grad, grad64);
        }
        finally
        {
            set_rng_state(rngState);
            if (wasTraining) model.train();
        }
    }

    private static string? Differs(string what, Tensor value, Tensor reference)
    {
        (double error, double scale) = Gap(value, reference);
        return error <= Tolerance * scale
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"float32 {what} differ from float64 by {error:G3} (largest entry {scale:G3})");
    }

    /// <summary>max |value − reference| / max(1, max |reference|), in float64; NaN when either holds NaN.</summary>
    internal static double RelativeError(Tensor value, Tensor reference)
    {
        (double error, double scale) = Gap(value, reference);
        return error / scale;
    }

    /// <summary>max |value − reference| in float64, and max(1, max |reference|), the scale it is judged against.</summary>
    private static (double Error, double Scale) Gap(Tensor value, Tensor reference)
    {
        using var scope = NewDisposeScope();
        double scale = Math.Max(1, reference.abs().max().ToDouble());
        return ((value.to(ScalarType.Float64) - reference).abs().max().ToDouble(), scale);
    }

    /// <summary>
    /// <see cref="Compare"/> at each of <paramref name="batches"/> (default 4), and when it fails with libtorch's oneDNN on,
    /// turns oneDNN off and compares again. Returns
    /// what was found for the output ("float32 agrees with float64", or that oneDNN was turned off and why); throws
    /// <see cref="InvalidOperationException"/> when the network still disagrees, naming the difference.
    /// </summary>
    public static string Ensure(LipschitzModule model, Func<LipschitzModule>? twin = null, params int[] batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        // oneDNN picks its kernels by shape, the batch included: each batch size the caller will run is checked.
        if (batches.Length == 0) batches = new[] { 4 };
        string? CompareAll() => batches.Distinct().Select(b => Compare(model, twin, b)).FirstOrDefault(p => p is not null);
        string? problem = CompareAll();
        if (problem is null) return "float32 logits and input gradients agree with float64";
        if (Mkldnn.TurnOff())
        {
            TorchRuntime.MkldnnStatus = $"off: this network's {problem} with oneDNN on";
            if (CompareAll() is null) return $"oneDNN turned off: with it this network's {problem}; libtorch's own kernels agree";
        }
        throw new InvalidOperationException($"network '{model.GetName()}': {problem}; its results cannot be trusted on this machine");
    }
}
