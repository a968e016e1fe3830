using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// How the fused recurrence reads a projection table (LstmKernel.Step.cs): in place, each sample's row of the next step
// prefetched as its turn comes, or gathered into the gate rows first; the switches are for the benchmarks' A/B runs.
public static partial class LstmKernel
{
    /// <summary>Whether the recurrence prefetches each sample's table row of the next step (results are the same either way).</summary>
    internal static bool PrefetchTableRows { get; set; } = true;

    /// <summary>A/B: whether Forward gathers every table row into the gate rows before the recurrence instead of reading them in place.</summary>
    internal static bool GatherTableRows { get; set; }

    /// <summary>
    /// Hints the cache to load sample <paramref name="b"/>'s table row of step <paramref name="s"/> (its next step, a whole
    /// batch of steps ahead): with uniform ids over a large vocabulary the rows are rarely in L2, and the load would
    /// otherwise stall the step that needs it. One row per sample-step, so the line fill buffers never fill up.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchRow(in Chain chain, int s, int b)
    {
        if (!Sse.IsSupported) return;
        int t = chain.G.Steps, gu = 4 * chain.G.Units;
        fixed (float* table = chain.Table)
        {
            float* row = table + (nint)(int)chain.Ids[b * t + chain.G.InputStep(s)] * gu;
            for (int i = 0; i < gu; i += 16) Sse.Prefetch0(row + i);
        }
    }
}
