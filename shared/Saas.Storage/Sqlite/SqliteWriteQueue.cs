using Microsoft.Data.Sqlite;

namespace Saas.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite file, with group commit. With <c>synchronous=FULL</c> every commit waits for an fsync,
/// so one commit per write would cap a service at the disk's fsync rate however many requests wait. One thread takes
/// whatever writes are waiting (up to <see cref="MaxBatch"/>) and runs them in one transaction, each inside its own
/// SAVEPOINT: a write that throws (duplicate key, version conflict) is rolled back to its savepoint and reaches its
/// caller alone, the others stay in the transaction. Every caller's task completes only after the COMMIT returned,
/// so an acknowledged write is on disk. Alone, a write commits by itself with no wait added.
/// Waiting writes are taken by <see cref="WritePriority"/> (<see cref="StoreWrites"/>): urgent ones first, in a batch
/// kept small (<see cref="UrgentBatchShare"/> other writes at most) so their commit is not held up by a backlog of
/// others; background ones only fill what room a batch has left. A write waits for at most the batch in progress.
/// </summary>
internal sealed class SqliteWriteQueue : IDisposable
{
    public const int MaxBatch = 128;

    /// <summary>Other writes that may join a batch that carries urgent ones (so those still make progress).</summary>
    public const int UrgentBatchShare = 16;

    private readonly object gate = new();
    // Indexed by WritePriority: Background, Normal, Urgent.
    private readonly Queue<PendingWrite>[] pending = [new(), new(), new()];
    private bool closed;
    private readonly Thread writer;
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);
    private long batchesCommitted;
    private long writesFailedAlone;

    public SqliteWriteQueue(SqliteConnection connection)
    {
        Connection = connection;
        writer = new Thread(WriteBatches) { IsBackground = true, Name = "SQLite group commit" };
        writer.Start();
    }

    /// <summary>The writer's connection; use it only from inside a write.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>Transactions that committed two or more writes (for tests and diagnostics).</summary>
    public long BatchesCommitted => Interlocked.Read(ref batchesCommitted);

    /// <summary>Writes rolled back to their savepoint while the rest of their batch committed.</summary>
    public long WritesFailedAlone => Interlocked.Read(ref writesFailedAlone);

    /// <summary>
    /// Runs <paramref name="write"/> on the writer thread; completes once its transaction committed.
    /// <paramref name="undo"/> runs if the write succeeded but the commit then failed (restore the caller's object).
    /// </summary>
    public Task<TResult> RunAsync<TResult>(Func<SqliteConnection, TResult> write, Action? undo = null)
    {
        var entry = new PendingWrite<TResult>(write, undo);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, typeof(SqliteDocumentStore));
            pending[(int)StoreWrites.Priority].Enqueue(entry);
            Monitor.Pulse(gate);
        }

        return entry.Task;
    }

    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            Monitor.PulseAll(gate);
        }

        writer.Join();
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }
    }

    private void WriteBatches()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (true)
        {
            lock (gate)
            {
                while (pending.All(queue => queue.Count == 0))
                {
                    if (closed)
                    {
                        return; // Everything queued before the close was written.
                    }

                    Monitor.Wait(gate);
                }

                Take(pending[(int)WritePriority.Urgent], batch, MaxBatch);
                var limit = batch.Count > 0 ? batch.Count + UrgentBatchShare : MaxBatch;
                Take(pending[(int)WritePriority.Normal], batch, limit);
                Take(pending[(int)WritePriority.Background], batch, limit);
            }

            RunBatch(batch);
            batch.Clear();
        }
    }

    private static void Take(Queue<PendingWrite> queue, List<PendingWrite> batch, int limit)
    {
        while (batch.Count < limit && queue.TryDequeue(out var write))
        {
            batch.Add(write);
        }
    }

    private void RunBatch(List<PendingWrite> batch)
    {
        try
        {
            Execute("BEGIN IMMEDIATE");
        }
        catch (Exception e)
        {
            batch.ForEach(write => write.Fail(e));
            return;
        }

        try
        {
            foreach (var write in batch)
            {
                // Even alone: a write of several statements that fails half-way must leave nothing behind.
                Execute("SAVEPOINT w");
                if (!write.Run(Connection))
                {
                    Execute("ROLLBACK TO w");
                    Interlocked.Increment(ref writesFailedAlone);
                }

                Execute("RELEASE w");
            }

            Execute("COMMIT");
        }
        catch (Exception e)
        {
            // The commit (or a savepoint) failed: nothing of the batch is on disk, so nobody may be told otherwise.
            TryExecute("ROLLBACK");
            batch.ForEach(write => write.Fail(e));
            return;
        }

        if (batch.Count > 1)
        {
            Interlocked.Increment(ref batchesCommitted);
        }

        batch.ForEach(write => write.Complete());
    }

    /// <summary>
    /// A command on the writer's connection, kept so its statement is prepared once: the hot writes repeat a handful
    /// of statements. Only from the writer thread (inside a write); parameters come cleared.
    /// </summary>
    public SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    private void Execute(string sql) => Command(sql).ExecuteNonQuery();

    private void TryExecute(string sql)
    {
        try
        {
            Execute(sql);
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled the transaction back on the error.
        }
    }

    private abstract class PendingWrite
    {
        /// <summary>Runs inside the open transaction; false when the write threw (its error is kept for its caller).</summary>
        public abstract bool Run(SqliteConnection connection);

        /// <summary>The transaction committed: hand the caller its result or its own error.</summary>
        public abstract void Complete();

        /// <summary>The transaction did not commit: the caller gets <paramref name="error"/> unless it failed already.</summary>
        public abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<TResult>(Func<SqliteConnection, TResult> write, Action? undo) : PendingWrite
    {
        private readonly TaskCompletionSource<TResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TResult? result;
        private Exception? error;

        public Task<TResult> Task => completion.Task;

        public override bool Run(SqliteConnection connection)
        {
            try
            {
                result = write(connection);
                return true;
            }
            catch (Exception e)
            {
                error = e;
                return false;
            }
        }

        public override void Complete()
        {
            if (error is null)
            {
                completion.SetResult(result!);
            }
            else
            {
                completion.SetException(error);
            }
        }

        public override void Fail(Exception commitError)
        {
            if (error is null)
            {
                undo?.Invoke();
            }

            completion.SetException(error ?? new StorageException("The write was not committed.", commitError));
        }
    }
}
