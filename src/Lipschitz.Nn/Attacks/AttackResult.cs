using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Attacks;

/// <summary>
/// What an attack found, per sample (CPU tensors the caller disposes, or <see cref="Dispose"/> disposes them all):
/// the adversarial inputs, whether each succeeded (another class than the label, or the target), the perturbation's
/// L2 and L∞ norms, the logits at the adversarial inputs, and for the signed attack the steps it took.
/// </summary>
public sealed class AttackResult : IDisposable
{
    internal AttackResult(Tensor adversarial, Tensor success, Tensor l2, Tensor linf, Tensor logits, Tensor steps)
    {
        Adversarial = adversarial;
        Success = success;
        L2 = l2;
        LInf = linf;
        Logits = logits;
        Steps = steps;
    }

    /// <summary>The adversarial inputs, shaped like the inputs (the input itself where nothing better was found).</summary>
    public Tensor Adversarial { get; }

    /// <summary>[N] bool: the prediction at the adversarial input is wrong (untargeted) or the target (targeted).</summary>
    public Tensor Success { get; }

    /// <summary>[N] float64: ‖δ‖₂ of the perturbation.</summary>
    public Tensor L2 { get; }

    /// <summary>[N] float64: ‖δ‖∞ of the perturbation.</summary>
    public Tensor LInf { get; }

    /// <summary>[N, classes]: the logits at the adversarial inputs.</summary>
    public Tensor Logits { get; }

    /// <summary>[N] int64: gradient steps taken until success (−1 where the attack did not succeed).</summary>
    public Tensor Steps { get; }

    /// <summary>The fraction of samples the attack broke.</summary>
    public double SuccessRate => Success.numel() == 0 ? 0 : Success.to(ScalarType.Float64).mean().ToDouble();

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Adversarial.Dispose();
        Success.Dispose();
        L2.Dispose();
        LInf.Dispose();
        Logits.Dispose();
        Steps.Dispose();
    }
}
