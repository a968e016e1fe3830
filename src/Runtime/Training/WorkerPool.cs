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
/// The process-wide background threads that training and evaluation share. A run hands items <c>0 … count−1</c> to
/// <c>T</c> participants — the calling thread (participant 0) and <c>T − 1</c> workers — in a fixed round-robin
/// (participant <c>p</c> does items <c>p, p+T, p+2T, …</c>), and returns when all are done. Which thread computes an
/// item never changes what it computes, so results do not depend on <c>T</c> or on scheduling; callers reduce the
/// items' results in item order.
/// </summary>
/// <remarks>
/// Handoff without allocation: a worker spins briefly for its next signal (training steps come back to back), then
/// blocks on its own monitor. Workers are background threads started on first need and kept for the process (they
/// hold no model). One run at a time: a second trainer on another thread (or a nested run) does its items inline on
/// its own thread, with the same results.
/// </remarks>
internal static class WorkerPool
{
    private const int MaxThreads = 64;

    // How long an idle worker spins before it blocks: longer than the gap between two runs of a training step.
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private static readonly object s_runLock = new();
    private static Worker[] s_workers = [];
    private static ParallelJob? s_job;
    private static int s_count;
    private static int s_participants;
    private static int s_pending;
    private static Exception? s_error;

    /// <summary>
    /// Runs <paramref name="job"/> on every index in <c>[0, count)</c> with at most <paramref name="threads"/> threads
    /// (the caller included) and returns when all are done; rethrows the first exception an item threw.
    /// </summary>
    public static void Run(ParallelJob job, int count, int threads)
    {
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
            s_count = count;
            s_participants = participants;
            s_error = null;
            Volatile.Write(ref s_pending, participants - 1);
            for (int w = 0; w < participants - 1; w++) s_workers[w].Signal();
            ExecuteShare(0);
            var spin = new SpinWait();
            while (Volatile.Read(ref s_pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
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

    private static void ExecuteShare(int participant)
    {
        try
        {
            var job = s_job!;
            for (int i = participant; i < s_count; i += s_participants) job.Execute(i);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref s_error, e, null);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count) return;
        var workers = new Worker[count];
        s_workers.CopyTo(workers, 0);
        for (int i = s_workers.Length; i < count; i++) workers[i] = new Worker(i + 1);
        Volatile.Write(ref s_workers, workers);
    }

    private sealed class Worker
    {
        private readonly object _gate = new();
        private readonly int _participant;
        private long _signals;

        public Worker(int participant)
        {
            _participant = participant;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"GenNet worker {participant}" };
            thread.Start();
        }

        public void Signal()
        {
            lock (_gate)
            {
                _signals++;
                System.Threading.Monitor.Pulse(_gate);
            }
        }

        private void Loop()
        {
            long seen = 0;
            while (true)
            {
                if (Volatile.Read(ref _signals) == seen)
                {
                    long start = Stopwatch.GetTimestamp();
                    var spin = new SpinWait();
                    while (Volatile.Read(ref _signals) == seen && Stopwatch.GetTimestamp() - start < s_spinTicks)
                        spin.SpinOnce(sleep1Threshold: -1);
                    if (Volatile.Read(ref _signals) == seen)
                    {
                        lock (_gate)
                        {
                            while (_signals == seen) System.Threading.Monitor.Wait(_gate);
                        }
                    }
                }
                // Exactly one signal per run: the caller waits for every worker it signalled before the next run.
                seen++;
                ExecuteShare(_participant);
                Interlocked.Decrement(ref s_pending);
            }
        }
    }
}
