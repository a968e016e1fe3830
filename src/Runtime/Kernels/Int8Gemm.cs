using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

/// <summary>The instruction sets <see cref="Int8Gemm"/> can run on; <see cref="Int8Gemm.Best"/> is this machine's fastest.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum Int8GemmPath
{
    /// <summary>Plain C#: one multiply-add per byte pair.</summary>
    Scalar,
    /// <summary>AVX2 <c>vpmaddwd</c> (<see cref="Avx2.MultiplyAddAdjacent(Vector256{short}, Vector256{short})"/>) on bytes widened to 16 bits.</summary>
    Avx2,
    /// <summary>AVX-512BW <c>vpmaddwd</c> on 512-bit vectors, bytes widened to 16 bits.</summary>
    Avx512BW,
    /// <summary>AVX-VNNI <c>vpdpbusd</c> (<see cref="AvxVnni.MultiplyWideningAndAdd(Vector256{int}, Vector256{byte}, Vector256{sbyte})"/>), 256-bit.</summary>
    AvxVnni,
}

/// <summary>
/// The integer matrix product of quantized inference: <c>acc[r, c] = Σ_k x[r, k] · w[k, c]</c> with <c>x</c> unsigned
/// bytes (activations), <c>w</c> signed bytes (weights, packed by <see cref="Pack"/>) and exact int32 sums.
/// </summary>
/// <remarks>
/// <para>Packed layout: columns in blocks of 16, the reduction in quads of 4, <c>packed[((b·Q + q)·16 + c)·4 + j] =
/// w[4q + j, 16b + c]</c> with <c>Q = ⌈K/4⌉</c>; padding (k ≥ K or column ≥ N) is 0. One quad of a row of <c>x</c>, read as
/// one int32 and broadcast, meets 64 weight bytes: 16 columns × 4 reduction steps. That is exactly the operand shape of
/// <c>vpdpbusd</c> (per int32 lane: the four u8·s8 products of its bytes added to the lane), and the 16-bit paths widen
/// the same bytes and add pairs with <c>vpmaddwd</c> (u8 ≤ 255 and s8 ≥ −127 give products within int16 and pair sums
/// within int32, so nothing saturates), then add the two pairs of each column at the end.</para>
/// <para>Every path adds the same integers, and int32 addition is associative, so all paths give the same bits (a test
/// runs each available path against <see cref="Int8GemmPath.Scalar"/>). No sum can overflow: |acc| ≤ K·255·127, which
/// is below 2³¹ for K up to 66,000.</para>
/// <para><c>acc</c> is row-major with row stride <see cref="PaddedColumns"/>(N): whole 16-column blocks are stored.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Int8Gemm
{
    /// <summary>The fastest path this machine supports: AVX-VNNI, else AVX-512BW, else AVX2, else scalar.</summary>
    public static Int8GemmPath Best { get; } =
        AvxVnni.IsSupported ? Int8GemmPath.AvxVnni :
        Avx512BW.IsSupported ? Int8GemmPath.Avx512BW :
        Avx2.IsSupported ? Int8GemmPath.Avx2 : Int8GemmPath.Scalar;

    /// <summary>Whether <paramref name="path"/> can run on this machine.</summary>
    public static bool IsSupported(Int8GemmPath path) => path switch
    {
        Int8GemmPath.Scalar => true,
        Int8GemmPath.Avx2 => Avx2.IsSupported,
        Int8GemmPath.Avx512BW => Avx512BW.IsSupported,
        Int8GemmPath.AvxVnni => AvxVnni.IsSupported,
        _ => false,
    };

    /// <summary><paramref name="n"/> rounded up to whole 16-column blocks: the row stride of the accumulators.</summary>
    public static int PaddedColumns(int n) => (n + 15) / 16 * 16;

    /// <summary>Bytes of the packed weights for a <c>k × n</c> matrix: <c>⌈k/4⌉·4 · PaddedColumns(n)</c>.</summary>
    public static int PackedLength(int k, int n) => (k + 3) / 4 * 4 * PaddedColumns(n);

    /// <summary>Packs row-major <c>w[k, n]</c> into the layout of the remarks (padding zero).</summary>
    public static void Pack(ReadOnlySpan<sbyte> w, int k, int n, Span<sbyte> packed)
    {
        if (w.Length < k * n) throw new ArgumentException($"Expected {k} × {n} weights, got {w.Length}.", nameof(w));
        if (packed.Length < PackedLength(k, n)) throw new ArgumentException($"Expected {PackedLength(k, n)} packed bytes, got {packed.Length}.", nameof(packed));
        int quads = (k + 3) / 4;
        packed.Slice(0, PackedLength(k, n)).Clear();
        for (int p = 0; p < k; p++)
            for (int c = 0; c < n; c++)
                packed[((c / 16 * quads + p / 4) * 16 + c % 16) * 4 + p % 4] = w[p * n + c];
    }

    /// <summary>
    /// <c>acc[r, c] = Σ_k x[r·xStride + k] · w[k, c]</c> for <c>r &lt; rows</c>, on the fastest path (<see cref="Best"/>).
    /// </summary>
    public static void Multiply(ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, Span<int> acc, int rows, int k, int n) =>
        Multiply(Best, x, xStride, packed, acc, rows, k, n);

    /// <summary>The same product on a chosen <paramref name="path"/> (which must be supported: see <see cref="IsSupported"/>).</summary>
    public static void Multiply(Int8GemmPath path, ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, Span<int> acc, int rows, int k, int n)
    {
        if (rows == 0) return;
        int stride = PaddedColumns(n);
        if (k <= 0 || n <= 0 || xStride < k) throw new ArgumentException($"Expected positive sizes and a row stride of at least k, got k={k}, n={n}, stride={xStride}.");
        if (x.Length < (rows - 1) * xStride + k) throw new ArgumentException($"Expected at least {(rows - 1) * xStride + k} input bytes, got {x.Length}.", nameof(x));
        if (packed.Length < PackedLength(k, n)) throw new ArgumentException($"Expected {PackedLength(k, n)} packed weight bytes, got {packed.Length}.", nameof(packed));
        if (acc.Length < rows * stride) throw new ArgumentException($"Expected {rows * stride} accumulators, got {acc.Length}.", nameof(acc));
        if (!IsSupported(path)) throw new PlatformNotSupportedException($"This machine does not support the {path} path.");
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref sbyte wr = ref MemoryMarshal.GetReference(packed);
        ref int ar = ref MemoryMarshal.GetReference(acc);
        int quads = (k + 3) / 4, blocks = stride / 16;
        int r = 0;
        // Four rows at a time on VNNI: each 64-byte weight quad, loaded once, feeds eight vpdpbusd.
        if (path == Int8GemmPath.AvxVnni)
        {
            for (; r + 4 <= rows; r += 4)
            {
                ref byte row = ref Unsafe.Add(ref xr, (nint)r * xStride);
                ref int accRow = ref Unsafe.Add(ref ar, (nint)r * stride);
                for (int b = 0; b < blocks; b++)
                    VnniBlock4(ref row, xStride, k, ref Unsafe.Add(ref wr, (nint)b * quads * 64), ref Unsafe.Add(ref accRow, b * 16), stride);
            }
        }
        for (; r < rows; r++)
        {
            ref byte row = ref Unsafe.Add(ref xr, (nint)r * xStride);
            ref int accRow = ref Unsafe.Add(ref ar, (nint)r * stride);
            int b = 0;
            // A lone row on VNNI: four column blocks at once, so one broadcast feeds eight independent vpdpbusd.
            if (path == Int8GemmPath.AvxVnni)
                for (; b + 4 <= blocks; b += 4)
                    VnniRow4Blocks(ref row, k, ref Unsafe.Add(ref wr, (nint)b * quads * 64), quads * 64, ref Unsafe.Add(ref accRow, b * 16));
            for (; b < blocks; b++)
            {
                ref sbyte block = ref Unsafe.Add(ref wr, (nint)b * quads * 64);
                ref int out16 = ref Unsafe.Add(ref accRow, b * 16);
                switch (path)
                {
                    case Int8GemmPath.AvxVnni: VnniBlock(ref row, k, ref block, ref out16); break;
                    case Int8GemmPath.Avx512BW: Avx512Block(ref row, k, ref block, ref out16); break;
                    case Int8GemmPath.Avx2: Avx2Block(ref row, k, ref block, ref out16); break;
                    default: ScalarBlock(ref row, k, ref block, ref out16); break;
                }
            }
        }
    }

    /// <summary>Quad <paramref name="q"/> of a row as one little-endian int32; the last, partial quad is zero-filled past k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Quad(ref byte row, int q, int k)
    {
        int p = 4 * q;
        if (p + 4 <= k) return Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref row, p));
        int v = 0;
        for (int j = 0; p + j < k; j++) v |= Unsafe.Add(ref row, p + j) << (8 * j);
        return v;
    }

    // acc[c] = Σ_q Σ_j x[4q + j] · w[q, c, j]: the definition, byte by byte.
    private static void ScalarBlock(ref byte row, int k, ref sbyte block, ref int out16)
    {
        Span<int> sums = stackalloc int[16];
        sums.Clear();
        int quads = (k + 3) / 4;
        for (int q = 0; q < quads; q++)
        {
            int xq = Quad(ref row, q, k);
            ref sbyte w = ref Unsafe.Add(ref block, q * 64);
            for (int c = 0; c < 16; c++)
            {
                int s = 0;
                for (int j = 0; j < 4; j++) s += (byte)(xq >> (8 * j)) * Unsafe.Add(ref w, c * 4 + j);
                sums[c] += s;
            }
        }
        for (int c = 0; c < 16; c++) Unsafe.Add(ref out16, c) = sums[c];
    }

    // vpdpbusd: lane c of acc += Σ_j x[4q + j] · w[q, c, j], the quad broadcast to every lane; two vectors cover 16 columns.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VnniBlock(ref byte row, int k, ref sbyte block, ref int out16)
    {
        Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero, b0 = Vector256<int>.Zero, b1 = Vector256<int>.Zero;
        int quads = (k + 3) / 4, q = 0;
        // Two quads per step into two accumulator pairs: independent dependency chains.
        for (; q + 2 <= quads; q += 2)
        {
            var x0 = Vector256.Create(Quad(ref row, q, k)).AsByte();
            var x1 = Vector256.Create(Quad(ref row, q + 1, k)).AsByte();
            ref sbyte w = ref Unsafe.Add(ref block, q * 64);
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, x0, Vector256.LoadUnsafe(ref w));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, x0, Vector256.LoadUnsafe(ref w, 32));
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, x1, Vector256.LoadUnsafe(ref w, 64));
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, x1, Vector256.LoadUnsafe(ref w, 96));
        }
        if (q < quads)
        {
            var x0 = Vector256.Create(Quad(ref row, q, k)).AsByte();
            ref sbyte w = ref Unsafe.Add(ref block, q * 64);
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, x0, Vector256.LoadUnsafe(ref w));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, x0, Vector256.LoadUnsafe(ref w, 32));
        }
        (a0 + b0).StoreUnsafe(ref out16);
        (a1 + b1).StoreUnsafe(ref out16, 8);
    }

    // One row × 64 columns (four blocks, blockBytes apart): eight accumulators, one quad broadcast per step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VnniRow4Blocks(ref byte row, int k, ref sbyte block, int blockBytes, ref int out64)
    {
        Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
        ref sbyte wb = ref Unsafe.Add(ref block, blockBytes), wc = ref Unsafe.Add(ref block, 2 * blockBytes), wd = ref Unsafe.Add(ref block, 3 * blockBytes);
        int quads = (k + 3) / 4;
        for (int q = 0; q < quads; q++)
        {
            var x = Vector256.Create(Quad(ref row, q, k)).AsByte();
            nuint o = (nuint)(q * 64);
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, x, Vector256.LoadUnsafe(ref block, o));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, x, Vector256.LoadUnsafe(ref block, o + 32));
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, x, Vector256.LoadUnsafe(ref wb, o));
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, x, Vector256.LoadUnsafe(ref wb, o + 32));
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, x, Vector256.LoadUnsafe(ref wc, o));
            c1 = AvxVnni.MultiplyWideningAndAdd(c1, x, Vector256.LoadUnsafe(ref wc, o + 32));
            d0 = AvxVnni.MultiplyWideningAndAdd(d0, x, Vector256.LoadUnsafe(ref wd, o));
            d1 = AvxVnni.MultiplyWideningAndAdd(d1, x, Vector256.LoadUnsafe(ref wd, o + 32));
        }
        a0.StoreUnsafe(ref out64);
        a1.StoreUnsafe(ref out64, 8);
        b0.StoreUnsafe(ref out64, 16);
        b1.StoreUnsafe(ref out64, 24);
        c0.StoreUnsafe(ref out64, 32);
        c1.StoreUnsafe(ref out64, 40);
        d0.StoreUnsafe(ref out64, 48);
        d1.StoreUnsafe(ref out64, 56);
    }

    // Four rows × 16 columns: eight accumulators, one weight load pair and four quad broadcasts per step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VnniBlock4(ref byte row, int xStride, int k, ref sbyte block, ref int out16, int stride)
    {
        Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
        ref byte row1 = ref Unsafe.Add(ref row, xStride), row2 = ref Unsafe.Add(ref row, 2 * xStride), row3 = ref Unsafe.Add(ref row, 3 * xStride);
        int quads = (k + 3) / 4;
        for (int q = 0; q < quads; q++)
        {
            ref sbyte w = ref Unsafe.Add(ref block, q * 64);
            var w0 = Vector256.LoadUnsafe(ref w);
            var w1 = Vector256.LoadUnsafe(ref w, 32);
            var x0 = Vector256.Create(Quad(ref row, q, k)).AsByte();
            var x1 = Vector256.Create(Quad(ref row1, q, k)).AsByte();
            var x2 = Vector256.Create(Quad(ref row2, q, k)).AsByte();
            var x3 = Vector256.Create(Quad(ref row3, q, k)).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, x0, w0);
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, x0, w1);
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, x1, w0);
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, x1, w1);
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, x2, w0);
            c1 = AvxVnni.MultiplyWideningAndAdd(c1, x2, w1);
            d0 = AvxVnni.MultiplyWideningAndAdd(d0, x3, w0);
            d1 = AvxVnni.MultiplyWideningAndAdd(d1, x3, w1);
        }
        a0.StoreUnsafe(ref out16);
        a1.StoreUnsafe(ref out16, 8);
        b0.StoreUnsafe(ref out16, (nuint)stride);
        b1.StoreUnsafe(ref out16, (nuint)stride + 8);
        c0.StoreUnsafe(ref out16, (nuint)(2 * stride));
        c1.StoreUnsafe(ref out16, (nuint)(2 * stride) + 8);
        d0.StoreUnsafe(ref out16, (nuint)(3 * stride));
        d1.StoreUnsafe(ref out16, (nuint)(3 * stride) + 8);
    }

    // vpmaddwd on 256 bits: the quad zero-extended to 16 bits and repeated ([x0 x1 x2 x3] × 4), a 16-byte quarter of the
    // weights (4 columns × 4 steps) sign-extended; each int32 lane gets x0·w0 + x1·w1 or x2·w2 + x3·w3 of one column.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx2Block(ref byte row, int k, ref sbyte block, ref int out16)
    {
        Vector256<int> c0 = Vector256<int>.Zero, c1 = Vector256<int>.Zero, c2 = Vector256<int>.Zero, c3 = Vector256<int>.Zero;
        int quads = (k + 3) / 4;
        for (int q = 0; q < quads; q++)
        {
            var xs = Avx2.ConvertToVector256Int16(Vector128.Create(Quad(ref row, q, k)).AsByte());
            ref sbyte w = ref Unsafe.Add(ref block, q * 64);
            c0 = Avx2.Add(c0, Avx2.MultiplyAddAdjacent(xs, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w))));
            c1 = Avx2.Add(c1, Avx2.MultiplyAddAdjacent(xs, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w, 16))));
            c2 = Avx2.Add(c2, Avx2.MultiplyAddAdjacent(xs, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w, 32))));
            c3 = Avx2.Add(c3, Avx2.MultiplyAddAdjacent(xs, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w, 48))));
        }
        // c0 holds columns 0-3 as pairs [0 0 1 1 | 2 2 3 3]; hadd(c0, c1) per 128-bit lane = [0 1 4 5 | 2 3 6 7]; reorder 64-bit halves.
        PairSums(c0, c1).StoreUnsafe(ref out16);
        PairSums(c2, c3).StoreUnsafe(ref out16, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> PairSums(Vector256<int> low, Vector256<int> high) =>
        Avx2.Permute4x64(Avx2.HorizontalAdd(low, high).AsInt64(), 0b11_01_10_00).AsInt32();

    // vpmaddwd on 512 bits: the quad repeated 8 times, a 32-byte half of the weights (8 columns × 4 steps) sign-extended.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx512Block(ref byte row, int k, ref sbyte block, ref int out16)
    {
        Vector512<int> c0 = Vector512<int>.Zero, c1 = Vector512<int>.Zero;
        int quads = (k + 3) / 4;
        for (int q = 0; q < quads; q++)
        {
            var xs = Avx512BW.ConvertToVector512Int16(Vector256.Create(Quad(ref row, q, k)).AsByte());
            ref sbyte w = ref Unsafe.Add(ref block, q * 64);
            c0 = Avx512F.Add(c0, Avx512BW.MultiplyAddAdjacent(xs, Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref w))));
            c1 = Avx512F.Add(c1, Avx512BW.MultiplyAddAdjacent(xs, Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref w, 32))));
        }
        // Each 64-bit lane holds one column's two pair sums: low + high (mod 2³²) in its low half, then truncate to int32.
        Avx512F.ConvertToVector256Int32(c0.AsInt64() + Vector512.ShiftRightLogical(c0.AsInt64(), 32)).StoreUnsafe(ref out16);
        Avx512F.ConvertToVector256Int32(c1.AsInt64() + Vector512.ShiftRightLogical(c1.AsInt64(), 32)).StoreUnsafe(ref out16, 8);
    }
}
