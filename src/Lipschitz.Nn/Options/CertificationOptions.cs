using System;
using System.Collections.Generic;
using System.Linq;

namespace Lipschitz.Nn.Options;

/// <summary>The certification block of a network description: the norm and the radii to report certified accuracy at.</summary>
public sealed record CertificationOptions
{
    /// <summary>L2 norm at radii 0.1, 0.25, 0.5 and 1.0.</summary>
    public static CertificationOptions Default { get; } = new(Norm.L2, new[] { 0.1, 0.25, 0.5, 1.0 });

    /// <summary>Creates the options; the radii are copied.</summary>
    /// <param name="norm">The norm perturbations are measured in.</param>
    /// <param name="eps">The radii, each finite and non-negative.</param>
    public CertificationOptions(Norm norm, IReadOnlyList<double> eps)
    {
        Norm = norm;
        _eps = Validated(eps);
    }

    private readonly IReadOnlyList<double> _eps;

    /// <summary>The norm perturbations are measured in.</summary>
    public Norm Norm { get; init; }

    /// <summary>The radii at which certified accuracy is reported.</summary>
    public IReadOnlyList<double> Eps
    {
        get => _eps;
        init => _eps = Validated(value);
    }

    private static IReadOnlyList<double> Validated(IReadOnlyList<double> eps)
    {
        ArgumentNullException.ThrowIfNull(eps);
        double[] copy = eps.ToArray();
        foreach (double e in copy)
            if (!(e >= 0) || double.IsInfinity(e))
                throw new ArgumentOutOfRangeException(nameof(eps), e, "certification radii must be finite and non-negative");
        return Array.AsReadOnly(copy);
    }

    /// <summary>Deconstructs into the norm and the radii.</summary>
    public void Deconstruct(out Norm norm, out IReadOnlyList<double> eps)
    {
        norm = Norm;
        eps = Eps;
    }

    /// <summary>Value equality: same norm and the same radii in the same order.</summary>
    public bool Equals(CertificationOptions? other) =>
        other is not null && Norm == other.Norm && Eps.SequenceEqual(other.Eps);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Norm);
        foreach (double e in Eps) h.Add(e);
        return h.ToHashCode();
    }

    // Prints the radii themselves, not the list's type name.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Norm = ").Append(Norm).Append(", Eps = [")
            .Append(string.Join(", ", Eps.Select(e => e.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).Append(']');
        return true;
    }
}
