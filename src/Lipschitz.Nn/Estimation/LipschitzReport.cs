using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Lipschitz.Nn.Estimation;

/// <summary>A network's Lipschitz constant bracketed: verified upper bounds per layer and composed, and lower bounds found on data.</summary>
/// <param name="Upper">The upper bounds.</param>
/// <param name="PairSearch">The largest difference quotient CLIP's pair search found.</param>
/// <param name="Jacobian">The largest Jacobian spectral norm found at the data points.</param>
/// <param name="Data">What the lower bounds were searched on (e.g. "fashion-mnist test set (1,000 images)").</param>
public sealed record LipschitzReport(UpperBound Upper, LowerBound PairSearch, LowerBound Jacobian, string Data)
{
    /// <summary>The larger of the two lower bounds: the constant is at least this.</summary>
    public double Lower => Math.Max(PairSearch.Value, Jacobian.Value);

    /// <summary>The verified upper bound over the best lower bound (≥ 1; how far the bracket is from closing).</summary>
    public double Gap => Upper.Verified / Lower;

    /// <summary>The report as indented JSON (non-finite numbers as null, the convention of every lipnet JSON file).</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", "lipnet estimate");
            w.WriteString("network", Upper.Network);
            w.WriteString("data", Data);
            Number(w, "declared", Upper.Declared);
            Number(w, "verifiedUpper", Upper.Verified);
            Number(w, "powerIteration", Upper.PowerIteration);
            Number(w, "pairSearchLower", PairSearch.Value);
            w.WriteNumber("pairSearchSample", PairSearch.Sample);
            Number(w, "jacobianLower", Jacobian.Value);
            w.WriteNumber("jacobianSample", Jacobian.Sample);
            Number(w, "gap", Gap);
            w.WriteStartArray("layers");
            foreach (LayerEstimate l in Upper.Layers)
            {
                w.WriteStartObject();
                w.WriteString("name", l.Name);
                w.WriteString("kind", l.Kind);
                Number(w, "declared", l.Declared);
                Number(w, "verified", l.Verified);
                if (l.PowerIteration is double p) Number(w, "powerIteration", p);
                else w.WriteNull("powerIteration");
                w.WriteString("method", l.Method);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    /// <summary>"12.3" or "∞".</summary>
    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "∞" : value.ToString(value >= 1000 ? "0" : "0.####", CultureInfo.InvariantCulture);
}
