using System.Collections.Concurrent;
using LiteDB;

namespace Saas.Storage.LiteDb;

/// <summary>
/// Group commit for one LiteDB file. Every LiteDB commit writes the touched index and data pages to the log and
/// flushes it: about 9 ms for a webhook event with seven indexes here, so one write at a time capped a service at
/// ~110 writes/s however many requests waited. One writer thread takes whatever writes are waiting (up to
/// <see cref="MaxBatch"/>) and applies them in one transaction, one commit for all; each caller's task completes
/// only after that commit. Alone, a write commits by itself as before, with no wait added.
/// <para>
/// If any write of a batch throws, the transaction is rolled back and each write of the batch runs again on its own,
/// so one write's failure (a duplicate key, a version conflict) reaches its caller alone and costs the others
/// nothing. Writes are closures over the caller's arguments that read what they need inside, so running one again
/// after a rollback decides it afresh.
/// </para>
/// </summary>
internal sealed class LiteDbWriteQueue : IDisposable
{
    public const int MaxBatch = 128;

    private readonly LiteDatabase database;
    private readonly BlockingCollection<PendingWrite> pending = new();
    private readonly Thread writer;

    public LiteDbWriteQueue(LiteDatabase database, Lock writeLock)
    {
        this.database = database;
        WriteLock = writeLock;
        // LiteDB binds a transaction to the thread that began it: the writer has a thread of its own.
        writer = new Thread(WriteBatches) { IsBackground = true, Name = "LiteDB group commit" };
        writer.Start();
    }

    /// <summary>Held by the writer for a whole batch; other writers of the file (index creation, the purge) take it too.</summary>
    public Lock WriteLock { get; }

    [ThreadStatic]
    private static bool inBatch;

    private long received;
    private long batchesCommitted;
    private long batchesRunAgainAlone;

    /// <summary>Writes handed to the writer thread so far (for tests and diagnostics).</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>Writes waiting for the writer thread to take them.</summary>
    public int Waiting => pending.Count;

    /// <summary>Batches of two or more writes committed together (for tests and diagnostics).</summary>
    public long BatchesCommitted => Interlocked.Read(ref batchesCommitted);

    /// <summary>Batches rolled back because a write threw, their writes then run one by one.</summary>
    public long BatchesRunAgainAlone => Interlocked.Read(ref batchesRunAgainAlone);

    /// <summary>True on the writer thread while a batch runs in one transaction: writes must throw, not retry.</summary>
    public static bool InBatch => inBatch;

    /// <summary>Runs <paramref name="write"/> on the writer thread (inline when already on it); completes once committed.</summary>
    public Task<TResult> RunAsync<TResult>(Func<TResult> write)
    {
        if (Thread.CurrentThread == writer)
        {
            return Task.FromResult(write());
        }

        var entry = new PendingWrite<TResult>(write);
        try
        {
            pending.Add(entry);
            Interlocked.Increment(ref received);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(LiteDbWriteQueue), "The store is closed.");
        }

        return entry.Task;
    }

    public void Dispose()
    {
        pending.CompleteAdding();
        writer.Join();
        pending.Dispose();
    }

    private void WriteBatches()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        foreach (var first in pending.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < MaxBatch && pending.TryTake(out var next))
            {
                batch.Add(next);
            }

            lock (WriteLock)
            {
                if (batch.Count == 1 || !TryCommitTogether(batch))
                {
                    foreach (var write in batch)
                    {
                        write.RunAlone();
                    }
                }
            }

            batch.Clear();
        }
    }

    private bool TryCommitTogether(List<PendingWrite> batch)
    {
        if (!database.BeginTrans())
        {
            return false;
        }

        inBatch = true;
        try
        {
            foreach (var write in batch)
            {
                write.RunInBatch();
            }

            database.Commit();
        }
        catch (Exception)
        {
            // LiteDB may already have dropped the transaction on the exception; Rollback is then a no-op.
            database.Rollback();
            Interlocked.Increment(ref batchesRunAgainAlone);
            return false;
        }
        finally
        {
            inBatch = false;
        }

        Interlocked.Increment(ref batchesCommitted);
        foreach (var write in batch)
        {
            write.CompleteFromBatch();
        }

        return true;
    }

    private abstract class PendingWrite
    {
        /// <summary>Runs as part of the batch's transaction; exceptions abort the batch.</summary>
        public abstract void RunInBatch();

        /// <summary>The batch committed: hand the caller its result.</summary>
        public abstract void CompleteFromBatch();

        /// <summary>Runs and commits on its own, handing the caller its result or exception.</summary>
        public abstract void RunAlone();
    }

    private sealed class PendingWrite<TResult>(Func<TResult> write) : PendingWrite
    {
        private readonly TaskCompletionSource<TResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TResult? result;

        public Task<TResult> Task => completion.Task;

        public override void RunInBatch() => result = write();

        public override void CompleteFromBatch() => completion.SetResult(result!);

        public override void RunAlone()
        {
            try
            {
                completion.SetResult(write());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }
    }
}
