using System.Runtime.InteropServices;

namespace GenNet.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), for the quick harnesses on a shared machine:
/// wall time there includes whole slices when other processes run, CPU time only what this thread executed (cache and
/// memory contention from the neighbours still show). Falls back to wall time where the call is unavailable.
/// </summary>
public static partial class ThreadClock
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

    private static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    /// <summary>Whether <see cref="Microseconds"/> is thread CPU time (true) or wall time.</summary>
    public static bool IsCpuTime => Available;

    /// <summary>A monotonic reading in microseconds.</summary>
    public static double Microseconds()
    {
        if (Available && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0) return t.Seconds * 1e6 + t.Nanoseconds / 1e3;
        return System.Diagnostics.Stopwatch.GetTimestamp() * 1e6 / System.Diagnostics.Stopwatch.Frequency;
    }
}
