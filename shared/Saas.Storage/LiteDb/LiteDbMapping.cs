using System.Globalization;
using System.Text.Json;
using LiteDB;
using Saas.Storage.Internal;

namespace Saas.Storage.LiteDb;

/// <summary>LiteDB settings that make it store documents the way the MongoDB adapter does.</summary>
internal static class LiteDbMapping
{
    public static ConnectionString ConnectionString(string filePath) => new()
    {
        Filename = filePath,
        Connection = ConnectionType.Direct,
        // The default collation ignores case, which would make unique e-mail indexes and filters behave
        // differently from MongoDB. Only takes effect when the file is created.
        Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
    };

    public static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper
        {
            // LiteDB's defaults silently alter strings: "" would come back as null and " x " as "x".
            EmptyStringToNull = false,
            TrimWhitespace = false,
            EnumAsInteger = false,
        };
        mapper.UseCamelCase();

        // [UTC date, offset minutes]: arrays compare element by element, so range filters, sorting and expiry
        // follow the instant while the offset still round-trips.
        mapper.RegisterType<DateTimeOffset>(
            value => new BsonArray(new BsonValue(value.UtcDateTime), new BsonValue((int)value.Offset.TotalMinutes)),
            bson => bson.IsArray
                ? new DateTimeOffset(Utc(bson.AsArray[0].AsDateTime)).ToOffset(TimeSpan.FromMinutes(bson.AsArray[1].AsInt32))
                : new DateTimeOffset(Utc(bson.AsDateTime)));

        mapper.RegisterType<JsonElement>(
            element => mapper.Serialize(typeof(object), JsonValues.ToPlain(element)),
            bson => System.Text.Json.JsonSerializer.SerializeToElement(mapper.Deserialize<object>(bson)));
        return mapper;
    }

    private static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
}
