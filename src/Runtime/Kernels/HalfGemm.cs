using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

/// <summary>
/// Dense products with 16-bit weights and fp32 arithmetic: <c>y[r, c] = bias[c] + Σ_k x[r, k] · float(w[k, c])</c>, the
/// weights stored as IEEE float16 or bfloat16 bits (<c>ushort</c>), widened exactly to float once per call
/// (<see cref="Widen"/>) and multiplied from there by register tiles (<see cref="MultiplyWidened"/>).
/// </summary>
/// <remarks>
/// Each output starts at <c>bias</c> and takes its products in order of k, one fused multiply-add each, in every tile shape
/// and in the scalar column tail alike: a sample's result does not depend on the rows beside it or on threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class HalfGemm
{
    /// <summary>
    /// <c>y = x · float(w) + bias</c>: <paramref name="x"/> <c>[rows, k]</c> at row stride k, <paramref name="w"/> <c>[k, n]</c>
    /// 16-bit bits, <paramref name="y"/> <c>[rows, n]</c>; <paramref name="widened"/> is at least <c>k · n</c> floats of scratch for
    /// the widened weights (8 more, and a bias padded to a multiple of 8, let the last columns run as a vector).
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<ushort> w, ReadOnlySpan<float> bias, Span<float> y, Span<float> widened,
        int rows, int k, int n, bool bfloat16)
    {
        if (w.Length < k * n || widened.Length < k * n)
            throw new ArgumentException($"Expected w of {k} × {n} and {k * n} floats of scratch.");
        Widen(w.Slice(0, k * n), widened.Slice(0, k * n), bfloat16);
        MultiplyWidened(x, widened, bias, y, rows, k, n);
    }

    /// <summary>
    /// <c>y[r, c] = bias[c] + Σ_k x[r·k + p] · w[p·n + c]</c> in fp32, p ascending, one fused multiply-add per step:
    /// tiles of 4 rows × 32 columns (16 accumulators), then 4 × 8, then single rows. Columns past the last whole 8 run as
    /// one more vector when <paramref name="w"/> has 8 floats after the matrix and <paramref name="bias"/> is padded to a
    /// multiple of 8, else by <see cref="MathF.FusedMultiplyAdd"/>: the same operation per lane either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void MultiplyWidened(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int k, int n)
    {
        if (x.Length < rows * k || w.Length < k * n || bias.Length < n || y.Length < rows * n)
            throw new ArgumentException($"Expected x of {rows} × {k}, w of {k} × {n}, a bias of {n} and y of {rows} × {n}.");
        fixed (float* px = x)
        fixed (float* pw = w)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            int c = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; c + 32 <= n; c += 32)
                {
                    int r = 0;
                    for (; r + 4 <= rows; r += 4) Tile4x32(px + (nint)r * k, k, pw + c, n, pb + c, py + (nint)r * n + c);
                    for (; r < rows; r++) Tile1x32(px + (nint)r * k, k, pw + c, n, pb + c, py + (nint)r * n + c);
                }
                for (; c + 8 <= n; c += 8)
                {
                    int r = 0;
                    for (; r + 4 <= rows; r += 4) Tile4x8(px + (nint)r * k, k, pw + c, n, pb + c, py + (nint)r * n + c, n);
                    for (; r < rows; r++) Tile1x8(px + (nint)r * k, k, pw + c, n, pb + c, py + (nint)r * n + c);
                }
                // The last m < 8 columns as a whole vector when 8 floats past them are readable in w and bias (the
                // caller's slack): the extra lanes compute garbage that is never stored; the m stored lanes are exact.
                int m = n - c;
                if (m > 0 && (k - 1) * n + c + 8 <= w.Length && c + 8 <= bias.Length)
                {
                    float* tile = stackalloc float[32];
                    for (int r = 0; r < rows; r += 4)
                    {
                        int count = Math.Min(4, rows - r);
                        if (count == 4) Tile4x8(px + (nint)r * k, k, pw + c, n, pb + c, tile, 8);
                        else for (int t = 0; t < count; t++) Tile1x8(px + (nint)(r + t) * k, k, pw + c, n, pb + c, tile + 8 * t);
                        for (int t = 0; t < count; t++)
                            for (int j = 0; j < m; j++) py[(nint)(r + t) * n + c + j] = tile[8 * t + j];
                    }
                    c = n;
                }
            }
            for (; c < n; c++)
                for (int r = 0; r < rows; r++)
                {
                    float acc = pb[c];
                    float* xr = px + (nint)r * k;
                    for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(xr[p], pw[(nint)p * n + c], acc);
                    py[(nint)r * n + c] = acc;
                }
        }
    }

    // 4 rows × 32 columns: per step, 4 weight vectors and 4 broadcasts feed 16 fused multiply-adds.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile4x32(float* x, int k, float* w, int n, float* bias, float* y)
    {
        Vector256<float> b0 = Vector256.Load(bias), b1 = Vector256.Load(bias + 8), b2 = Vector256.Load(bias + 16), b3 = Vector256.Load(bias + 24);
        Vector256<float> a0 = b0, a1 = b1, a2 = b2, a3 = b3, c0 = b0, c1 = b1, c2 = b2, c3 = b3;
        Vector256<float> d0 = b0, d1 = b1, d2 = b2, d3 = b3, e0 = b0, e1 = b1, e2 = b2, e3 = b3;
        float* x1 = x + k, x2 = x + 2 * k, x3 = x + 3 * k;
        for (int p = 0; p < k; p++, w += n)
        {
            var w0 = Vector256.Load(w);
            var w1 = Vector256.Load(w + 8);
            var w2 = Vector256.Load(w + 16);
            var w3 = Vector256.Load(w + 24);
            var s = Vector256.Create(x[p]);
            a0 = Vector256.FusedMultiplyAdd(s, w0, a0); a1 = Vector256.FusedMultiplyAdd(s, w1, a1);
            a2 = Vector256.FusedMultiplyAdd(s, w2, a2); a3 = Vector256.FusedMultiplyAdd(s, w3, a3);
            s = Vector256.Create(x1[p]);
            c0 = Vector256.FusedMultiplyAdd(s, w0, c0); c1 = Vector256.FusedMultiplyAdd(s, w1, c1);
            c2 = Vector256.FusedMultiplyAdd(s, w2, c2); c3 = Vector256.FusedMultiplyAdd(s, w3, c3);
            s = Vector256.Create(x2[p]);
            d0 = Vector256.FusedMultiplyAdd(s, w0, d0); d1 = Vector256.FusedMultiplyAdd(s, w1, d1);
            d2 = Vector256.FusedMultiplyAdd(s, w2, d2); d3 = Vector256.FusedMultiplyAdd(s, w3, d3);
            s = Vector256.Create(x3[p]);
            e0 = Vector256.FusedMultiplyAdd(s, w0, e0); e1 = Vector256.FusedMultiplyAdd(s, w1, e1);
            e2 = Vector256.FusedMultiplyAdd(s, w2, e2); e3 = Vector256.FusedMultiplyAdd(s, w3, e3);
        }
        a0.Store(y); a1.Store(y + 8); a2.Store(y + 16); a3.Store(y + 24);
        y += n;
        c0.Store(y); c1.Store(y + 8); c2.Store(y + 16); c3.Store(y + 24);
        y += n;
        d0.Store(y); d1.Store(y + 8); d2.Store(y + 16); d3.Store(y + 24);
        y += n;
        e0.Store(y); e1.Store(y + 8); e2.Store(y + 16); e3.Store(y + 24);
    }

    // 1 row × 32 columns.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile1x32(float* x, int k, float* w, int n, float* bias, float* y)
    {
        Vector256<float> a0 = Vector256.Load(bias), a1 = Vector256.Load(bias + 8), a2 = Vector256.Load(bias + 16), a3 = Vector256.Load(bias + 24);
        for (int p = 0; p < k; p++, w += n)
        {
            var s = Vector256.Create(x[p]);
            a0 = Vector256.FusedMultiplyAdd(s, Vector256.Load(w), a0);
            a1 = Vector256.FusedMultiplyAdd(s, Vector256.Load(w + 8), a1);
            a2 = Vector256.FusedMultiplyAdd(s, Vector256.Load(w + 16), a2);
            a3 = Vector256.FusedMultiplyAdd(s, Vector256.Load(w + 24), a3);
        }
        a0.Store(y); a1.Store(y + 8); a2.Store(y + 16); a3.Store(y + 24);
    }

    // 4 rows × 8 columns.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile4x8(float* x, int k, float* w, int n, float* bias, float* y, int yStride)
    {
        Vector256<float> a = Vector256.Load(bias), c = a, d = a, e = a;
        float* x1 = x + k, x2 = x + 2 * k, x3 = x + 3 * k;
        for (int p = 0; p < k; p++, w += n)
        {
            var v = Vector256.Load(w);
            a = Vector256.FusedMultiplyAdd(Vector256.Create(x[p]), v, a);
            c = Vector256.FusedMultiplyAdd(Vector256.Create(x1[p]), v, c);
            d = Vector256.FusedMultiplyAdd(Vector256.Create(x2[p]), v, d);
            e = Vector256.FusedMultiplyAdd(Vector256.Create(x3[p]), v, e);
        }
        a.Store(y); c.Store(y + yStride); d.Store(y + 2 * yStride); e.Store(y + 3 * yStride);
    }

    // 1 row × 8 columns.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile1x8(float* x, int k, float* w, int n, float* bias, float* y)
    {
        Vector256<float> a = Vector256.Load(bias);
        for (int p = 0; p < k; p++, w += n) a = Vector256.FusedMultiplyAdd(Vector256.Create(x[p]), Vector256.Load(w), a);
        a.Store(y);
    }

    /// <summary>16-bit bits to floats (exact): float16 by <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/>, bfloat16 by a 16-bit left shift.</summary>
    public static void Widen(ReadOnlySpan<ushort> bits, Span<float> values, bool bfloat16)
    {
        int i = 0;
        if (!bfloat16)
        {
            if (Vector256.IsHardwareAccelerated)
                for (; i + 16 <= bits.Length; i += 16)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.Create(bits.Slice(i, 16)));
                    HalfToSingle(lo).AsSingle().CopyTo(values.Slice(i));
                    HalfToSingle(hi).AsSingle().CopyTo(values.Slice(i + 8));
                }
            if (i < bits.Length) TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(bits.Slice(i)), values.Slice(i));
            return;
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 16 <= bits.Length; i += 16)
            {
                var v = Vector256.Create(bits.Slice(i, 16));
                var (lo, hi) = Vector256.Widen(v);
                Vector256.ShiftLeft(lo, 16).AsSingle().CopyTo(values.Slice(i));
                Vector256.ShiftLeft(hi, 16).AsSingle().CopyTo(values.Slice(i + 8));
            }
        }
        for (; i < bits.Length; i++) values[i] = BitConverter.UInt32BitsToSingle((uint)bits[i] << 16);
    }

    // binary16 bits (zero-extended) to binary32 bits, exactly: exponent and fraction moved up 13 bits are a float 2^-112
    // times the value (also for subnormal halves, which become normal floats), so one multiply by 2^112 (bits 0x77800000) rescales them;
    // all-ones exponents (infinity, NaN) become float's all-ones exponent, NaNs quiet as the Half → float conversion makes them.
    private static Vector256<uint> HalfToSingle(Vector256<uint> h)
    {
        var magnitude = (h & Vector256.Create(0x7FFFu)) << 13;
        var scaled = (magnitude.AsSingle() * Vector256.Create(0x77800000u).AsSingle()).AsUInt32();
        var special = Vector256.Equals(h & Vector256.Create(0x7C00u), Vector256.Create(0x7C00u));
        var nanQuiet = Vector256.ConditionalSelect(Vector256.Equals(h & Vector256.Create(0x3FFu), Vector256<uint>.Zero), Vector256<uint>.Zero, Vector256.Create(0x400000u));
        var infinite = magnitude | Vector256.Create(0x7F800000u) | nanQuiet;
        return Vector256.ConditionalSelect(special, infinite, scaled) | ((h & Vector256.Create(0x8000u)) << 16);
    }

    /// <summary>float to bfloat16 bits, rounding to nearest even (NaN stays a quiet NaN).</summary>
    public static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}
