using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saas.Identity.Http;

/// <summary>
/// Writes instants as JavaScript's <c>Date.toISOString()</c> does (<c>2024-01-01T00:00:00.000Z</c>), the form
/// saasbackend (Mongoose) returns, so front ends comparing or displaying the strings see no difference.
/// </summary>
internal sealed class JsTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
