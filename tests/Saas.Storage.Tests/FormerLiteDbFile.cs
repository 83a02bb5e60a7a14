using System.Globalization;
using LiteDB;

namespace Saas.Storage.Tests;

/// <summary>
/// Writes a real LiteDB file the way the former LiteDB adapter did: its mapper settings (camelCase, enums by name,
/// DateTimeOffset as [UTC date, offset minutes], strings untouched) and its ordinal collation.
/// </summary>
internal static class FormerLiteDbFile
{
    public static void Write(string path, Action<LiteDatabase> write)
    {
        var connection = new LiteDB.ConnectionString
        {
            Filename = path,
            Connection = ConnectionType.Direct,
            Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
        };
        using var database = new LiteDatabase(connection, FormerAdapterMapper()) { UtcDate = true };
        write(database);
    }

    private static BsonMapper FormerAdapterMapper()
    {
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false, EnumAsInteger = false };
        mapper.UseCamelCase();
        mapper.RegisterType<DateTimeOffset>(
            value => new BsonArray(new BsonValue(value.UtcDateTime), new BsonValue((int)value.Offset.TotalMinutes)),
            bson => new DateTimeOffset(bson.AsArray[0].AsDateTime.ToUniversalTime()).ToOffset(TimeSpan.FromMinutes(bson.AsArray[1].AsInt32)));
        mapper.Entity<Customer>().Id(x => x.Id, autoId: false);
        mapper.Entity<UsageCounter>().Id(x => x.Id, autoId: false);
        return mapper;
    }
}
