using System.Collections.Generic;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of down-sampling and pooling (L2-norm pooling, scaled average pooling, global pooling), in docs order.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> Pooling() => System.Array.Empty<LayerKindInfo>();
}
