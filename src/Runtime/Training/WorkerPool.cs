using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace GenNet;

/// <summary>A unit of parallel work: <see cref="Execute"/> is called once for every index of a run.</summary>
internal abstract class ParallelJob
{
    /// <summary>Does item <paramref name="index"/>. Items of one run must write disjoint memory.</summary>
    public abstract void Execute(int index);
}

/// <summary>
/// The process-wide background threads that training and evaluation share. A run hands items <c>0 … count−1</c> to the
/// calling thread and up to <c>T − 1</c> workers, which claim them one at a time, and returns when all are done.
/// Which thread computes an item never changes what it computes (items write disjoint memory and callers reduce the
/// items' results in item order), so results do not depend on <c>T</c> or on scheduling; claiming (rather than a fixed
/// split) means a descheduled worker never holds a step up: the caller takes what the workers have not.
/// </summary>
/// <remarks>
/// Claims go through one 64-bit ticket: run number (32 bits), item count (16 bits), next item (16 bits); a
/// compare-and-swap claims an item only in the run it was published for, so a worker that wakes late never touches
/// another run. Handoff without allocation: an idle worker spins briefly on the ticket (training steps come back to
/// back), then blocks. Workers are background threads, started on first need and kept for the process (they hold no
/// model). One run at a time: a second trainer on another thread (or a nested run) does its items inline on its own
/// thread, with the same results.
/// </remarks>
internal static class WorkerPool
{
    private const int MaxThreads = 64;

    /// <summary>Most items of one run (16 bits of the ticket).</summary>
    public const int MaxItems = 0xFFFF;

    // How long an idle worker spins before it blocks: longer than the gap between two runs of a training step.
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private static readonly object s_runLock = new();
    private static readonly object s_sleepGate = new();
    private static Thread[] s_workers = [];
    private static long s_ticket;      // run << 32 | count << 16 | next
    private static uint s_run;
    private static ParallelJob? s_job;
    private static int s_done;         // items finished in the current run
    private static int s_joined;       // workers that joined the current run
    private static int s_maxJoined;    // workers the current run may use
    private static int s_sleepers;
    private static Exception? s_error;

    /// <summary>
    /// Runs <paramref name="job"/> on every index in <c>[0, count)</c> with at most <paramref name="threads"/> threads
    /// (the caller included) and returns when all are done; rethrows the first exception an item threw.
    /// </summary>
    public static void Run(ParallelJob job, int count, int threads)
    {
        if (count > MaxItems) throw new ArgumentOutOfRangeException(nameof(count), count, $"Expected at most {MaxItems} items.");
        int participants = Math.Min(Math.Min(threads, count), MaxThreads);
        if (participants <= 1 || System.Threading.Monitor.IsEntered(s_runLock) || !System.Threading.Monitor.TryEnter(s_runLock))
        {
            for (int i = 0; i < count; i++) job.Execute(i);
            return;
        }
        try
        {
            EnsureWorkers(participants - 1);
            s_job = job;
            s_error = null;
            s_done = 0;
            s_joined = 0;
            s_maxJoined = participants - 1;
            uint run = ++s_run;
            long ticket = (long)run << 32 | (long)count << 16;
            Interlocked.Exchange(ref s_ticket, ticket); // publishes the fields above
            if (Volatile.Read(ref s_sleepers) > 0)
            {
                lock (s_sleepGate) System.Threading.Monitor.PulseAll(s_sleepGate);
            }
            Work(ticket);
            var spin = new SpinWait();
            while (Volatile.Read(ref s_done) != count) spin.SpinOnce(sleep1Threshold: -1);
            s_job = null;
            if (s_error is { } error)
            {
                s_error = null;
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            System.Threading.Monitor.Exit(s_runLock);
        }
    }

    /// <summary>Background workers started so far (for tests).</summary>
    internal static int WorkerCount => Volatile.Read(ref s_workers).Length;

    /// <summary>Claims and does items of the run <paramref name="ticket"/> was published for until none is left.</summary>
    private static void Work(long ticket)
    {
        long run = ticket >> 32;
        int count = (int)(ticket >> 16) & 0xFFFF;
        while (true)
        {
            long current = Volatile.Read(ref s_ticket);
            if (current >> 32 != run) return;
            int next = (int)current & 0xFFFF;
            if (next >= count) return;
            if (Interlocked.CompareExchange(ref s_ticket, current + 1, current) != current) continue;
            // Claimed item `next` of this run: the run cannot end before it is done, so s_job is this run's job.
            try
            {
                s_job!.Execute(next);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_error, e, null);
            }
            Interlocked.Increment(ref s_done);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count) return;
        var workers = new Thread[count];
        s_workers.CopyTo(workers, 0);
        for (int i = s_workers.Length; i < count; i++)
        {
            workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"GenNet worker {i + 1}" };
            workers[i].Start();
        }
        Volatile.Write(ref s_workers, workers);
    }

    private static void WorkerLoop()
    {
        long seenRun = Volatile.Read(ref s_ticket) >> 32;
        while (true)
        {
            long ticket = Volatile.Read(ref s_ticket);
            if (ticket >> 32 == seenRun)
            {
                long start = Stopwatch.GetTimestamp();
                var spin = new SpinWait();
                while ((ticket = Volatile.Read(ref s_ticket)) >> 32 == seenRun && Stopwatch.GetTimestamp() - start < s_spinTicks)
                    spin.SpinOnce(sleep1Threshold: -1);
                if (ticket >> 32 == seenRun)
                {
                    lock (s_sleepGate)
                    {
                        Interlocked.Increment(ref s_sleepers);
                        while ((ticket = Interlocked.Read(ref s_ticket)) >> 32 == seenRun) System.Threading.Monitor.Wait(s_sleepGate);
                        Interlocked.Decrement(ref s_sleepers);
                    }
                }
            }
            seenRun = ticket >> 32;
            // The caller's thread limit: workers past it sit this run out (a late joiner only costs a later run a slot).
            if (Interlocked.Increment(ref s_joined) <= Volatile.Read(ref s_maxJoined)) Work(ticket);
        }
    }
}
