namespace GenNet.Kernels;

/// <summary>
/// How many threads a kernel called on the current thread may spread its row passes over (through
/// <see cref="WorkerPool"/>). The trainer sets it while a step runs as one chunk on the calling thread (a model whose
/// layers need the whole batch, <see cref="Model.TrainsWholeBatch"/>); everywhere else it is 1. A kernel that uses it cuts
/// its rows into blocks fixed by the row count alone and combines the blocks in block order, so its results do not depend
/// on the thread count.
/// </summary>
internal static class KernelThreads
{
    [ThreadStatic] private static int t_threads;

    /// <summary>Threads the current thread's kernels may use: at least 1.</summary>
    public static int Current => Math.Max(1, t_threads);

    /// <summary>Lets kernels on this thread use up to <paramref name="threads"/> threads until the scope is disposed.</summary>
    public static Scope Use(int threads)
    {
        int previous = t_threads;
        t_threads = threads;
        return new Scope(previous);
    }

    /// <summary>Restores the previous thread count.</summary>
    public readonly ref struct Scope(int previous)
    {
        public void Dispose() => t_threads = previous;
    }
}
