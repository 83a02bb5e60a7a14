using System.Text;
using System.Text.Json;
using LiteDB;
using Microsoft.Data.Sqlite;
using Saas.Storage.Sqlite;

namespace Saas.Storage.Import;

/// <summary>
/// Carries a data file of the former LiteDB adapter into the SQLite store, once, so nothing is lost on upgrade.
/// This is the only code that still uses LiteDB.
/// </summary>
public static class LiteDbImport
{
    /// <summary>The suffix the LiteDB file gets once imported; it is kept, not deleted, in case it is needed again.</summary>
    public const string ImportedSuffix = ".litedb-imported";

    /// <summary>
    /// When <paramref name="liteDbFile"/> exists and <paramref name="sqliteFile"/> does not, copies every document of
    /// every collection into a new SQLite file, then renames the LiteDB file to <c>…&lt;ImportedSuffix&gt;</c>.
    /// Crash-safe: the import is written to a temporary file that only becomes <paramref name="sqliteFile"/> when
    /// complete, so an interrupted import runs again from the start at the next start. Indexes are not copied: each
    /// service declares its own at start.
    /// </summary>
    /// <returns>The number of documents imported, or <see langword="null"/> when there was nothing to import.</returns>
    public static long? ImportIfNeeded(string liteDbFile, string sqliteFile)
    {
        if (!File.Exists(liteDbFile) || File.Exists(sqliteFile))
        {
            return null;
        }

        var temporary = sqliteFile + ".importing";
        DeleteWithJournal(temporary);
        long imported;
        using (var source = new LiteDatabase(new ConnectionString { Filename = liteDbFile, Connection = ConnectionType.Direct }) { UtcDate = true })
        using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
        {
            target.Open();
            imported = Copy(source, target);
        }

        File.Move(temporary, sqliteFile);
        File.Move(liteDbFile, liteDbFile + ImportedSuffix, overwrite: true);
        return imported;
    }

    private static long Copy(LiteDatabase source, SqliteConnection target)
    {
        // A rollback journal, not WAL: the temporary file is complete on its own when it is renamed.
        Execute(target, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; BEGIN IMMEDIATE");
        long count = 0;
        foreach (var name in source.GetCollectionNames())
        {
            Execute(target, SqliteSchema.CreateTable(name));
            using var insert = target.CreateCommand();
            insert.CommandText = $"INSERT INTO {SqliteSchema.Quote(name)} (id, version, doc) VALUES (@id, @version, @doc)";
            foreach (var document in source.GetCollection(name).FindAll())
            {
                var id = document["_id"];
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("@id", id.IsString ? id.AsString : id.ToString());
                insert.Parameters.AddWithValue("@version", document["version"].IsNumber ? document["version"].AsInt64 : 1L);
                insert.Parameters.AddWithValue("@doc", ToJson(document));
                insert.ExecuteNonQuery();
                count++;
            }
        }

        Execute(target, "COMMIT");
        return count;
    }

    /// <summary>BSON as the SQLite adapter writes the same document (see <see cref="SqliteJson"/>).</summary>
    internal static string ToJson(BsonDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, document);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, BsonValue value)
    {
        switch (value.Type)
        {
            case BsonType.Document:
                writer.WriteStartObject();
                foreach (var (key, item) in value.AsDocument)
                {
                    writer.WritePropertyName(key == "_id" ? "id" : key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            // The LiteDB adapter stored a DateTimeOffset as [UTC date, offset minutes].
            case BsonType.Array when value.AsArray is [{ IsDateTime: true } date, { IsInt32: true }]:
                writer.WriteStringValue(SqliteJson.Date(new DateTimeOffset(Utc(date.AsDateTime))));
                break;
            case BsonType.Array:
                writer.WriteStartArray();
                foreach (var item in value.AsArray)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case BsonType.DateTime:
                writer.WriteStringValue(SqliteJson.Date(new DateTimeOffset(Utc(value.AsDateTime))));
                break;
            case BsonType.Decimal:
                writer.WriteStartObject();
                writer.WriteString(SqliteJson.PlainObjectConverter.DecimalTag, value.AsDecimal.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                break;
            case BsonType.Double:
                SqliteJson.PlainObjectConverter.WriteDouble(writer, value.AsDouble);
                break;
            case BsonType.Int32:
                writer.WriteNumberValue(value.AsInt32);
                break;
            case BsonType.Int64:
                writer.WriteNumberValue(value.AsInt64);
                break;
            case BsonType.String:
                writer.WriteStringValue(value.AsString);
                break;
            case BsonType.Boolean:
                writer.WriteBooleanValue(value.AsBoolean);
                break;
            case BsonType.Guid:
                writer.WriteStringValue(value.AsGuid);
                break;
            case BsonType.ObjectId:
                writer.WriteStringValue(value.AsObjectId.ToString());
                break;
            case BsonType.Binary:
                writer.WriteBase64StringValue(value.AsBinary);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void DeleteWithJournal(string path)
    {
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
