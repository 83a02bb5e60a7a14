using System.Globalization;
using MongoDB.Bson;

namespace Saas.Import;

/// <summary>Reads saasbackend's BSON fields leniently: Mongoose documents written by several versions vary.</summary>
internal static class Bson
{
    public static string? String(this BsonDocument document, string name) =>
        document.TryGetValue(name, out var value) ? value switch
        {
            BsonString s => s.Value,
            BsonObjectId id => id.Value.ToString(),
            BsonNull or BsonUndefined => null,
            _ => value.ToString(),
        } : null;

    public static bool Bool(this BsonDocument document, string name) =>
        document.TryGetValue(name, out var value) && value is BsonBoolean { Value: true };

    public static int Int(this BsonDocument document, string name) =>
        document.TryGetValue(name, out var value) && value.IsNumeric ? value.ToInt32() : 0;

    public static DateTimeOffset? Date(this BsonDocument document, string name) =>
        document.TryGetValue(name, out var value) ? value switch
        {
            BsonDateTime date => new DateTimeOffset(date.ToUniversalTime()),
            BsonString s when DateTimeOffset.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        } : null;

    /// <summary>A <c>Mixed</c> object as the stores keep free-form values: dictionaries, lists and primitives.</summary>
    public static Dictionary<string, object?> Object(this BsonDocument document, string name) =>
        document.TryGetValue(name, out var value) && value is BsonDocument inner ? ToDictionary(inner) : [];

    public static Dictionary<string, object?> ToDictionary(BsonDocument document) =>
        document.Elements.ToDictionary(e => e.Name, e => Plain(e.Value), StringComparer.Ordinal);

    public static object? Plain(BsonValue value) => value switch
    {
        BsonDocument d => ToDictionary(d),
        BsonArray a => a.Select(Plain).ToList(),
        BsonString s => s.Value,
        BsonBoolean b => b.Value,
        BsonInt32 i => i.Value,
        BsonInt64 l => l.Value,
        BsonDouble x => x.Value,
        BsonDecimal128 m => (decimal)m.Value,
        BsonObjectId id => id.Value.ToString(),
        // Dates inside free-form values become ISO strings, as JSON would carry them.
        BsonDateTime date => date.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        _ => null,
    };
}
