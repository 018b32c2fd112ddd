namespace Lipschitz.Nn;

/// <summary>One row of a network's bound table: a layer, its output shape and its Lipschitz bound.</summary>
/// <param name="Name">The layer's field name in the generated class (e.g. "conv0", "head").</param>
/// <param name="Kind">The layer kind as written in the description (e.g. "aol_conv2d").</param>
/// <param name="OutputShape">The inferred output shape without the batch dimension, e.g. "[16, 28, 28]".</param>
/// <param name="Bound">The layer's Lipschitz bound in the L2 norm (+∞ for unconstrained layers).</param>
/// <param name="Exact">True when the bound holds by construction, false when it comes from an iterative estimate.</param>
public sealed record LayerBound(string Name, string Kind, string OutputShape, double Bound, bool Exact);
