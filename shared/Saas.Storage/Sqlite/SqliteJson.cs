using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Saas.Storage.Internal;

namespace Saas.Storage.Sqlite;

/// <summary>
/// How documents are written as JSON, chosen so SQL over <c>json_extract</c> agrees with the other adapters:
/// camelCase members, enums by name, dates as fixed-width UTC strings (text order = time order, so range filters,
/// sorting and expiry compare instants) and free-form <see cref="object"/> values that come back with their type.
/// </summary>
internal static class SqliteJson
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // Dictionary keys are data, not member names: kept as written, like MongoDB and LiteDB do.
            DictionaryKeyPolicy = null,
            Converters =
            {
                new JsonStringEnumConverter(),
                new UtcDateTimeOffsetConverter(),
                new UtcDateTimeConverter(),
                new TaggedDecimalConverter(),
                new PlainObjectConverter(),
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static DateTime ParseUtc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(ParseUtc(reader.GetString()!), TimeSpan.Zero);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Date(value));
    }

    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ParseUtc(reader.GetString()!);

        // Unspecified counts as UTC: the services only hold UTC times, and guessing "local" would shift them.
        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue((value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value)
                .ToString(DateFormat, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Decimals are plain numbers; <c>{"$numberDecimal":"…"}</c> (what free-form values and imported data use,
    /// as MongoDB's extended JSON does) is read too.
    /// </summary>
    private sealed class TaggedDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return reader.GetDecimal();
            }

            using var tagged = JsonDocument.ParseValue(ref reader);
            return decimal.Parse(tagged.RootElement.GetProperty(PlainObjectConverter.DecimalTag).GetString()!, CultureInfo.InvariantCulture);
        }

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>
    /// Free-form values come back as primitives, <c>Dictionary&lt;string, object?&gt;</c> and <c>object?[]</c>, with
    /// their number type kept: JSON alone cannot tell 2.0 from 2 or a decimal from a double, so doubles are always
    /// written with a fraction or exponent and decimals are tagged.
    /// </summary>
    internal sealed class PlainObjectConverter : JsonConverter<object>
    {
        public const string DecimalTag = "$numberDecimal";

        public override bool HandleNull => true;

        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return ToPlain(document.RootElement);
        }

        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonElement element:
                    Write(writer, JsonValues.ToPlain(element), options);
                    break;
                case string or bool or int or long or short or byte or sbyte or ushort or uint or ulong or Guid or DateTime or DateTimeOffset or Enum:
                    JsonSerializer.Serialize(writer, value, value.GetType(), options);
                    break;
                case double or float:
                    WriteDouble(writer, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                case decimal number:
                    writer.WriteStartObject();
                    writer.WriteString(DecimalTag, number.ToString(CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                    break;
                case IDictionary dictionary:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                        Write(writer, entry.Value, options);
                    }

                    writer.WriteEndObject();
                    break;
                case IEnumerable items:
                    writer.WriteStartArray();
                    foreach (var item in items)
                    {
                        Write(writer, item, options);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    JsonSerializer.Serialize(writer, value, value.GetType(), options);
                    break;
            }
        }

        public static void WriteDouble(Utf8JsonWriter writer, double value)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            writer.WriteRawValue(text.AsSpan().IndexOfAny(".Ee") >= 0 ? text : text + ".0", skipInputValidation: true);
        }

        private static object? ToPlain(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object when element.TryGetProperty(DecimalTag, out var tagged) && element.EnumerateObject().Count() == 1 =>
                decimal.Parse(tagged.GetString()!, CultureInfo.InvariantCulture),
            JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
            JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToArray(),
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number when element.GetRawText().AsSpan().IndexOfAny(".Ee") >= 0 => element.GetDouble(),
            JsonValueKind.Number when element.TryGetInt32(out var i) => i,
            JsonValueKind.Number when element.TryGetInt64(out var l) => l,
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }
}
