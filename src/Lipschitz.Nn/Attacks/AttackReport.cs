using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Lipschitz.Nn.Attacks;

/// <summary>The attack's result at one budget, beside the certificate at the same radius.</summary>
/// <param name="Eps">The budget.</param>
/// <param name="Attacked">Fraction of samples still classified correctly under the attack (robust accuracy, an upper estimate of the true one).</param>
/// <param name="Certified">Fraction certified at this radius (a lower bound of the true robust accuracy), or null without a certificate.</param>
/// <param name="Broken">Samples the attack changed from correct to wrong.</param>
/// <param name="CertifiedButBroken">Samples certified at this radius that the attack nevertheless broke: each one disproves a certificate.</param>
/// <param name="MeanL2">Mean ‖δ‖₂ of the successful perturbations (NaN when none succeeded).</param>
public sealed record AttackPoint(double Eps, double Attacked, double? Certified, int Broken, int CertifiedButBroken, double MeanL2);

/// <summary>A certificate an attack disproved: the sample, its certified radius and the perturbation that changed its prediction.</summary>
/// <param name="Sample">The index of the sample in the data.</param>
/// <param name="Radius">Its certified radius.</param>
/// <param name="PerturbationNorm">The norm of the perturbation found (below the radius).</param>
/// <param name="Label">The true class.</param>
/// <param name="Predicted">The class predicted at the perturbed input.</param>
public sealed record Violation(int Sample, double Radius, double PerturbationNorm, int Label, int Predicted);

/// <summary>What an attack run measured, and whether it contradicts any certificate.</summary>
public sealed record AttackReport
{
    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    /// <summary>The attack.</summary>
    public required AttackKind Attack { get; init; }

    /// <summary>The norm of the budgets.</summary>
    public required Norm Norm { get; init; }

    /// <summary>The data attacked.</summary>
    public required string Data { get; init; }

    /// <summary>Samples attacked.</summary>
    public required int Samples { get; init; }

    /// <summary>Fraction classified correctly without an attack.</summary>
    public required double Clean { get; init; }

    /// <summary>Results per budget (untargeted attacks, targeted PGD).</summary>
    public IReadOnlyList<AttackPoint> Points { get; init; } = Array.Empty<AttackPoint>();

    /// <summary>Targeted attacks: the fraction that reached the target.</summary>
    public double? TargetSuccess { get; init; }

    /// <summary>Targeted attacks: mean steps of the successful samples.</summary>
    public double? MeanSteps { get; init; }

    /// <summary>Targeted attacks: mean ‖δ‖₂ and ‖δ‖∞ of the successful samples.</summary>
    public (double L2, double LInf)? MeanNorms { get; init; }

    /// <summary>Audit: how many certificates were attacked (correct samples with a positive radius).</summary>
    public int? Audited { get; init; }

    /// <summary>Certificates an attack disproved (audit, and certified samples broken at a budget).</summary>
    public IReadOnlyList<Violation> Violations { get; init; } = Array.Empty<Violation>();

    /// <summary>Where the perturbation was confined (a rectangle or a mask file, as given), or null when it was free.</summary>
    public string? Mask { get; init; }

    /// <summary>Where the certificate came from (see Certification.Certifier.Resolve), or null without one.</summary>
    public string? BoundSource { get; init; }

    /// <summary>Whether certified ≤ attacked ≤ clean holds at every budget and no certificate was disproved.</summary>
    public bool Consistent => Violations.Count == 0 && Points.All(p => p.Attacked <= Clean + 1e-12 && (p.Certified is not double c || c <= p.Attacked + 1e-12));

    /// <summary>The report as indented JSON (non-finite numbers as null).</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", "lipnet attack");
            w.WriteString("network", Network);
            w.WriteString("attack", Attack.ToString().ToLowerInvariant());
            w.WriteString("norm", Norm == Norm.L2 ? "l2" : "linf");
            if (Mask is not null) w.WriteString("mask", Mask);
            w.WriteString("data", Data);
            w.WriteNumber("samples", Samples);
            Num(w, "clean", Clean);
            if (BoundSource is not null) w.WriteString("boundSource", BoundSource);
            w.WriteBoolean("consistent", Consistent);
            w.WriteStartArray("points");
            foreach (AttackPoint p in Points)
            {
                w.WriteStartObject();
                Num(w, "eps", p.Eps);
                Num(w, "attacked", p.Attacked);
                if (p.Certified is double c) Num(w, "certified", c);
                else w.WriteNull("certified");
                w.WriteNumber("broken", p.Broken);
                w.WriteNumber("certifiedButBroken", p.CertifiedButBroken);
                Num(w, "meanL2", p.MeanL2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (TargetSuccess is double ts) Num(w, "targetSuccess", ts);
            if (MeanSteps is double ms2) Num(w, "meanSteps", ms2);
            if (MeanNorms is var (l2, linf)) { Num(w, "meanL2", l2); Num(w, "meanLInf", linf); }
            if (Audited is int a) w.WriteNumber("audited", a);
            w.WriteStartArray("violations");
            foreach (Violation v in Violations)
            {
                w.WriteStartObject();
                w.WriteNumber("sample", v.Sample);
                Num(w, "radius", v.Radius);
                Num(w, "perturbationNorm", v.PerturbationNorm);
                w.WriteNumber("label", v.Label);
                w.WriteNumber("predicted", v.Predicted);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void Num(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>"0.25" for a budget.</summary>
    public static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
