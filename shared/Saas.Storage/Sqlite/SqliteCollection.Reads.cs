using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Saas.Storage.Internal;

namespace Saas.Storage.Sqlite;

internal sealed partial class SqliteCollection<T>
{
    // Reads complete synchronously, as SQLite itself is synchronous: an async wrapper would only add a thread hop.
    public Task<T?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(id);
        using var reader = store.RentReader();
        return Task.FromResult(Load(reader, id));
    }

    public Task<IReadOnlyList<T>> FindAsync(
        Expression<Func<T, bool>> filter, QueryOptions<T>? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (skip, take) = QueryPaging.Validate(options);
        var arguments = new List<(string, object?)>();
        var order = options?.SortBy is { Count: > 0 } sortBy
            ? " ORDER BY " + string.Join(", ", sortBy.Select(s => SqlFilter.Key(s.Key) + (s.Descending ? " DESC" : "")))
            : "";
        var sql = $"SELECT doc FROM {table} WHERE {Where(filter, arguments)}{order} LIMIT {take ?? -1} OFFSET {skip}";
        using var connection = store.RentReader();
        var command = connection.Command(sql);
        SqlFilter.Bind(command, arguments);
        using var reader = command.ExecuteReader();
        var found = new List<T>();
        while (reader.Read())
        {
            found.Add(Deserialize(reader));
        }

        return Task.FromResult<IReadOnlyList<T>>(found);
    }

    public Task<long> CountAsync(Expression<Func<T, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var arguments = new List<(string, object?)>();
        using var connection = store.RentReader();
        var command = connection.Command($"SELECT count(*) FROM {table} WHERE {Where(filter ?? (_ => true), arguments)}");
        SqlFilter.Bind(command, arguments);
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    /// <summary>The document with <paramref name="id"/> unless missing or expired, read with a reader's kept statement.</summary>
    private T? Load(SqliteReaders.Reader reader, string id) => Load(reader.Command, id);

    /// <summary>The same, on the writer's connection (inside a write).</summary>
    private T? LoadForWrite(string id) => Load(store.Writes.Command, id);

    // command gives the kept command for a statement: the writer's or a reader's.
    private T? Load(Func<string, SqliteCommand> command, string id)
    {
        var arguments = new List<(string, object?)> { ("@id", id) };
        var get = command($"SELECT doc FROM {table} WHERE id = @id AND {Visible(arguments)}");
        SqlFilter.Bind(get, arguments);
        using var reader = get.ExecuteReader();
        return reader.Read() ? Deserialize(reader) : null;
    }

    private string Where(Expression<Func<T, bool>> filter, List<(string, object?)> arguments)
    {
        var where = SqlFilter.Where(filter, ItemsTable, arguments);
        return expiry is null ? where : $"{where} AND {Visible(arguments)}";
    }

    private static T Deserialize(SqliteDataReader reader) =>
        JsonSerializer.Deserialize<T>(reader.GetString(0), SqliteJson.Options)!;
}
