using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Lipschitz.Nn.Serialization;

namespace Lipschitz.Nn.Certification;

/// <summary>
/// <c>report.json</c>: a <see cref="CertificationReport"/> as indented JSON (source-generated serializer). Numbers JSON
/// cannot hold are <c>null</c>: an infinite bound (<c>lipschitz: computed</c> before it is computed) or an unbounded
/// radius (bound 0).
/// </summary>
public static class CertificationReportJson
{
    /// <summary>The value of the <c>kind</c> field, by which an earlier report is recognised (and may be replaced).</summary>
    public const string Kind = "lipnet certification report";

    /// <summary>The report as indented JSON, ending with a newline.</summary>
    public static string Write(CertificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RadiusDistribution r = report.Radii;
        var dto = new CertificationReportJsonDto
        {
            Kind = Kind,
            Network = report.Network,
            Data = report.Data,
            Norm = report.Norm == Norm.L2 ? "l2" : "linf",
            Bound = report.Bound,
            BoundSource = report.BoundSource,
            Rule = report.Rule,
            Samples = report.Samples,
            Correct = report.Correct,
            CleanAccuracy = report.CleanAccuracy,
            Certified = report.Points.Select(p => new CertifiedPointJson { Eps = p.Eps, Count = p.Count, Accuracy = p.Accuracy }).ToList(),
            Radius = new RadiusJson
            {
                Count = r.Count, Min = r.Min, P10 = r.P10, P25 = r.P25, Median = r.Median, P75 = r.P75, P90 = r.P90, Max = r.Max, Mean = r.Mean,
                Histogram = r.Bins.Select(b => new RadiusBinJson { Low = b.Low, High = b.High, Count = b.Count }).ToList(),
            },
        };
        return Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(dto, LipnetJsonContext.Default.CertificationReportJsonDto)) + "\n";
    }

    /// <summary>Whether <paramref name="path"/> holds a report written by lipnet (so that writing another over it loses nothing of someone else's).</summary>
    public static bool IsReport(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > (16 << 20)) return false;
            using FileStream stream = info.OpenRead();
            CertificationReportJsonDto? dto = JsonSerializer.Deserialize(stream, LipnetJsonContext.Default.CertificationReportJsonDto);
            return dto?.Kind == Kind;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
