using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

// Packing: copies of blocks of a and b into the order the micro-kernel reads them (GotoBLAS / BLIS), so its loads are
// contiguous, aligned and stay in cache, whatever the strides of the caller's matrices (so transposes are never
// materialized). Edges are zero-padded to whole tiles: the micro-kernel reads whole vectors and stores only the live part.
public static partial class Gemm
{
    // One buffer per thread, grown to the largest size seen and then reused: a training step and Predict allocate nothing
    // after warm-up, and Predict may run on many threads at once. Pinned (never moves) so it can be 64-byte aligned.
    [ThreadStatic] private static float[]? t_buffer;

    /// <summary>A per-thread scratch of at least <paramref name="floats"/> floats, aligned to 64 bytes. Contents are undefined.</summary>
    private static unsafe ref float Scratch(int floats)
    {
        float[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < floats + 16)
        {
            buffer = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
            t_buffer = buffer;
        }
        ref float start = ref MemoryMarshal.GetArrayDataReference(buffer);
        int misalignment = (int)(((nuint)Unsafe.AsPointer(ref start) & 63) / sizeof(float));
        return ref Unsafe.Add(ref start, misalignment == 0 ? 0 : 16 - misalignment);
    }

    /// <summary>
    /// Packs <c>A(i, p) = a[i·rsA + p·csA]</c>, <c>i &lt; mc</c>, <c>p &lt; kc</c>, as micro-panels of <c>rows</c> rows:
    /// panel <c>r</c> at <c>dst[r·rows·kc]</c> holds <c>A(r·rows + i, p)</c> at <c>[p·rows + i]</c>, zero past <c>mc</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(ref float a, nint rsA, nint csA, ref float dst, int mc, int kc, int rows)
    {
        for (int r = 0; r < mc; r += rows)
        {
            int live = Math.Min(rows, mc - r);
            ref float panel = ref Unsafe.Add(ref dst, (nint)r * kc);
            ref float src = ref Unsafe.Add(ref a, r * rsA);
            if (csA == 1)
            {
                // Row-major a: read each row contiguously, write with stride `rows`.
                for (int i = 0; i < live; i++)
                {
                    ref float row = ref Unsafe.Add(ref src, i * rsA);
                    ref float d = ref Unsafe.Add(ref panel, i);
                    for (int p = 0; p < kc; p++) Unsafe.Add(ref d, (nint)p * rows) = Unsafe.Add(ref row, p);
                }
            }
            else
            {
                // Transposed a (rsA = 1): each p is a contiguous run of `live` values.
                for (int p = 0; p < kc; p++)
                {
                    ref float col = ref Unsafe.Add(ref src, p * csA);
                    ref float d = ref Unsafe.Add(ref panel, (nint)p * rows);
                    for (int i = 0; i < live; i++) Unsafe.Add(ref d, i) = Unsafe.Add(ref col, i * rsA);
                }
            }
            for (int i = live; i < rows; i++)
                for (int p = 0; p < kc; p++) Unsafe.Add(ref panel, (nint)p * rows + i) = 0f;
        }
    }

    /// <summary>
    /// <c>dst[p·width + j] = b[p·rsB + j]</c> for <c>j &lt; live</c>, zero up to <paramref name="width"/>, over <paramref name="kc"/>
    /// rows: a strip of row-major b narrower than its tile, made readable as whole vectors.
    /// </summary>
    private static void CopyPadded(ref float b, nint rsB, ref float dst, int kc, int live, int width)
    {
        for (int p = 0; p < kc; p++)
        {
            ref float row = ref Unsafe.Add(ref b, p * rsB);
            ref float d = ref Unsafe.Add(ref dst, (nint)p * width);
            int j = 0;
            for (; j < live; j++) Unsafe.Add(ref d, j) = Unsafe.Add(ref row, j);
            for (; j < width; j++) Unsafe.Add(ref d, j) = 0f;
        }
    }

    /// <summary>
    /// Packs <c>B(p, j) = b[p·rsB + j·csB]</c>, <c>p &lt; kc</c>, <c>j &lt; nc</c>, as micro-panels of <c>cols</c> columns:
    /// panel <c>s</c> at <c>dst[s·cols·kc]</c> holds <c>B(p, s·cols + j)</c> at <c>[p·cols + j]</c>, zero past <c>nc</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<TV, TVec>(ref float b, nint rsB, nint csB, ref float dst, int kc, int nc, int cols)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        for (int s = 0; s < nc; s += cols)
        {
            int live = Math.Min(cols, nc - s);
            ref float panel = ref Unsafe.Add(ref dst, (nint)s * kc);
            ref float src = ref Unsafe.Add(ref b, s * csB);
            if (csB == 1 && live == cols && cols % TV.Count == 0)
            {
                // Row-major b, a whole panel: vector copies of each row segment.
                for (int p = 0; p < kc; p++)
                {
                    ref float row = ref Unsafe.Add(ref src, p * rsB);
                    ref float d = ref Unsafe.Add(ref panel, (nint)p * cols);
                    for (int j = 0; j < cols; j += TV.Count) TV.Store(TV.Load(ref row, j), ref d, j);
                }
                continue;
            }
            if (csB == 1)
            {
                CopyPadded(ref src, rsB, ref panel, kc, live, cols);
                continue;
            }
            // Transposed b (rsB = 1): read each column contiguously, write with stride `cols`.
            for (int j = 0; j < live; j++)
            {
                ref float col = ref Unsafe.Add(ref src, j * csB);
                ref float d = ref Unsafe.Add(ref panel, j);
                for (int p = 0; p < kc; p++) Unsafe.Add(ref d, (nint)p * cols) = Unsafe.Add(ref col, p * rsB);
            }
            for (int j = live; j < cols; j++)
                for (int p = 0; p < kc; p++) Unsafe.Add(ref panel, (nint)p * cols + j) = 0f;
        }
    }
}
