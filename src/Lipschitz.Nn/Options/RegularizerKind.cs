namespace Lipschitz.Nn.Options;

/// <summary>The regulariser added to the training loss.</summary>
public enum RegularizerKind
{
    /// <summary>None.</summary>
    None,

    /// <summary>CLIP (Bungert et al. 2021): λ·L̂², L̂ the largest difference quotient over a pair set moved by gradient ascent.</summary>
    Clip,

    /// <summary>λ·Σ_l ‖W_l‖₂² over the layers with weights, each norm estimated by power iteration (the classical weight penalty CLIP is compared with).</summary>
    Spectral,
}
