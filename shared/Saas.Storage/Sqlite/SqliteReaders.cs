using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Saas.Storage.Sqlite;

/// <summary>
/// Open read connections that keep their prepared statements. Microsoft.Data.Sqlite prepares a statement per command
/// object (dotnet/efcore#14044), so a read on a fresh command compiles its SQL every time; the hot reads (get by id,
/// a session check, the next due event) repeat a handful of statements, which this keeps compiled per connection.
/// A connection is used by one read at a time; with WAL an idle one holds no snapshot (its statements are reset).
/// </summary>
internal sealed class SqliteReaders(string connectionString) : IDisposable
{
    /// <summary>Idle connections kept; more may be open at once and are closed when returned.</summary>
    private const int MaxIdle = 16;

    /// <summary>Statements kept per connection; past that its cache starts again (filters are few shapes).</summary>
    private const int MaxStatements = 64;

    private readonly ConcurrentBag<Reader> idle = [];
    private volatile bool disposed;

    public Reader Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, typeof(SqliteDocumentStore));
        if (idle.TryTake(out var reader))
        {
            return reader;
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return new Reader(this, connection);
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var reader))
        {
            reader.Close();
        }
    }

    private void Return(Reader reader)
    {
        if (disposed || idle.Count >= MaxIdle)
        {
            reader.Close();
            return;
        }

        idle.Add(reader);
        if (disposed && idle.TryTake(out var late))
        {
            late.Close(); // Disposed meanwhile: nothing may stay open.
        }
    }

    /// <summary>A rented connection; dispose to give it back.</summary>
    public sealed class Reader(SqliteReaders owner, SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

        /// <summary>The command for <paramref name="sql"/> on this connection, prepared once; parameters come cleared.</summary>
        public SqliteCommand Command(string sql)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                if (commands.Count >= MaxStatements)
                {
                    DisposeCommands();
                }

                command = connection.CreateCommand();
                command.CommandText = sql;
                commands.Add(sql, command);
            }

            command.Parameters.Clear();
            return command;
        }

        public void Dispose() => owner.Return(this);

        internal void Close()
        {
            DisposeCommands();
            connection.Dispose();
        }

        private void DisposeCommands()
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            commands.Clear();
        }
    }
}
