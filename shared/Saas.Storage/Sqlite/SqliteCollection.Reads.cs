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
        using var connection = store.OpenReader();
        return Task.FromResult(Load(connection, id, writer: false));
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
        using var connection = store.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
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
        using var connection = store.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE {Where(filter ?? (_ => true), arguments)}";
        SqlFilter.Bind(command, arguments);
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    /// <summary>The document with <paramref name="id"/> unless missing or expired.</summary>
    private T? Load(SqliteConnection connection, string id, bool writer)
    {
        var arguments = new List<(string, object?)> { ("@id", id) };
        var sql = $"SELECT doc FROM {table} WHERE id = @id AND {Visible(arguments)}";
        var command = writer ? store.Writes.Command(sql) : new SqliteCommand(sql, connection);
        try
        {
            SqlFilter.Bind(command, arguments);
            using var reader = command.ExecuteReader();
            return reader.Read() ? Deserialize(reader) : null;
        }
        finally
        {
            if (!writer)
            {
                command.Dispose();
            }
        }
    }

    private string Where(Expression<Func<T, bool>> filter, List<(string, object?)> arguments)
    {
        var where = SqlFilter.Where(filter, ItemsTable, arguments);
        return expiry is null ? where : $"{where} AND {Visible(arguments)}";
    }

    private static T Deserialize(SqliteDataReader reader) =>
        JsonSerializer.Deserialize<T>(reader.GetString(0), SqliteJson.Options)!;
}
