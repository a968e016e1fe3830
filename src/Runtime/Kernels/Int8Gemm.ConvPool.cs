using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
            var e = new MaxPoolEpilogue<RequantizeEpilogue>(new RequantizeEpilogue(po, pm, zeroPoint, low, py, n), layout.Window, maxima);
            int count = layout.Rows.Length, quads = layout.Quads.Length;
            if (path == Int8GemmPath.AvxVnni) VnniTiles(ref rows, pw, count, quads, n, ref e);
            else WideTiles(ref rows, pw, count, quads, n, ref e);
        }
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
}
