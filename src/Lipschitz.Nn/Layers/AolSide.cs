namespace Lipschitz.Nn.Layers;

/// <summary>
/// Which side of the free parameter P the AOL rescaling normalises. Both give ‖W‖₂ ≤ 1 for any P (the theorem applied
/// to P or to Pᵀ, whose norms agree); they cost a Gram matrix of the input size or of the output size.
/// </summary>
public enum AolSide
{
    /// <summary>The smaller Gram matrix: <see cref="In"/> when inputs ≤ outputs, else <see cref="Out"/>.</summary>
    Auto,

    /// <summary>W = P·diag(Σ_j |PᵀP|_ij)^(-1/2): the inputs' Gram matrix (in × in), as in Prach &amp; Lampert's paper.</summary>
    In,

    /// <summary>W = diag(Σ_j |PPᵀ|_ij)^(-1/2)·P: the outputs' Gram matrix (out × out), i.e. AOL applied to the adjoint.</summary>
    Out,
}

/// <summary>Resolving <see cref="AolSide.Auto"/>.</summary>
public static class AolSides
{
    /// <summary><paramref name="side"/> itself, or for <see cref="AolSide.Auto"/> the side with the smaller Gram matrix (in on a tie).</summary>
    public static AolSide Resolve(AolSide side, long inSize, long outSize) => side switch
    {
        AolSide.Auto => inSize <= outSize ? AolSide.In : AolSide.Out,
        AolSide.In or AolSide.Out => side,
        _ => throw new System.ArgumentOutOfRangeException(nameof(side), side, "AOL side must be auto, in or out"),
    };
}
