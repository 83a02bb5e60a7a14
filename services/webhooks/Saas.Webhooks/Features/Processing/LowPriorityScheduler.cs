using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Runs work on a few threads of the lowest CPU priority (Linux nice 19): when the machine is idle they run at full
/// speed, when anything else wants the cores (intake, the live lane, the user requests of services on the same
/// host or container) the kernel's scheduler gives those the CPU first. Awaits inside the work resume here too,
/// since an await returns to the scheduler it started on; only what a library continues with
/// <c>ConfigureAwait(false)</c> runs on the shared pool. The replay lane runs on it, so a large replay fills idle
/// CPU instead of taking it from live traffic.
/// </summary>
public sealed class LowPriorityScheduler : TaskScheduler, IDisposable
{
    /// <summary>The nice value of the scheduler's threads (19, the lowest priority Linux has).</summary>
    public const int Niceness = 19;

    [ThreadStatic]
    private static bool onSchedulerThread;

    private readonly BlockingCollection<Task> queued = [];
    private readonly Thread[] threads;

    public LowPriorityScheduler(int threadCount, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        threads = [.. Enumerable.Range(1, threadCount).Select(i => new Thread(RunQueued) { IsBackground = true, Name = $"{name} {i}" })];
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    public override int MaximumConcurrencyLevel => threads.Length;

    /// <summary>Runs <paramref name="work"/> here; the task completes when the work's own task does.</summary>
    public Task RunAsync(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    protected override void QueueTask(Task task) => queued.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        onSchedulerThread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => queued.ToArray();

    public void Dispose() => queued.CompleteAdding();

    private void RunQueued()
    {
        onSchedulerThread = true;
        LowerThisThread();
        foreach (var task in queued.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }

    // Nice is per thread on Linux, and raising it needs no privilege. Elsewhere the threads keep normal priority.
    private static void LowerThisThread()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetPriority(ProcessPriorityWhich, GetThreadId(), Niceness);
        }
    }

    private const int ProcessPriorityWhich = 0; // PRIO_PROCESS: with a thread id, that thread alone

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
