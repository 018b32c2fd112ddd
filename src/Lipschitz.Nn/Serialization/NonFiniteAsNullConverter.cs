using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lipschitz.Nn.Serialization;

/// <summary>
/// The one convention for numbers JSON cannot hold: NaN and ±∞ are written as <c>null</c>, and <c>null</c> reads back as
/// NaN (a reader that needs to know more, such as an unbounded radius, says so where it reads the field).
/// </summary>
public sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
