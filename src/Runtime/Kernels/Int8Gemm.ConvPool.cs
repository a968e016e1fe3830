using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// Convolution, activation and max pooling in one pass. The register tiles' int32 sums are pooled before the
// requantization, which is monotonic (an increasing int-to-float conversion, a positive multiplier, rounding and a clamp),
// so the byte of the largest sum is the largest byte: each pooled output is requantized once, and the convolution's
// own output never reaches memory.
public static partial class Int8Gemm
{
    /// <summary>
    /// One image's convolution, requantized and max-pooled: the bytes of <see cref="ConvolveRequantize"/> followed by
    /// <see cref="QuantizedKernels.MaxPool"/>, in one pass over the pooled pixels only. <paramref name="x"/> is the NHWC
    /// image followed by at least 3 readable bytes, <paramref name="y"/> the pooled image (<see cref="ConvPoolLayout.OutputSize"/>
    /// bytes); <paramref name="multiplier"/> must be positive (as every requantization's is).
    /// </summary>
    public static void ConvolvePoolRequantize(ReadOnlySpan<byte> x, ConvPoolLayout layout, ReadOnlySpan<sbyte> packedRuns,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> multiplier, int zeroPoint, int low, Span<byte> y) =>
        ConvolvePoolRequantize(Best, x, layout, packedRuns, offset, multiplier, zeroPoint, low, y);

    /// <summary>The same on a chosen <paramref name="path"/>: <see cref="Int8GemmPath.AvxVnni"/> or <see cref="Int8GemmPath.Avx512BW"/>, supported here.</summary>
    public static unsafe void ConvolvePoolRequantize(Int8GemmPath path, ReadOnlySpan<byte> x, ConvPoolLayout layout, ReadOnlySpan<sbyte> packedRuns,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> multiplier, int zeroPoint, int low, Span<byte> y)
    {
        if (!HasTiles(path) || !IsSupported(path))
            throw new ArgumentException($"Expected the AvxVnni or Avx512BW path, supported on this machine; got {path}.", nameof(path));
        Conv2DGeometry g = layout.Conv;
        CheckConv(x, g, packedRuns, Math.Min(offset.Length, multiplier.Length), int.MaxValue);
        if (y.Length < layout.OutputSize) throw new ArgumentException($"Expected {layout.OutputSize} pooled output bytes, got {y.Length}.", nameof(y));
        int n = g.Filters;
        Vector256<int>* maxima = stackalloc Vector256<int>[PaddedColumns(n) / 8];
        fixed (byte* px = x)
        fixed (sbyte* pw = packedRuns)
        fixed (int* prows = layout.Rows)
        fixed (int* pquads = layout.Quads)
        fixed (int* po = offset)
        fixed (float* pm = multiplier)
        fixed (byte* py = y)
        {
            var rows = new ListedRows(px, prows, pquads);
            var requantize = new RequantizeEpilogue(po, pm, zeroPoint, low, py, n);
            int count = layout.Rows.Length, quads = layout.Quads.Length;
            if (path == Int8GemmPath.AvxVnni && layout.Window == 4)
            {
                if (quads >= NarrowEpilogueQuads)
                {
                    var narrow = new NarrowRequantizeEpilogue(requantize);
                    VnniWindowTiles(ref rows, pw, count / 4, quads, n, ref narrow);
                }
                else VnniWindowTiles(ref rows, pw, count / 4, quads, n, ref requantize);
                return;
            }
            var e = new MaxPoolEpilogue<RequantizeEpilogue>(requantize, layout.Window, maxima);
            if (path == Int8GemmPath.AvxVnni) VnniTiles(ref rows, pw, count, quads, n, ref e);
            else WideTiles(ref rows, pw, count, quads, n, ref e);
        }
    }

    // From this many quads per pixel the window tiles requantize with 256-bit instructions only. Measured on the AVX-VNNI
    // Xeon (int8-layers cnn 1, two runs each): the sample CNN's second convolution (36 quads) took 3.0 µs with them and
    // 3.8 µs with the 512-bit epilogue between its long runs of 256-bit vpdpbusd; the first (3 quads, an epilogue every
    // few products) 1.7 µs with the 512-bit one and 2.8 µs with the longer 256-bit one.
    private const int NarrowEpilogueQuads = 16;

    // RequantizeEpilogue's bytes from its 8-lane path (its partial-column path, whose bits Int8GemmTests checks).
    private readonly struct NarrowRequantizeEpilogue(RequantizeEpilogue inner) : IEpilogue
    {
        public void Store(Vector256<int> low, Vector256<int> high, int row, int column) => inner.StoreSlow(low, high, row, column);

        public void Row(ReadOnlySpan<int> sums, int row) => inner.Row(sums, row);
    }

    // Rows at listed byte offsets from the image, quads at listed offsets from a row's start (ConvPoolLayout's tables).
    private readonly unsafe struct ListedRows(byte* x, int* rowOffsets, int* quadOffsets) : IRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* Row(int r) => x + rowOffsets[r];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Quad(int q) => quadOffsets[q];
    }

    // The max of each window's `window` consecutive rows, handed on as row r / window. Every tile stores its rows in
    // ascending order and the row tiles advance in order, so each column sees a window's rows one after the other: the
    // running maximum of a 16-column block waits in maxima[column / 8], [column / 8 + 1] until the window's last row.
    // r / window without idiv (Lemire's exact division, as ConvRows; window ≥ 2, so the magic does not wrap).
    private readonly unsafe struct MaxPoolEpilogue<TE>(TE inner, int window, Vector256<int>* maxima) : IEpilogue where TE : struct, IEpilogue
    {
        private readonly ulong _magic = ulong.MaxValue / (uint)window + 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Vector256<int> low, Vector256<int> high, int row, int column)
        {
            int pooled = (int)Math.BigMul(_magic, (ulong)(uint)row, out _), k = row - pooled * window;
            Vector256<int>* m = maxima + (column >> 3);
            if (k > 0)
            {
                low = Vector256.Max(low, m[0]);
                high = Vector256.Max(high, m[1]);
            }
            if (k == window - 1)
            {
                inner.Store(low, high, pooled, column);
                return;
            }
            m[0] = low;
            m[1] = high;
        }

        // A whole row of sums (stride PaddedColumns(n)), 16 columns at a time.
        public void Row(ReadOnlySpan<int> sums, int row)
        {
            for (int c = 0; c + 16 <= sums.Length; c += 16)
                Store(Vector256.Create(sums.Slice(c, 8)), Vector256.Create(sums.Slice(c + 8, 8)), row, c);
        }
    }

    // 2×2 windows on AVX-VNNI: tiles whose rows are whole windows, pooled in registers (no running maxima, one epilogue
    // call per window and 16 columns). Column pairs take one window × 32 columns (16 accumulators, as Vnni4x32); a last
    // lone 16-column block takes two windows at once (16 accumulators: the 1-channel first layer has only 3 quads per
    // pixel, and one window per call was mostly call and epilogue).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void VnniWindowTiles<TR, TE>(ref TR x, sbyte* w, int windows, int quads, int n, ref TE e) where TR : struct, IRows where TE : struct, IEpilogue
    {
        int blocks = PaddedColumns(n) / 16, blockBytes = quads * 64;
        Vector256<int>* t = stackalloc Vector256<int>[4];
        int b = 0;
        for (; b + 2 <= blocks; b += 2)
            for (int v = 0; v < windows; v++) VnniWindow4x32(ref x, t, v, quads, w + (nint)b * blockBytes, blockBytes, ref e, 16 * b);
        if (b < blocks)
        {
            VnniWindows8x16(ref x, t, windows, quads, w + (nint)b * blockBytes, ref e, 16 * b);
        }
    }

    // Window v (rows 4v … 4v + 3) × 32 columns.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void VnniWindow4x32<TR, TE>(ref TR rows, Vector256<int>* t, int v, int quads, sbyte* w, int blockBytes, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        Vector256<int> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
        byte* x = rows.Row(4 * v), x1 = rows.Row(4 * v + 1), x2 = rows.Row(4 * v + 2), x3 = rows.Row(4 * v + 3);
        sbyte* u = w + blockBytes;
        for (int q = 0; q < quads; q++, w += 64, u += 64)
        {
            var w0 = Vector256.Load(w);
            var w1 = Vector256.Load(w + 32);
            var w2 = Vector256.Load(u);
            var w3 = Vector256.Load(u + 32);
            int o = rows.Quad(q);
            var s = Vector256.Create(*(int*)(x + o)).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, w0);
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, w1);
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, s, w2);
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, s, w3);
            s = Vector256.Create(*(int*)(x1 + o)).AsByte();
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, s, w0);
            b1 = AvxVnni.MultiplyWideningAndAdd(b1, s, w1);
            b2 = AvxVnni.MultiplyWideningAndAdd(b2, s, w2);
            b3 = AvxVnni.MultiplyWideningAndAdd(b3, s, w3);
            s = Vector256.Create(*(int*)(x2 + o)).AsByte();
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, s, w0);
            c1 = AvxVnni.MultiplyWideningAndAdd(c1, s, w1);
            c2 = AvxVnni.MultiplyWideningAndAdd(c2, s, w2);
            c3 = AvxVnni.MultiplyWideningAndAdd(c3, s, w3);
            s = Vector256.Create(*(int*)(x3 + o)).AsByte();
            d0 = AvxVnni.MultiplyWideningAndAdd(d0, s, w0);
            d1 = AvxVnni.MultiplyWideningAndAdd(d1, s, w1);
            d2 = AvxVnni.MultiplyWideningAndAdd(d2, s, w2);
            d3 = AvxVnni.MultiplyWideningAndAdd(d3, s, w3);
        }
        t[0] = Max4(a0, b0, c0, d0); t[1] = Max4(a1, b1, c1, d1); t[2] = Max4(a2, b2, c2, d2); t[3] = Max4(a3, b3, c3, d3);
        e.Store(t[0], t[1], v, column);
        e.Store(t[2], t[3], v, column + 16);
    }

    // All windows × 16 columns, two at a time, in one call (no call per pair: the 3-quad tiles are short); an odd
    // last window is paired with itself: computed twice, stored twice, the same bytes.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void VnniWindows8x16<TR, TE>(ref TR rows, Vector256<int>* t, int windows, int quads, sbyte* weights, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        for (int v = 0; v < windows; v += 2)
        {
            int v2 = Math.Min(v + 1, windows - 1);
            sbyte* w = weights;
            Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
            Vector256<int> f0 = default, f1 = default, g0 = default, g1 = default, h0 = default, h1 = default, i0 = default, i1 = default;
            byte* x = rows.Row(4 * v), x1 = rows.Row(4 * v + 1), x2 = rows.Row(4 * v + 2), x3 = rows.Row(4 * v + 3);
            byte* y = rows.Row(4 * v2), y1 = rows.Row(4 * v2 + 1), y2 = rows.Row(4 * v2 + 2), y3 = rows.Row(4 * v2 + 3);
            for (int q = 0; q < quads; q++, w += 64)
            {
                var w0 = Vector256.Load(w);
                var w1 = Vector256.Load(w + 32);
                int o = rows.Quad(q);
                var s = Vector256.Create(*(int*)(x + o)).AsByte();
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, w0);
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, w1);
                s = Vector256.Create(*(int*)(x1 + o)).AsByte();
                b0 = AvxVnni.MultiplyWideningAndAdd(b0, s, w0);
                b1 = AvxVnni.MultiplyWideningAndAdd(b1, s, w1);
                s = Vector256.Create(*(int*)(x2 + o)).AsByte();
                c0 = AvxVnni.MultiplyWideningAndAdd(c0, s, w0);
                c1 = AvxVnni.MultiplyWideningAndAdd(c1, s, w1);
                s = Vector256.Create(*(int*)(x3 + o)).AsByte();
                d0 = AvxVnni.MultiplyWideningAndAdd(d0, s, w0);
                d1 = AvxVnni.MultiplyWideningAndAdd(d1, s, w1);
                s = Vector256.Create(*(int*)(y + o)).AsByte();
                f0 = AvxVnni.MultiplyWideningAndAdd(f0, s, w0);
                f1 = AvxVnni.MultiplyWideningAndAdd(f1, s, w1);
                s = Vector256.Create(*(int*)(y1 + o)).AsByte();
                g0 = AvxVnni.MultiplyWideningAndAdd(g0, s, w0);
                g1 = AvxVnni.MultiplyWideningAndAdd(g1, s, w1);
                s = Vector256.Create(*(int*)(y2 + o)).AsByte();
                h0 = AvxVnni.MultiplyWideningAndAdd(h0, s, w0);
                h1 = AvxVnni.MultiplyWideningAndAdd(h1, s, w1);
                s = Vector256.Create(*(int*)(y3 + o)).AsByte();
                i0 = AvxVnni.MultiplyWideningAndAdd(i0, s, w0);
                i1 = AvxVnni.MultiplyWideningAndAdd(i1, s, w1);
            }
            t[0] = Max4(a0, b0, c0, d0); t[1] = Max4(a1, b1, c1, d1); t[2] = Max4(f0, g0, h0, i0); t[3] = Max4(f1, g1, h1, i1);
            e.Store(t[0], t[1], v, column);
            e.Store(t[2], t[3], v2, column);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Max4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d) =>
        Vector256.Max(Vector256.Max(a, b), Vector256.Max(c, d));
}
