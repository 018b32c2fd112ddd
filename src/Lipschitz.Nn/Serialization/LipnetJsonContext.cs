using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Lipschitz.Nn.Serialization;

// The shapes of the JSON files lipnet writes, as System.Text.Json's source generator sees them. They are data transfer
// objects only: the readers (Checkpoint, CertificationReportJson) validate every field before anything is trusted.

/// <summary><c>checkpoint.json</c>: the manifest of a run folder.</summary>
internal sealed class CheckpointManifestJson
{
    [JsonRequired] public int Format { get; set; }
    [JsonRequired] public string? Network { get; set; }
    [JsonRequired] public string? DescriptionHash { get; set; }
    [JsonRequired] public long Epoch { get; set; }
    [JsonRequired] public string? StateFile { get; set; }
    public string? StateSha256 { get; set; }
    public string? OptimizerFile { get; set; }
    public string? OptimizerSha256 { get; set; }
    public List<string?>? Pending { get; set; }
    public EpochMetricsJson? Metrics { get; set; }
    [JsonRequired] public List<CheckpointLayerJson?>? Layers { get; set; }
    [JsonRequired] public List<EpochMetricsJson?>? History { get; set; }
}

internal sealed class CheckpointLayerJson
{
    [JsonRequired] public string? Name { get; set; }
    [JsonRequired] public string? Kind { get; set; }
    [JsonRequired] public string? OutputShape { get; set; }
}

internal sealed class EpochMetricsJson
{
    [JsonRequired] public long Epoch { get; set; }
    [JsonRequired] public double Loss { get; set; }
    [JsonRequired] public double TrainAccuracy { get; set; }
    [JsonRequired] public double TrainSamplesPerSecond { get; set; }
    [JsonRequired] public double EvalImagesPerSecond { get; set; }
    [JsonRequired] public double EpochSeconds { get; set; }
    [JsonRequired] public double CleanAccuracy { get; set; }
    [JsonRequired] public List<CertifiedAccuracyJson?>? Certified { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RegularizerMetricsJson? Regularizer { get; set; }
}

internal sealed class RegularizerMetricsJson
{
    [JsonRequired] public string? Kind { get; set; }
    [JsonRequired] public double Lambda { get; set; }
    [JsonRequired] public double Penalty { get; set; }
    [JsonRequired] public double Estimate { get; set; }
    [JsonRequired] public double NextLambda { get; set; }
}

internal sealed class CertifiedAccuracyJson
{
    [JsonRequired] public double Eps { get; set; }
    [JsonRequired] public double Accuracy { get; set; }
}

/// <summary><c>report.json</c>: a certification report.</summary>
internal sealed class CertificationReportJsonDto
{
    public string Kind { get; set; } = "";
    public string Network { get; set; } = "";
    public string? Data { get; set; }
    public string Norm { get; set; } = "";
    public double Bound { get; set; }
    public string? BoundSource { get; set; }
    public string? Rule { get; set; }
    public int Samples { get; set; }
    public int Correct { get; set; }
    public double CleanAccuracy { get; set; }
    public List<CertifiedPointJson> Certified { get; set; } = new();
    public RadiusJson Radius { get; set; } = new();
}

internal sealed class CertifiedPointJson
{
    public double Eps { get; set; }
    public int Count { get; set; }
    public double Accuracy { get; set; }
}

internal sealed class RadiusJson
{
    public int Count { get; set; }
    public double Min { get; set; }
    public double P10 { get; set; }
    public double P25 { get; set; }
    public double Median { get; set; }
    public double P75 { get; set; }
    public double P90 { get; set; }
    public double Max { get; set; }
    public double Mean { get; set; }
    public List<RadiusBinJson> Histogram { get; set; } = new();
}

internal sealed class RadiusBinJson
{
    public double Low { get; set; }
    public double High { get; set; }
    public int Count { get; set; }
}

/// <summary>The source-generated serializer of lipnet's JSON files: camelCase, indented, non-finite numbers as null.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = new[] { typeof(NonFiniteAsNullConverter) }, AllowTrailingCommas = false, MaxDepth = 16)]
[JsonSerializable(typeof(CheckpointManifestJson))]
[JsonSerializable(typeof(CertificationReportJsonDto))]
internal sealed partial class LipnetJsonContext : JsonSerializerContext
{
}
