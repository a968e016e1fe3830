using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// The product with its epilogue fused: each register tile of sums goes straight to the next layer's bytes (or the last
// layer's floats) instead of through an int32 matrix and a second pass.
public static partial class Int8Gemm
{
    /// <summary>
    /// <c>y[r, c] = clamp(round((Σ_k x[r, k] · w[k, c] + offset[c]) · multiplier[c]) + zeroPoint, low, 255)</c> for
    /// <c>c &lt; n</c>, <c>y</c> at row stride n: <see cref="Multiply(ReadOnlySpan{byte}, int, ReadOnlySpan{sbyte}, Span{int}, int, int, int)"/>
    /// followed by <see cref="QuantizedKernels.Requantize"/>, with the same bits, on the fastest path.
    /// </summary>
    /// <remarks>
    /// The fast VNNI tiles read each row's reduction as whole quads (<c>4·⌈k/4⌉</c> bytes, up to 3 past k: those meet zero
    /// weights); rows that would read past the end of <paramref name="x"/> take the per-row path. Give <paramref name="x"/> 3
    /// bytes of slack after its last row and every row runs on the tiles.
    /// </remarks>
    public static void MultiplyRequantize(ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, int rows, int k, int n,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> multiplier, int zeroPoint, int low, Span<byte> y) =>
        MultiplyRequantize(Best, x, xStride, packed, rows, k, n, offset, multiplier, zeroPoint, low, y);

    /// <summary>The same on a chosen <paramref name="path"/> (which must be supported); paths other than AVX-VNNI and AVX-512BW run the two steps row by row.</summary>
    public static unsafe void MultiplyRequantize(Int8GemmPath path, ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, int rows, int k, int n,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> multiplier, int zeroPoint, int low, Span<byte> y)
    {
        if (rows == 0) return;
        Check(path, x, xStride, packed, rows, k, n);
        if (offset.Length < n || multiplier.Length < n || y.Length < rows * n)
            throw new ArgumentException($"Expected an offset and multiplier of {n} and {rows} × {n} output bytes.");
        fixed (int* po = offset)
        fixed (float* pm = multiplier)
        fixed (byte* py = y)
        {
            var e = new RequantizeEpilogue(po, pm, zeroPoint, low, py, n);
            Fused(path, x, xStride, packed, rows, k, n, ref e);
        }
    }

    /// <summary>
    /// The last layer's floats: <c>y[r, c] = (Σ_k x[r, k] · w[k, c] + offset[c]) · scale[c]</c> for <c>c &lt; n</c> (row stride
    /// n), the bits of <see cref="Multiply(ReadOnlySpan{byte}, int, ReadOnlySpan{sbyte}, Span{int}, int, int, int)"/> and
    /// <see cref="QuantizedKernels.Dequantize"/>; the slack rule of <see cref="MultiplyRequantize(ReadOnlySpan{byte}, int, ReadOnlySpan{sbyte}, int, int, int, ReadOnlySpan{int}, ReadOnlySpan{float}, int, int, Span{byte})"/>.
    /// </summary>
    public static void MultiplyDequantize(ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, int rows, int k, int n,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> scale, Span<float> y) =>
        MultiplyDequantize(Best, x, xStride, packed, rows, k, n, offset, scale, y);

    /// <summary>The same on a chosen <paramref name="path"/> (which must be supported).</summary>
    public static unsafe void MultiplyDequantize(Int8GemmPath path, ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, int rows, int k, int n,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> scale, Span<float> y)
    {
        if (rows == 0) return;
        Check(path, x, xStride, packed, rows, k, n);
        if (offset.Length < n || scale.Length < n || y.Length < rows * n)
            throw new ArgumentException($"Expected an offset and scale of {n} and {rows} × {n} output floats.");
        fixed (int* po = offset)
        fixed (float* ps = scale)
        fixed (float* py = y)
        {
            var e = new DequantizeEpilogue(po, ps, py, n);
            Fused(path, x, xStride, packed, rows, k, n, ref e);
        }
    }

    /// <summary>
    /// The fused product's register tiles with an epilogue that keeps nothing: what the products alone cost, for the layer
    /// profile (benchmarks/QuantizedLayerProfile.cs). Needs the slack of the fused products to run on the tiles.
    /// </summary>
    internal static void MultiplyOnly(ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, int rows, int k, int n)
    {
        Check(Best, x, xStride, packed, rows, k, n);
        var e = new DiscardEpilogue();
        Fused(Best, x, xStride, packed, rows, k, n, ref e);
    }

    private readonly struct DiscardEpilogue : IEpilogue
    {
        public void Store(Vector256<int> low, Vector256<int> high, int row, int column) { }

        public void Row(ReadOnlySpan<int> sums, int row) { }
    }

    // The rows with whole quads readable on the VNNI tiles; the rest (or every row, on other paths) one at a time: the
    // plain product into a row of sums, then the epilogue's own two-pass kernel.
    private static unsafe void Fused<TE>(Int8GemmPath path, ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, int rows, int k, int n, ref TE e)
        where TE : struct, IEpilogue
    {
        int fast = HasTiles(path) ? FastRows(x.Length, xStride, k, rows) : 0;
        if (fast > 0)
        {
            fixed (byte* px = x)
            fixed (sbyte* pw = packed)
            {
                var strided = new StridedRows(px, xStride);
                if (path == Int8GemmPath.AvxVnni) VnniTiles(ref strided, pw, fast, (k + 3) / 4, n, ref e);
                else WideTiles(ref strided, pw, fast, (k + 3) / 4, n, ref e);
            }
        }
        if (fast == rows) return;
        Span<int> sums = RowScratch(n, stackalloc int[RowScratchInts]);
        for (int r = fast; r < rows; r++)
        {
            Multiply(path, x.Slice(r * xStride), xStride, packed, sums, 1, k, n);
            e.Row(sums, r);
        }
    }

    // The paths with fused register tiles: AVX-VNNI (VnniTiles) and AVX-512BW (WideTiles, Int8Gemm.Widened.cs).
    private static bool HasTiles(Int8GemmPath path) => path is Int8GemmPath.AvxVnni or Int8GemmPath.Avx512BW;

    private const int RowScratchInts = 1024;

    [ThreadStatic] private static int[]? t_rowScratch;

    // One row of sums: on the stack up to 1024 columns, else a per-thread array grown once.
    private static Span<int> RowScratch(int n, Span<int> stack)
    {
        int stride = PaddedColumns(n);
        if (stride <= stack.Length) return stack.Slice(0, stride);
        if (t_rowScratch is null || t_rowScratch.Length < stride) t_rowScratch = new int[stride];
        return t_rowScratch.AsSpan(0, stride);
    }

    private static void Check(Int8GemmPath path, ReadOnlySpan<byte> x, int xStride, ReadOnlySpan<sbyte> packed, int rows, int k, int n)
    {
        if (k <= 0 || n <= 0 || xStride < k) throw new ArgumentException($"Expected positive sizes and a row stride of at least k, got k={k}, n={n}, stride={xStride}.");
        if (x.Length < (rows - 1) * xStride + k) throw new ArgumentException($"Expected at least {(rows - 1) * xStride + k} input bytes, got {x.Length}.", nameof(x));
        if (packed.Length < PackedLength(k, n)) throw new ArgumentException($"Expected {PackedLength(k, n)} packed weight bytes, got {packed.Length}.", nameof(packed));
        if (!IsSupported(path)) throw new PlatformNotSupportedException($"This machine does not support the {path} path.");
    }

    // Rows r whose whole quads lie inside x: r·xStride + 4⌈k/4⌉ ≤ length. They form a prefix of the rows.
    private static int FastRows(int length, int xStride, int k, int rows)
    {
        int span = (k + 3) / 4 * 4;
        if (length < span) return 0;
        return Math.Min(rows, (length - span) / xStride + 1);
    }

    /// <summary>Receives the sums of 16 consecutive columns of one row (column a multiple of 16) from a register tile.</summary>
    private interface IEpilogue
    {
        void Store(Vector256<int> low, Vector256<int> high, int row, int column);

        /// <summary>One whole row of sums (row stride PaddedColumns(n)), by the two-pass kernel.</summary>
        void Row(ReadOnlySpan<int> sums, int row);
    }

    // Bytes, with QuantizedKernels.Requantize's bits: clamp(round(v) + z, low, 255) for v = (sum + offset) · multiplier is
    // computed as round(clamp(v, low − z, 255 − z)) + z, in fewer operations: rounding is monotonic and leaves the integer
    // bounds fixed, so clamping before or after it agrees, and the clamped value converts to int32 in range with the
    // conversion's own round-half-to-even (vcvtps2dq, the default rounding mode).
    private readonly unsafe struct RequantizeEpilogue(int* offset, float* multiplier, int zeroPoint, int low, byte* y, int n) : IEpilogue
    {
        // The common case (16 whole columns on AVX-512) is small enough to inline into every tile; the rest is a call.
        // MinNative/MaxNative are single vminps/vmaxps: the operands are never NaN, and a signed zero converts to 0 either way.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Vector256<int> low8, Vector256<int> high8, int row, int column)
        {
            if (Avx512F.IsSupported && column + 16 <= n)
            {
                var v = Vector512.ConvertToSingle(Join(low8, high8) + Vector512.Load(offset + column)) * Vector512.Load(multiplier + column);
                v = Vector512.MinNative(Vector512.MaxNative(v, Vector512.Create((float)(low - zeroPoint))), Vector512.Create((float)(255 - zeroPoint)));
                Avx512F.ConvertToVector128Byte(Avx512F.ConvertToVector512Int32(v) + Vector512.Create(zeroPoint)).Store(y + (nint)row * n + column);
                return;
            }
            StoreSlow(low8, high8, row, column);
        }

        // Also the whole 256-bit path, any columns (Int8Gemm.ConvPool.cs runs long convolutions on it).
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void StoreSlow(Vector256<int> low8, Vector256<int> high8, int row, int column)
        {
            if (column >= n) return;
            byte* o = y + (nint)row * n + column;
            if (Avx512BW.VL.IsSupported)
            {
                // The last, partial block (n = 100: columns 96..99; n = 10: all of them) in one masked vector: masked-off
                // lanes read nothing past the parameters' end and write nothing past the row.
                int left = n - column;
                var live = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(left));
                var sum = Join(low8, high8) + Avx512F.MaskLoad(offset + column, live, Vector512<int>.Zero);
                var v = Vector512.ConvertToSingle(sum) * Avx512F.MaskLoad(multiplier + column, live.AsSingle(), Vector512<float>.Zero);
                v = Vector512.MinNative(Vector512.MaxNative(v, Vector512.Create((float)(low - zeroPoint))), Vector512.Create((float)(255 - zeroPoint)));
                var bytes = Avx512F.ConvertToVector128Byte(Avx512F.ConvertToVector512Int32(v) + Vector512.Create(zeroPoint));
                Avx512BW.VL.MaskStore(o, Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)left)), bytes);
                return;
            }
            Store8(low8, column, o);
            if (column + 8 < n) Store8(high8, column + 8, o + 8);
        }

        private void Store8(Vector256<int> sums, int column, byte* o)
        {
            if (column + 8 <= n)
            {
                var sum = sums + Vector256.Load(offset + column);
                var v = Vector256.Round(Vector256.ConvertToSingle(sum) * Vector256.Load(multiplier + column)) + Vector256.Create((float)zeroPoint);
                var ints = Vector256.ConvertToInt32(Vector256.MinNative(Vector256.MaxNative(v, Vector256.Create((float)low)), Vector256.Create(255f)));
                var shorts = Vector256.Narrow(ints, ints);
                Unsafe.WriteUnaligned(o, Vector256.Narrow(shorts, shorts).AsUInt64().ToScalar());
                return;
            }
            for (int c = column; c < n; c++)
            {
                float v = MathF.Round((sums.GetElement(c - column) + offset[c]) * multiplier[c]) + zeroPoint;
                o[c - column] = (byte)Math.Clamp(v, low, 255f);
            }
        }

        public void Row(ReadOnlySpan<int> sums, int row) =>
            QuantizedKernels.Requantize(sums, sums.Length, new ReadOnlySpan<int>(offset, n), new ReadOnlySpan<float>(multiplier, n), zeroPoint, low,
                new Span<byte>(y + (nint)row * n, n), 1, n);
    }

    // Two halves as one 512-bit vector in registers (vinserti32x8): Vector512.Create(low, high) went through a stack slot.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Join(Vector256<int> low, Vector256<int> high) => Avx512F.InsertVector256(low.ToVector512Unsafe(), high, 1);

    // Floats: (sum + offset) · scale, as QuantizedKernels.Dequantize.
    private readonly unsafe struct DequantizeEpilogue(int* offset, float* scale, float* y, int n) : IEpilogue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Vector256<int> low8, Vector256<int> high8, int row, int column)
        {
            if (column + 16 <= n)
            {
                float* o = y + (nint)row * n + column;
                (Vector256.ConvertToSingle(low8 + Vector256.Load(offset + column)) * Vector256.Load(scale + column)).Store(o);
                (Vector256.ConvertToSingle(high8 + Vector256.Load(offset + column + 8)) * Vector256.Load(scale + column + 8)).Store(o + 8);
                return;
            }
            StoreSlow(low8, high8, row, column);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void StoreSlow(Vector256<int> low8, Vector256<int> high8, int row, int column)
        {
            if (Avx512F.IsSupported && column < n)
            {
                // The partial block in one masked vector, as the requantization's.
                var live = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n - column));
                var sum = Join(low8, high8) + Avx512F.MaskLoad(offset + column, live, Vector512<int>.Zero);
                var v = Vector512.ConvertToSingle(sum) * Avx512F.MaskLoad(scale + column, live.AsSingle(), Vector512<float>.Zero);
                Avx512F.MaskStore(y + (nint)row * n + column, live.AsSingle(), v);
                return;
            }
            Store8(low8, row, column);
            Store8(high8, row, column + 8);
        }

        private void Store8(Vector256<int> sums, int row, int column)
        {
            if (column >= n) return;
            float* o = y + (nint)row * n + column;
            if (column + 8 <= n)
            {
                (Vector256.ConvertToSingle(sums + Vector256.Load(offset + column)) * Vector256.Load(scale + column)).Store(o);
                return;
            }
            for (int c = column; c < n; c++) o[c - column] = (sums.GetElement(c - column) + offset[c]) * scale[c];
        }

        public void Row(ReadOnlySpan<int> sums, int row) =>
            QuantizedKernels.Dequantize(sums, sums.Length, new ReadOnlySpan<int>(offset, n), new ReadOnlySpan<float>(scale, n), new Span<float>(y + (nint)row * n, n), 1, n);
    }

    /// <summary>Where row r's bytes start, and where quad q of a row lies (in bytes) from that start.</summary>
    private unsafe interface IRows
    {
        byte* Row(int r);

        int Quad(int q);
    }

    // A matrix at a row stride: quad q is 4q bytes in.
    private readonly unsafe struct StridedRows(byte* x, int stride) : IRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* Row(int r) => x + (nint)r * stride;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Quad(int q) => 4 * q;
    }

    // The receptive fields of one image, read in place: output pixel r = (i, j) starts at input pixel (i·StrideH, j·StrideW);
    // each kernel row is one run of KernelWidth·Channels adjacent bytes, padded to whole quads (the padding meets zero
    // weights: PackRuns' layout), so quad q lies at a fixed offset from the pixel's start: quadOffsets[q].
    // r / outWidth without idiv (8 per 4-row tile were most of a 1-channel convolution's time): Lemire's exact division,
    // q = ⌊M·r / 2⁶⁴⌋ with M = ⌊(2⁶⁴ − 1)/outWidth⌋ + 1, exact for every 32-bit r (M wraps to 0 for a width of 1: q = r).
    private readonly unsafe struct ConvRows(byte* x, int* quadOffsets, int outWidth, int rowStep, int columnStep) : IRows
    {
        private readonly ulong _magic = ulong.MaxValue / (uint)outWidth + 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* Row(int r)
        {
            int i = outWidth == 1 ? r : (int)Math.BigMul(_magic, (ulong)(uint)r, out _);
            return x + (nint)i * rowStep + (nint)(r - i * outWidth) * columnStep;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Quad(int q) => quadOffsets[q];
    }

    // Each tile is a method of its own (NoInlining): inlined into this loop they exhausted the JIT's inlining budget, and
    // the epilogue's vector helpers and ConvRows.Row became calls with the accumulators spilled around them. Each tile also
    // parks its sums on the stack before the epilogue: the epilogue's rare partial-column path is a call, which clobbers
    // every vector register (SysV), and accumulators live across it were spilled and reloaded inside the loop.
    // The register tiles over rows [0, rows), every one with whole quads readable: pairs of column blocks (32 columns)
    // outermost, so a pair's weights (⌈k/4⌉ · 128 bytes) stay in L1 while the row tiles pass; 4 rows at a time, then
    // single rows. Fewer than 4 rows take the lone-row tile (Int8Gemm.VnniRow.cs): all columns of a row at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void VnniTiles<TR, TE>(ref TR x, sbyte* w, int rows, int quads, int n, ref TE e) where TR : struct, IRows where TE : struct, IEpilogue
    {
        int blocks = PaddedColumns(n) / 16, blockBytes = quads * 64;
        // Where a tile parks its sums for the epilogue, behind a pointer the JIT cannot see through (see above).
        Vector256<int>* t = stackalloc Vector256<int>[16];
        if (rows < 4)
        {
            VnniRows(ref x, t, rows, quads, w, n, ref e);
            return;
        }
        int b = 0;
        for (; b + 2 <= blocks; b += 2)
        {
            sbyte* wb = w + (nint)b * blockBytes;
            int r = 0;
            for (; r + 4 <= rows; r += 4) Vnni4x32(ref x, t, r, quads, wb, blockBytes, ref e, 16 * b);
            for (; r < rows; r++)
            {
                Vnni1x16(ref x, t, r, quads, wb, ref e, 16 * b);
                Vnni1x16(ref x, t, r, quads, wb + blockBytes, ref e, 16 * b + 16);
            }
        }
        if (b < blocks)
        {
            sbyte* wb = w + (nint)b * blockBytes;
            int r = 0;
            // Only the lower 8 columns inside n (100 columns: 96..99 of 96..111): 8 rows × 8 columns, no work on the padding.
            if (n <= 16 * b + 8)
                for (; r + 8 <= rows; r += 8) Vnni8x8(ref x, t, r, quads, wb, ref e, 16 * b);
            for (; r + 4 <= rows; r += 4) Vnni4x16(ref x, t, r, quads, wb, ref e, 16 * b);
            for (; r < rows; r++) Vnni1x16(ref x, t, r, quads, wb, ref e, 16 * b);
        }
    }

    // 8 rows × the lower 8 columns of a block: 8 accumulators, one weight load and 8 broadcasts per quad; the upper
    // columns (past n) are handed to the epilogue as zeros and not stored.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vnni8x8<TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        byte* x0 = rows.Row(row), x1 = rows.Row(row + 1), x2 = rows.Row(row + 2), x3 = rows.Row(row + 3);
        byte* x4 = rows.Row(row + 4), x5 = rows.Row(row + 5), x6 = rows.Row(row + 6), x7 = rows.Row(row + 7);
        for (int q = 0; q < quads; q++, w += 64)
        {
            var k = Vector256.Load(w);
            int o = rows.Quad(q);
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.Create(*(int*)(x0 + o)).AsByte(), k);
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.Create(*(int*)(x1 + o)).AsByte(), k);
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, Vector256.Create(*(int*)(x2 + o)).AsByte(), k);
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, Vector256.Create(*(int*)(x3 + o)).AsByte(), k);
            a4 = AvxVnni.MultiplyWideningAndAdd(a4, Vector256.Create(*(int*)(x4 + o)).AsByte(), k);
            a5 = AvxVnni.MultiplyWideningAndAdd(a5, Vector256.Create(*(int*)(x5 + o)).AsByte(), k);
            a6 = AvxVnni.MultiplyWideningAndAdd(a6, Vector256.Create(*(int*)(x6 + o)).AsByte(), k);
            a7 = AvxVnni.MultiplyWideningAndAdd(a7, Vector256.Create(*(int*)(x7 + o)).AsByte(), k);
        }
        t[0] = a0; t[1] = a1; t[2] = a2; t[3] = a3; t[4] = a4; t[5] = a5; t[6] = a6; t[7] = a7;
        for (int i = 0; i < 8; i++) e.Store(t[i], default, row + i, column);
    }

    // 4 rows × 32 columns: 16 accumulators; per quad 4 weight loads and 4 broadcasts feed 16 vpdpbusd.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vnni4x32<TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        Vector256<int> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
        byte* x = rows.Row(row), x1 = rows.Row(row + 1), x2 = rows.Row(row + 2), x3 = rows.Row(row + 3);
        sbyte* v = w + blockBytes;
        for (int q = 0; q < quads; q++, w += 64, v += 64)
        {
            var w0 = Vector256.Load(w);
            var w1 = Vector256.Load(w + 32);
            var w2 = Vector256.Load(v);
            var w3 = Vector256.Load(v + 32);
            var s = Vector256.Create(*(int*)(x + rows.Quad(q))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, w0);
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, w1);
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, s, w2);
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, s, w3);
            s = Vector256.Create(*(int*)(x1 + rows.Quad(q))).AsByte();
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, s, w0);
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, s, w1);
            b2 = AvxVnni.MultiplyWideningAndAdd(b2, s, w2);
            b3 = AvxVnni.MultiplyWideningAndAdd(b3, s, w3);
            s = Vector256.Create(*(int*)(x2 + rows.Quad(q))).AsByte();
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, s, w0);
            c1 = AvxVnni.MultiplyWideningAndAdd(c1, s, w1);
            c2 = AvxVnni.MultiplyWideningAndAdd(c2, s, w2);
            c3 = AvxVnni.MultiplyWideningAndAdd(c3, s, w3);
            s = Vector256.Create(*(int*)(x3 + rows.Quad(q))).AsByte();
            d0 = AvxVnni.MultiplyWideningAndAdd(d0, s, w0);
            d1 = AvxVnni.MultiplyWideningAndAdd(d1, s, w1);
            d2 = AvxVnni.MultiplyWideningAndAdd(d2, s, w2);
            d3 = AvxVnni.MultiplyWideningAndAdd(d3, s, w3);
        }
        t[0] = a0; t[1] = a1; t[2] = a2; t[3] = a3; t[4] = b0; t[5] = b1; t[6] = b2; t[7] = b3;
        t[8] = c0; t[9] = c1; t[10] = c2; t[11] = c3; t[12] = d0; t[13] = d1; t[14] = d2; t[15] = d3;
        for (int i = 0; i < 4; i++) Store4(ref e, t[4 * i], t[4 * i + 1], t[4 * i + 2], t[4 * i + 3], row + i, column);
    }

    // 4 rows × 16 columns: 8 accumulators, 2 weight loads and 4 broadcasts per quad.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vnni4x16<TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
        byte* x = rows.Row(row), x1 = rows.Row(row + 1), x2 = rows.Row(row + 2), x3 = rows.Row(row + 3);
        for (int q = 0; q < quads; q++, w += 64)
        {
            var w0 = Vector256.Load(w);
            var w1 = Vector256.Load(w + 32);
            var s = Vector256.Create(*(int*)(x + rows.Quad(q))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, w0);
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, w1);
            s = Vector256.Create(*(int*)(x1 + rows.Quad(q))).AsByte();
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, s, w0);
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, s, w1);
            s = Vector256.Create(*(int*)(x2 + rows.Quad(q))).AsByte();
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, s, w0);
            c1 = AvxVnni.MultiplyWideningAndAdd(c1, s, w1);
            s = Vector256.Create(*(int*)(x3 + rows.Quad(q))).AsByte();
            d0 = AvxVnni.MultiplyWideningAndAdd(d0, s, w0);
            d1 = AvxVnni.MultiplyWideningAndAdd(d1, s, w1);
        }
        t[0] = a0; t[1] = a1; t[2] = b0; t[3] = b1; t[4] = c0; t[5] = c1; t[6] = d0; t[7] = d1;
        for (int i = 0; i < 4; i++) e.Store(t[2 * i], t[2 * i + 1], row + i, column);
    }

    // 1 row × 16 columns, two quads per step (4 chains).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vnni1x16<TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        byte* x = rows.Row(row);
        Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default;
        int q = 0;
        for (; q + 2 <= quads; q += 2)
        {
            nint o = 64 * q;
            var s = Vector256.Create(*(int*)(x + rows.Quad(q))).AsByte();
            var u = Vector256.Create(*(int*)(x + rows.Quad(q + 1))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, Vector256.Load(w + o));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, Vector256.Load(w + o + 32));
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, u, Vector256.Load(w + o + 64));
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, u, Vector256.Load(w + o + 96));
        }
        if (q < quads)
        {
            nint o = 64 * q;
            var s = Vector256.Create(*(int*)(x + rows.Quad(q))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, Vector256.Load(w + o));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, Vector256.Load(w + o + 32));
        }
        t[0] = a0 + b0; t[1] = a1 + b1;
        e.Store(t[0], t[1], row, column);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<TE>(ref TE e, Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3, int row, int column) where TE : struct, IEpilogue
    {
        e.Store(s0, s1, row, column);
        e.Store(s2, s3, row, column + 16);
    }
}
