using System.Runtime.InteropServices;

namespace TorchSharpReference;

/// <summary>
/// CPU time of the calling thread (<c>CLOCK_THREAD_CPUTIME_ID</c>), the clock GenNet's quick harness uses: on a shared
/// machine wall time includes whole slices when other processes run. With one intra-op thread LibTorch computes on the
/// calling thread, so this clock sees all of its work.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Microseconds of CPU time this thread has run.</summary>
    public static double Microseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds * 1e6 + t.Nanoseconds / 1e3;
    }
}
