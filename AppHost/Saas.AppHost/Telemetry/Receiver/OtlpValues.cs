using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Saas.AppHost.Telemetry.Otlp.Common;

namespace Saas.AppHost.Telemetry.Receiver;

/// <summary>
/// Turns OTLP values into the strings the dashboard shows, cutting them to size: a sender can put anything in an
/// attribute, and the store's memory bound holds only if every item it keeps is bounded too.
/// </summary>
internal static class OtlpValues
{
    public const int MaxAttributes = 64;
    public const int MaxValueLength = 2048;
    public const string UnknownService = "unknown_service";

    public static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value is { } name && Text(name) is { Length: > 0 } text
            ? Cut(text, 128)
            : UnknownService;

    public static IReadOnlyDictionary<string, string> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(Math.Min(attributes.Count, MaxAttributes), StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (result.Count == MaxAttributes)
            {
                break;
            }

            result[Cut(attribute.Key, 256)] = Cut(Text(attribute.Value), MaxValueLength);
        }

        return result;
    }

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        null or AnyValue.ValueOneofCase.None => "",
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Take(MaxAttributes).Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue =>
            "{" + string.Join(", ", value.KvlistValue.Values.Take(MaxAttributes).Select(kv => $"{kv.Key}: {Text(kv.Value)}")) + "}",
        _ => "",
    };

    /// <summary>Lowercase hex, or null for an absent or all-zero id (OTLP's "invalid").</summary>
    public static string? Id(ByteString id) =>
        id.Length == 0 || id.Span.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(id.Span);

    public static DateTimeOffset Time(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(unixNanos / 100, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks));

    public static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
