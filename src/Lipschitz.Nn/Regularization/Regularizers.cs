using System;
using Lipschitz.Nn.Options;

namespace Lipschitz.Nn.Regularization;

/// <summary>Creates the regulariser a recipe declares.</summary>
public static class Regularizers
{
    /// <summary>The regulariser for <paramref name="options"/>, or null for none; <paramref name="seed"/> seeds its randomness.</summary>
    public static ITrainingRegularizer? Create(RegularizerOptions options, long seed) => options.Kind switch
    {
        RegularizerKind.None => null,
        RegularizerKind.Clip => new ClipRegularizer(options, seed),
        RegularizerKind.Spectral => new SpectralPenalty(options),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown regulariser"),
    };
}
