using System;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Attacks;

/// <summary>How an attack runs. Budgets are per sample: <see cref="Attack.Run(nn.Module{Tensor, Tensor}, Tensor, Tensor, Tensor, AttackOptions)"/> takes them as a tensor.</summary>
public sealed record AttackOptions
{
    /// <summary>The attack.</summary>
    public AttackKind Kind { get; init; } = AttackKind.Pgd;

    /// <summary>The norm the budget is measured in.</summary>
    public Norm Norm { get; init; } = Norm.L2;

    /// <summary>Gradient steps per restart (FGSM takes one; the signed attack stops each sample when it reaches its target).</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Step size relative to eps (PGD: 2.5/steps as Madry et al.; the signed attack's step is absolute, see <see cref="SignedStep"/>); null picks the attack's default.</summary>
    public double? RelativeStep { get; init; }

    /// <summary>The signed attack's step in pixel units (1/255 by default, a one-level change of an 8-bit image).</summary>
    public double SignedStep { get; init; } = 1.0 / 255;

    /// <summary>Start from a random point of the ball (PGD, audit); the first restart of the audit starts at the input itself.</summary>
    public bool RandomStart { get; init; } = true;

    /// <summary>Attempts from different starts; a sample counts as broken when any attempt succeeds.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>The class each sample is pushed towards ([N] int64), or null for an untargeted attack (any other class).</summary>
    public Tensor? Target { get; init; }

    /// <summary>
    /// Which input entries may change: 1 free, 0 fixed, broadcast against one sample's shape (e.g. [1, H, W] for every
    /// channel), or null for all. The budget applies to the masked perturbation.
    /// </summary>
    public Tensor? Mask { get; init; }

    /// <summary>The valid input range the adversarial input is clipped to (pixels: 0 and 1), or null for none.</summary>
    public (double Min, double Max)? Clip { get; init; } = (0, 1);

    /// <summary>Seed of the random starts.</summary>
    public long Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"steps must be at least 1, got {Steps}");
        if (Restarts < 1) throw new ArgumentException($"restarts must be at least 1, got {Restarts}");
        if (RelativeStep is double r && !(r > 0 && double.IsFinite(r))) throw new ArgumentException($"the relative step must be positive and finite, got {r}");
        if (!(SignedStep > 0 && double.IsFinite(SignedStep))) throw new ArgumentException($"the signed step must be positive and finite, got {SignedStep}");
        if (Clip is (double lo, double hi) && !(lo < hi)) throw new ArgumentException($"the clip range [{lo}, {hi}] is empty");
        if (Kind == AttackKind.Signed && Target is null) throw new ArgumentException("the signed attack is targeted: give a target class");
    }
}
