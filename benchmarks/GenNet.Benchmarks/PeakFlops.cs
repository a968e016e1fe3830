using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenNet.Benchmarks;

/// <summary>
/// One core's single-precision FMA peak, measured: 16 independent Vector512 multiply-add chains (more than FMA latency ×
/// FMA ports, 4 × 2 on Zen 5), so nothing waits. 2 flops per lane per FMA.
/// </summary>
public static class PeakFlops
{
    /// <summary>Floating-point operations done by one <see cref="Run"/> call.</summary>
    public static long Flops(int iterations) => (long)iterations * 16 * Vector512<float>.Count * 2;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float Run(int iterations)
    {
        var m = Vector512.Create(0.999999f);
        var d = Vector512.Create(1e-7f);
        Vector512<float> s0 = Vector512.Create(1f), s1 = s0 + d, s2 = s1 + d, s3 = s2 + d, s4 = s3 + d, s5 = s4 + d, s6 = s5 + d, s7 = s6 + d;
        Vector512<float> s8 = s7 + d, s9 = s8 + d, s10 = s9 + d, s11 = s10 + d, s12 = s11 + d, s13 = s12 + d, s14 = s13 + d, s15 = s14 + d;
        for (int i = 0; i < iterations; i++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, m, d); s1 = Vector512.FusedMultiplyAdd(s1, m, d);
            s2 = Vector512.FusedMultiplyAdd(s2, m, d); s3 = Vector512.FusedMultiplyAdd(s3, m, d);
            s4 = Vector512.FusedMultiplyAdd(s4, m, d); s5 = Vector512.FusedMultiplyAdd(s5, m, d);
            s6 = Vector512.FusedMultiplyAdd(s6, m, d); s7 = Vector512.FusedMultiplyAdd(s7, m, d);
            s8 = Vector512.FusedMultiplyAdd(s8, m, d); s9 = Vector512.FusedMultiplyAdd(s9, m, d);
            s10 = Vector512.FusedMultiplyAdd(s10, m, d); s11 = Vector512.FusedMultiplyAdd(s11, m, d);
            s12 = Vector512.FusedMultiplyAdd(s12, m, d); s13 = Vector512.FusedMultiplyAdd(s13, m, d);
            s14 = Vector512.FusedMultiplyAdd(s14, m, d); s15 = Vector512.FusedMultiplyAdd(s15, m, d);
        }
        var t = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + ((s8 + s9) + (s10 + s11)) + ((s12 + s13) + (s14 + s15));
        return Vector512.Sum(t);
    }
}
