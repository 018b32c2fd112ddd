using System.Collections.Generic;

namespace Lipschitz.Dsl.Catalogue;

public static partial class LayerCatalogue
{
    /// <summary>The kinds of activations beyond MaxMin, ReLU and Abs (GroupSort, Householder, the N-activation), in docs order.</summary>
    /// <remarks>Entries only: no static fields in this file (partial files' static initialisers run in no fixed order).</remarks>
    private static IEnumerable<LayerKindInfo> Activations() => System.Array.Empty<LayerKindInfo>();
}
