namespace Lipschitz.Nn;

/// <summary>The norm in which input perturbations are measured for a certificate.</summary>
public enum Norm
{
    /// <summary>Euclidean norm; the network's Lipschitz bound is stated in it.</summary>
    L2,

    /// <summary>Maximum norm; its radius is the L2 radius divided by √d (d = input size), since ‖δ‖₂ ≤ √d·‖δ‖∞.</summary>
    LInf,
}
