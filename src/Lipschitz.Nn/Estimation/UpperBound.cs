using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Estimation;

/// <summary>One layer's bounds: declared at compile time, verified from its weights (what a certificate may use), and power iteration.</summary>
/// <param name="Name">The layer's field name.</param>
/// <param name="Kind">Its kind as written in the description.</param>
/// <param name="Declared">The compile-time bound (+∞ for unconstrained layers).</param>
/// <param name="Verified">A verified upper bound from the current weights (+∞ when none can be computed).</param>
/// <param name="PowerIteration">The power-iteration value (a lower estimate), or null for layers without weights.</param>
/// <param name="Method">How <paramref name="Verified"/> was obtained.</param>
public sealed record LayerEstimate(string Name, string Kind, double Declared, double Verified, double? PowerIteration, string Method);

/// <summary>A network's upper bounds: per layer and composed by the same rule as the compile-time bound (the product along the chain).</summary>
/// <param name="Network">The network's name.</param>
/// <param name="Declared">The compile-time bound (+∞ for a network declared <c>lipschitz: computed</c>).</param>
/// <param name="Verified">The product of the layers' verified bounds.</param>
/// <param name="PowerIteration">The product of the layers' power-iteration values (declared bounds for layers without weights).</param>
/// <param name="Layers">Every layer, in order.</param>
public sealed record UpperBound(string Network, double Declared, double Verified, double PowerIteration, IReadOnlyList<LayerEstimate> Layers)
{
    /// <summary>The tighter of the declared and the verified bound (both hold; a certificate may use either).</summary>
    public double Tightest => Math.Min(Declared, Verified);

    /// <summary>
    /// The verified bound certificates divide by: <see cref="Verified"/>, or for a network with a class-pair head
    /// (<see cref="LipschitzModule.ClassPairHead"/>) the product of the verified bounds of the layers before it.
    /// </summary>
    public double CertificateVerified { get; init; } = double.NaN;

    /// <summary>
    /// Computes the bounds of <paramref name="network"/>'s current weights. Layers that implement
    /// <see cref="IVerifiedBound"/> are measured; layers whose bound is exact by construction (activations, reshapes)
    /// keep it; anything else has no verified bound (+∞).
    /// </summary>
    public static UpperBound Of(LipschitzModule network, int powerIterations = 50)
    {
        ArgumentNullException.ThrowIfNull(network);
        var children = network.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);
        IReadOnlyList<long> shape = network.InputShape;
        var layers = new List<LayerEstimate>();
        double verified = 1, power = 1;
        foreach (LayerBound row in network.LayerBounds)
        {
            children.TryGetValue(row.Name, out nn.Module? layer);
            LayerEstimate estimate = layer switch
            {
                IVerifiedBound measured => new LayerEstimate(row.Name, row.Kind, row.Bound, measured.VerifiedBound(shape), measured.PowerIteration(shape, powerIterations),
                    measured.BoundMethod(shape)),
                _ when row.Exact && double.IsFinite(row.Bound) => new LayerEstimate(row.Name, row.Kind, row.Bound, row.Bound, null, "exact by construction"),
                _ => new LayerEstimate(row.Name, row.Kind, row.Bound, double.PositiveInfinity, null, "no verified bound for this layer"),
            };
            layers.Add(estimate);
            verified *= estimate.Verified;
            power *= estimate.PowerIteration ?? estimate.Verified;
            shape = ParseShape(row.OutputShape);
        }
        double declared = network.BoundIsComputed ? double.PositiveInfinity : network.Bound;
        double body = 1;
        int bodyLayers = network.ClassPairHead is null ? layers.Count : layers.Count - 1;
        for (int i = 0; i < bodyLayers; i++) body *= layers[i].Verified;
        return new UpperBound(network.GetName(), declared, verified, power, layers) { CertificateVerified = body };
    }

    /// <summary>"[16, 28, 28]" → {16, 28, 28}.</summary>
    internal static long[] ParseShape(string text) =>
        text.Trim('[', ']', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
}
