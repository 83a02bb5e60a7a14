using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Saas.Storage.Internal;
using static Saas.Storage.Sqlite.SqliteSchema;

namespace Saas.Storage.Sqlite;

/// <summary>
/// A collection as one table. Every write runs on the store's writer thread (<see cref="SqliteWriteQueue"/>), one at a
/// time, so read-check-write sequences (the version check of a replace, an increment) are atomic without locks.
/// </summary>
internal sealed partial class SqliteCollection<T> : IDocumentCollection<T>, ISqliteExpiring where T : class, IDocument
{
    private readonly SqliteDocumentStore store;
    private readonly string table;
    private readonly ConcurrentDictionary<string, string> itemsTables = new(StringComparer.Ordinal);
    private volatile ExpiryField<T>? expiry;

    public SqliteCollection(string name, SqliteDocumentStore store)
    {
        Name = name;
        this.store = store;
        table = Quote(name);
        // Created up front (not on first write) so reads of a collection nobody wrote yet find an empty table.
        var existing = store.Writes.RunAsync(connection =>
        {
            store.Writes.Command(CreateTable(name)).ExecuteNonQuery();
            var lists = store.Writes.Command("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE @prefix ESCAPE '\\'");
            lists.Parameters.AddWithValue("@prefix", name.Replace("_", "\\_", StringComparison.Ordinal) + "$%$items");
            using var reader = lists.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }).GetAwaiter().GetResult();
        foreach (var items in existing)
        {
            itemsTables[items.Split('$')[1]] = items;
        }
    }

    public string Name { get; }

    public Task InsertAsync(T document, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (id, version) = (document.Id, document.Version);
        var newId = string.IsNullOrEmpty(id) ? DocumentIds.New() : id;
        void Restore() => (document.Id, document.Version) = (id, version);
        return store.Writes.RunAsync(connection =>
        {
            try
            {
                (document.Id, document.Version) = (newId, 1);
                WriteRow(connection, $"INSERT INTO {table} (id, version, doc) VALUES (@id, @version, @doc)", document);
                return true;
            }
            catch
            {
                Restore();
                throw;
            }
        }, Restore);
    }

    public Task ReplaceAsync(T document, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(document.Id);
        var expected = document.Version;
        return store.Writes.RunAsync(connection =>
        {
            var stored = StoredVersion(document.Id) ?? throw new DocumentNotFoundException(Name, document.Id);
            if (stored != expected)
            {
                throw new ConcurrencyConflictException(Name, document.Id, expected);
            }

            try
            {
                document.Version = expected + 1;
                WriteRow(connection, $"UPDATE {table} SET version = @version, doc = @doc WHERE id = @id", document);
            }
            catch
            {
                document.Version = expected;
                throw;
            }

            return true;
        }, () => document.Version = expected);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(id);
        return store.Writes.RunAsync(_ =>
        {
            var arguments = new List<(string, object?)> { ("@id", id) };
            var command = store.Writes.Command($"DELETE FROM {table} WHERE id = @id AND {Visible(arguments)}");
            SqlFilter.Bind(command, arguments);
            return command.ExecuteNonQuery() > 0;
        });
    }

    public Task<long> DeleteManyAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(filter);
        return store.Writes.RunAsync(connection =>
        {
            // Not one of the writer's kept commands: the filter's shape varies with the caller.
            var arguments = new List<(string, object?)>();
            using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {table} WHERE {Where(filter, arguments)}";
            SqlFilter.Bind(command, arguments);
            return (long)command.ExecuteNonQuery();
        });
    }

    public Task<long> IncrementAsync(
        string id, Expression<Func<T, long>> field, long by = 1, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentException.ThrowIfNullOrEmpty(id);
        var counter = CounterAccessor<T>.For(field);
        return store.Writes.RunAsync(connection =>
        {
            // A missing (or expired) counter starts from the type's defaults with only its id set, as MongoDB's upsert.
            var document = LoadForWrite(id) ?? JsonSerializer.Deserialize<T>("{}", SqliteJson.Options)!;
            document.Id = id;
            var value = counter.Get(document) + by;
            counter.Set(document, value);
            document.Version++;
            WriteRow(connection, $"INSERT INTO {table} (id, version, doc) VALUES (@id, @version, @doc) " +
                "ON CONFLICT (id) DO UPDATE SET version = excluded.version, doc = excluded.doc", document);
            return value;
        });
    }

    /// <summary>
    /// Runs one INSERT/UPDATE of <paramref name="document"/>. On a duplicate key, an expired document the purge has
    /// not reached yet may hold the key: purge once and try again.
    /// </summary>
    private void WriteRow(SqliteConnection connection, string sql, T document)
    {
        var json = JsonSerializer.Serialize(document, SqliteJson.Options);
        for (var attempt = 0; ; attempt++)
        {
            var command = store.Writes.Command(sql);
            command.Parameters.AddWithValue("@id", document.Id);
            command.Parameters.AddWithValue("@version", document.Version);
            command.Parameters.AddWithValue("@doc", json);
            try
            {
                command.ExecuteNonQuery();
                return;
            }
            catch (SqliteException e) when (Duplicate(e, Name) is { } duplicate)
            {
                if (attempt > 0 || PurgeExpired(connection) == 0)
                {
                    throw duplicate;
                }
            }
        }
    }

    private long? StoredVersion(string id)
    {
        var arguments = new List<(string, object?)> { ("@id", id) };
        var command = store.Writes.Command($"SELECT version FROM {table} WHERE id = @id AND {Visible(arguments)}");
        SqlFilter.Bind(command, arguments);
        return command.ExecuteScalar() is long version ? version : null;
    }

    public int PurgeExpired(SqliteConnection connection)
    {
        if (expiry is not { } field)
        {
            return 0;
        }

        var arguments = new List<(string, object?)>();
        var command = store.Writes.Command($"DELETE FROM {table} WHERE {SqlFilter.Where(field.Expired(DateTimeOffset.UtcNow), ItemsTable, arguments)}");
        SqlFilter.Bind(command, arguments);
        return command.ExecuteNonQuery();
    }

    /// <summary>The clause hiding expired documents ("1" until an expiry index was declared in this process).</summary>
    private string Visible(List<(string, object?)> arguments) =>
        expiry is { } field ? SqlFilter.Where(field.Alive(DateTimeOffset.UtcNow), ItemsTable, arguments) : "1";

    private string? ItemsTable(string index) => itemsTables.GetValueOrDefault(index);
}
