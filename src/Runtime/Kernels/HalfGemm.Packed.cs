using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// bfloat16 weights converted inside the register tile: for few rows (batch-1 latency) the weights are read once, as 16-bit
// bits, and each 32-bit lane yields two floats with one instruction each, so no float copy of the weights is ever written.
public static partial class HalfGemm
{
    /// <summary>Columns per block of <see cref="PackPairs"/>: one 512-bit vector of floats.</summary>
    public const int PackedBlock = 16;

    /// <summary>
    /// <c>uint</c>s <see cref="PackPairs"/> writes for a <c>[k, n]</c> matrix: <c>⌈n/16⌉</c> blocks of <c>⌈k/2⌉</c> pairs × 16 lanes.
    /// </summary>
    public static int PackedLength(int k, int n) => (n + PackedBlock - 1) / PackedBlock * ((k + 1) / 2) * PackedBlock;

    /// <summary>
    /// Packs 16-bit weights <c>w[k, n]</c> (row-major bits) for <see cref="MultiplyPackedBFloat16"/>: block b holds columns
    /// <c>16b … 16b+15</c>; its pair p is 16 lanes, lane j = <c>w[2p, 16b+j] | w[2p+1, 16b+j] &lt;&lt; 16</c> (zero past k or n).
    /// Blocks follow each other whole: <c>packed[(b·⌈k/2⌉ + p)·16 + j]</c>.
    /// </summary>
    public static void PackPairs(ReadOnlySpan<ushort> w, Span<uint> packed, int k, int n)
    {
        int pairs = (k + 1) / 2, blocks = (n + PackedBlock - 1) / PackedBlock;
        if (w.Length < k * n || packed.Length < PackedLength(k, n))
            throw new ArgumentException($"Expected w of {k} × {n} and {PackedLength(k, n)} packed lanes.");
        for (int b = 0; b < blocks; b++)
            for (int p = 0; p < pairs; p++)
                for (int j = 0; j < PackedBlock; j++)
                {
                    int c = b * PackedBlock + j;
                    uint lo = c < n ? w[2 * p * n + c] : 0u, hi = c < n && 2 * p + 1 < k ? w[(2 * p + 1) * n + c] : 0u;
                    packed[(b * pairs + p) * PackedBlock + j] = lo | hi << 16;
                }
    }

    /// <summary>
    /// The inverse of <see cref="PackPairs"/> for bfloat16 bits: <c>values[p·n + c] = float(w[p, c])</c>, exactly (a 16-bit shift),
    /// for the many-row path (<see cref="MultiplyWidened"/>), which wants the plain <c>[k, n]</c> floats.
    /// </summary>
    public static void WidenPackedBFloat16(ReadOnlySpan<uint> packed, Span<float> values, int k, int n)
    {
        int pairs = (k + 1) / 2, blocks = (n + PackedBlock - 1) / PackedBlock;
        if (packed.Length < PackedLength(k, n) || values.Length < k * n)
            throw new ArgumentException($"Expected {PackedLength(k, n)} packed lanes and {k} × {n} floats.");
        for (int b = 0; b < blocks; b++)
        {
            int c0 = b * PackedBlock, width = Math.Min(PackedBlock, n - c0);
            for (int p = 0; p < pairs; p++)
            {
                ReadOnlySpan<uint> lanes = packed.Slice((b * pairs + p) * PackedBlock, PackedBlock);
                Span<float> even = values.Slice(2 * p * n + c0, width);
                for (int j = 0; j < width; j++) even[j] = BitConverter.UInt32BitsToSingle(lanes[j] << 16);
                if (2 * p + 1 >= k) continue;
                Span<float> odd = values.Slice((2 * p + 1) * n + c0, width);
                for (int j = 0; j < width; j++) odd[j] = BitConverter.UInt32BitsToSingle(lanes[j] & 0xFFFF0000u);
            }
        }
    }

    /// <summary>
    /// <c>y[r, c] = bias[c] + Σ_k x[r·k + p] · float(w[p, c])</c> with bfloat16 <c>w</c> packed by <see cref="PackPairs"/>:
    /// the same operation sequence as <see cref="MultiplyWidened"/> (the bias, then one fused multiply-add per k in order of k),
    /// so the same bits. Each row reads the 16-bit weights once: per pair of k, one 512-bit load gives two vectors of 16
    /// floats, <c>lane &lt;&lt; 16</c> (row 2p) and <c>lane &amp; 0xFFFF0000</c> (row 2p+1), for up to 8 column blocks (8
    /// independent accumulators) at a time. <paramref name="bias"/> has at least <c>16·⌈n/16⌉</c> floats (zero-padded).
    /// Without AVX-512F the product runs widened (<see cref="WidenPackedBFloat16"/> into <paramref name="widened"/>, <c>k·n</c>
    /// floats, then <see cref="MultiplyWidened"/>).
    /// </summary>
    public static unsafe void MultiplyPackedBFloat16(ReadOnlySpan<float> x, ReadOnlySpan<uint> packed, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> widened, int rows, int k, int n)
    {
        int blocks = (n + PackedBlock - 1) / PackedBlock, pairs = (k + 1) / 2;
        if (x.Length < rows * k || packed.Length < PackedLength(k, n) || bias.Length < blocks * PackedBlock || y.Length < rows * n)
            throw new ArgumentException($"Expected x of {rows} × {k}, {PackedLength(k, n)} packed lanes, a bias of {blocks * PackedBlock} and y of {rows} × {n}.");
        if (!Avx512F.IsSupported)
        {
            if (widened.Length < k * n) throw new ArgumentException($"Expected {k * n} floats of scratch.");
            WidenPackedBFloat16(packed, widened, k, n);
            MultiplyWidened(x, widened.Slice(0, k * n), bias, y, rows, k, n);
            return;
        }
        float* tile = stackalloc float[8 * PackedBlock];
        fixed (float* px = x)
        fixed (uint* pw = packed)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            nint blockLanes = (nint)pairs * PackedBlock;
            for (int r = 0; r < rows; r++)
            {
                float* xr = px + (nint)r * k;
                for (int b = 0; b < blocks; b += 8)
                {
                    int count = Math.Min(8, blocks - b);
                    uint* w = pw + b * blockLanes;
                    float* bb = pb + b * PackedBlock;
                    switch (count)
                    {
                        case 1: Bf16Blocks1(xr, k, w, blockLanes, bb, tile); break;
                        case 2: Bf16Blocks2(xr, k, w, blockLanes, bb, tile); break;
                        case 3: Bf16Blocks3(xr, k, w, blockLanes, bb, tile); break;
                        case 4: Bf16Blocks4(xr, k, w, blockLanes, bb, tile); break;
                        case 5: Bf16Blocks5(xr, k, w, blockLanes, bb, tile); break;
                        case 6: Bf16Blocks6(xr, k, w, blockLanes, bb, tile); break;
                        case 7: Bf16Blocks7(xr, k, w, blockLanes, bb, tile); break;
                        default: Bf16Blocks8(xr, k, w, blockLanes, bb, tile); break;
                    }
                    int c0 = b * PackedBlock, width = Math.Min(count * PackedBlock, n - c0);
                    new ReadOnlySpan<float>(tile, width).CopyTo(new Span<float>(py + (nint)r * n + c0, width));
                }
            }
        }
    }

    // One method per block count, each with its own registers: the body below is inlined with a constant count, so the
    // unused accumulators and loads fold away (as the int8 tiles, one method per tile keeps the JIT's inlining budget).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks1(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 1);
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks2(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 2);
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks3(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 3);
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks4(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 4);
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks5(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 5);
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks6(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 6);
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks7(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 7);
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Bf16Blocks8(float* x, int k, uint* w, nint stride, float* bias, float* y) => Bf16Blocks(x, k, w, stride, bias, y, 8);

    // `count` blocks of 16 columns of one row: accumulator i starts at bias[16i…] and takes, per pair p, the fused
    // multiply-adds of x[2p] · (lane << 16) and x[2p+1] · (lane & 0xFFFF0000) — k in order. An odd k ends with the even half alone.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Bf16Blocks(float* x, int k, uint* w, nint stride, float* bias, float* y, int count)
    {
        var high = Vector512.Create(0xFFFF0000u);
        uint* w1 = w + stride, w2 = w1 + stride, w3 = w2 + stride, w4 = w3 + stride, w5 = w4 + stride, w6 = w5 + stride, w7 = w6 + stride;
        Vector512<float> a0 = Vector512.Load(bias), a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        if (count > 1) a1 = Vector512.Load(bias + 16);
        if (count > 2) a2 = Vector512.Load(bias + 32);
        if (count > 3) a3 = Vector512.Load(bias + 48);
        if (count > 4) a4 = Vector512.Load(bias + 64);
        if (count > 5) a5 = Vector512.Load(bias + 80);
        if (count > 6) a6 = Vector512.Load(bias + 96);
        if (count > 7) a7 = Vector512.Load(bias + 112);
        nint i = 0;
        int p = 0;
        for (; p + 2 <= k; p += 2, i += PackedBlock)
        {
            var s = Vector512.Create(x[p]);
            var t = Vector512.Create(x[p + 1]);
            Vector512<uint> v = Vector512.Load(w + i);
            a0 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a0));
            if (count > 1) { v = Vector512.Load(w1 + i); a1 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a1)); }
            if (count > 2) { v = Vector512.Load(w2 + i); a2 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a2)); }
            if (count > 3) { v = Vector512.Load(w3 + i); a3 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a3)); }
            if (count > 4) { v = Vector512.Load(w4 + i); a4 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a4)); }
            if (count > 5) { v = Vector512.Load(w5 + i); a5 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a5)); }
            if (count > 6) { v = Vector512.Load(w6 + i); a6 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a6)); }
            if (count > 7) { v = Vector512.Load(w7 + i); a7 = Vector512.FusedMultiplyAdd(t, (v & high).AsSingle(), Vector512.FusedMultiplyAdd(s, (v << 16).AsSingle(), a7)); }
        }
        if (p < k)
        {
            var s = Vector512.Create(x[p]);
            a0 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w + i) << 16).AsSingle(), a0);
            if (count > 1) a1 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w1 + i) << 16).AsSingle(), a1);
            if (count > 2) a2 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w2 + i) << 16).AsSingle(), a2);
            if (count > 3) a3 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w3 + i) << 16).AsSingle(), a3);
            if (count > 4) a4 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w4 + i) << 16).AsSingle(), a4);
            if (count > 5) a5 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w5 + i) << 16).AsSingle(), a5);
            if (count > 6) a6 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w6 + i) << 16).AsSingle(), a6);
            if (count > 7) a7 = Vector512.FusedMultiplyAdd(s, (Vector512.Load(w7 + i) << 16).AsSingle(), a7);
        }
        a0.Store(y);
        if (count > 1) a1.Store(y + 16);
        if (count > 2) a2.Store(y + 32);
        if (count > 3) a3.Store(y + 48);
        if (count > 4) a4.Store(y + 64);
        if (count > 5) a5.Store(y + 80);
        if (count > 6) a6.Store(y + 96);
        if (count > 7) a7.Store(y + 112);
    }
}
