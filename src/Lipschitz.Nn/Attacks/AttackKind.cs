namespace Lipschitz.Nn.Attacks;

/// <summary>The attacks <see cref="Attack"/> runs.</summary>
public enum AttackKind
{
    /// <summary>One step of size eps along the gradient's sign (L∞) or its direction (L2): Goodfellow et al.'s FGSM / FGM.</summary>
    Fgsm,

    /// <summary>Projected gradient descent (Madry et al.): steps of the signed (L∞) or normalised (L2) gradient, projected back into the eps-ball, random start, restarts.</summary>
    Pgd,

    /// <summary>The targeted iterated signed-gradient attack: steps of sign(∇) towards the target class, each sample until it is predicted as the target.</summary>
    Signed,

    /// <summary>
    /// The attack that audits certificates, in the spirit of APGD (Croce &amp; Hein 2020): the margin loss max_{j≠y} z_j − z_y,
    /// momentum, a step size halved at checkpoints where progress stalls (restarting from the best point), several random restarts.
    /// </summary>
    Audit,

    /// <summary>
    /// Not an attack but its baseline: random noise at the budget, drawn once per restart (L2: a Gaussian direction scaled
    /// to norm eps; L∞: uniform in [−eps, eps] per input), inside the mask and the valid range; what a network's accuracy
    /// under random corruption of that size is.
    /// </summary>
    Noise,
}
