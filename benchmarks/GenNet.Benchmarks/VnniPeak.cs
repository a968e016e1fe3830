using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Benchmarks;

/// <summary>
/// One core's AVX-VNNI rate, measured: 16 independent 256-bit <c>vpdpbusd</c> chains on registers (more than latency ×
/// ports), so nothing waits and nothing is loaded: the floor of a convolution's products is its instruction count times this.
/// </summary>
public static class VnniPeak
{
    /// <summary><c>vpdpbusd</c> instructions done by one <see cref="Run"/> call.</summary>
    public static long Instructions(int iterations) => (long)iterations * 16;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(int iterations)
    {
        if (!AvxVnni.IsSupported) return 0;
        var x = Vector256.Create((byte)3);
        var w = Vector256.Create((sbyte)-2);
        Vector256<int> s0 = default, s1 = Vector256.Create(1), s2 = Vector256.Create(2), s3 = Vector256.Create(3), s4 = Vector256.Create(4), s5 = Vector256.Create(5), s6 = Vector256.Create(6), s7 = Vector256.Create(7);
        Vector256<int> s8 = Vector256.Create(8), s9 = Vector256.Create(9), s10 = Vector256.Create(10), s11 = Vector256.Create(11), s12 = Vector256.Create(12), s13 = Vector256.Create(13), s14 = Vector256.Create(14), s15 = Vector256.Create(15);
        for (int i = 0; i < iterations; i++)
        {
            s0 = AvxVnni.MultiplyWideningAndAdd(s0, x, w); s1 = AvxVnni.MultiplyWideningAndAdd(s1, x, w);
            s2 = AvxVnni.MultiplyWideningAndAdd(s2, x, w); s3 = AvxVnni.MultiplyWideningAndAdd(s3, x, w);
            s4 = AvxVnni.MultiplyWideningAndAdd(s4, x, w); s5 = AvxVnni.MultiplyWideningAndAdd(s5, x, w);
            s6 = AvxVnni.MultiplyWideningAndAdd(s6, x, w); s7 = AvxVnni.MultiplyWideningAndAdd(s7, x, w);
            s8 = AvxVnni.MultiplyWideningAndAdd(s8, x, w); s9 = AvxVnni.MultiplyWideningAndAdd(s9, x, w);
            s10 = AvxVnni.MultiplyWideningAndAdd(s10, x, w); s11 = AvxVnni.MultiplyWideningAndAdd(s11, x, w);
            s12 = AvxVnni.MultiplyWideningAndAdd(s12, x, w); s13 = AvxVnni.MultiplyWideningAndAdd(s13, x, w);
            s14 = AvxVnni.MultiplyWideningAndAdd(s14, x, w); s15 = AvxVnni.MultiplyWideningAndAdd(s15, x, w);
        }
        var t = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + ((s8 + s9) + (s10 + s11)) + ((s12 + s13) + (s14 + s15));
        return Vector256.Sum(t);
    }
}
