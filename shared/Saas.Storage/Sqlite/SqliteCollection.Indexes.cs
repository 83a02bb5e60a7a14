using System.Collections;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Saas.Storage.Internal;
using static Saas.Storage.Sqlite.SqliteSchema;

namespace Saas.Storage.Sqlite;

internal sealed partial class SqliteCollection<T>
{
    public async Task EnsureIndexAsync<TKey>(
        Expression<Func<T, TKey>> key, bool unique = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = DocumentExpressions.IndexName(key);
        var column = Column(key);
        if (typeof(TKey) != typeof(string) && typeof(IEnumerable).IsAssignableFrom(typeof(TKey)))
        {
            if (unique)
            {
                throw new NotSupportedException("A unique index over a list's items is not supported.");
            }

            var path = column["json_extract(doc,'".Length..^2];
            await store.Writes.RunAsync(_ => CreateItemsTable(index, path));
            itemsTables[index] = SqliteSchema.ItemsTable(Name, index);
            return;
        }

        var name = Quote(IndexName(Name, index));
        await store.Writes.RunAsync(_ =>
        {
            try
            {
                Execute($"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {name} ON {table} ({column})");
                if (unique && column.StartsWith("json_extract", StringComparison.Ordinal))
                {
                    // SQLite lets any number of NULLs into a unique index; the port (like MongoDB) allows one document
                    // without the value. This partial index holds only those documents, all under the same key.
                    Execute($"CREATE UNIQUE INDEX IF NOT EXISTS {Quote(IndexName(Name, index) + "$null")} " +
                        $"ON {table} (coalesce({column}, 0)) WHERE {column} IS NULL");
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new DuplicateKeyException(Name, index, e);
            }

            return true;
        });
    }

    public async Task EnsureExpiryIndexAsync(
        Expression<Func<T, DateTimeOffset?>> expiresAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var field = new ExpiryField<T>(expiresAt);
        var name = Quote(IndexName(Name, field.IndexName));
        await store.Writes.RunAsync(_ => Execute($"CREATE INDEX IF NOT EXISTS {name} ON {table} ({Column(expiresAt)})"));
        expiry = field;
        await store.Writes.RunAsync(PurgeExpired);
    }

    /// <summary>
    /// A side table of (item, id) rows that triggers keep in step with the collection, so <c>x.Tags.Contains(v)</c>
    /// becomes an index seek on the item (a plain expression index cannot look inside a JSON array).
    /// </summary>
    private bool CreateItemsTable(string index, string path)
    {
        var items = SqliteSchema.ItemsTable(Name, index);
        var itemsName = Quote(items);
        var exists = store.Writes.Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name");
        exists.Parameters.AddWithValue("@name", items);
        if ((long)exists.ExecuteScalar()! > 0)
        {
            return false;
        }

        var fill = $"INSERT OR IGNORE INTO {itemsName} (value, id) SELECT value, NEW.id FROM json_each(NEW.doc, '{path}') WHERE value IS NOT NULL;";
        var clear = $"DELETE FROM {itemsName} WHERE id = OLD.id;";
        Execute($"CREATE TABLE {itemsName} (value, id TEXT NOT NULL, PRIMARY KEY (value, id)) WITHOUT ROWID");
        Execute($"CREATE INDEX {Quote(items + "$id")} ON {itemsName} (id)");
        Execute($"CREATE TRIGGER {Quote(items + "$insert")} AFTER INSERT ON {table} BEGIN {fill} END");
        Execute($"CREATE TRIGGER {Quote(items + "$update")} AFTER UPDATE OF doc ON {table} BEGIN {clear} {fill} END");
        Execute($"CREATE TRIGGER {Quote(items + "$delete")} AFTER DELETE ON {table} BEGIN {clear} END");
        Execute($"INSERT OR IGNORE INTO {itemsName} (value, id) SELECT j.value, t.id FROM {table} AS t, json_each(t.doc, '{path}') AS j WHERE j.value IS NOT NULL");
        return true;
    }

    private int Execute(string sql)
    {
        using var command = store.Writes.Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
