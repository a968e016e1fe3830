namespace GenNet.Tests.Support;

/// <summary>Zero-allocation assertions for "after warm-up" promises (DESIGN.md: Predict and a training step allocate 0 bytes).</summary>
public static class Allocations
{
    /// <summary>
    /// Runs <paramref name="step"/> once to warm up, then asserts that <paramref name="calls"/> further calls allocate
    /// nothing on this thread. A one-time allocation the runtime makes lazily (a thread's first use of a static, code
    /// promoted by tiered compilation) may land in the first window; a per-call allocation shows in every window, so a
    /// second window decides.
    /// </summary>
    public static void AssertNoneAfterWarmUp(Action step, int calls = 20)
    {
        step();
        long first = Measure(step, calls);
        if (first == 0) return;
        long second = Measure(step, calls);
        Assert.True(second == 0, $"{second} bytes allocated over {calls} calls after warm-up (first window: {first} bytes).");
    }

    private static long Measure(Action step, int calls)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++) step();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
