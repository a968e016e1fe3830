using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

/// <summary>
/// Dense products with 16-bit weights and fp32 arithmetic: <c>y[r, c] = bias[c] + Σ_k x[r, k] · float(w[k, c])</c>, the
/// weights stored as IEEE float16 or bfloat16 bits (<c>ushort</c>), widened exactly to float a row at a time.
/// </summary>
/// <remarks>
/// Each output is <c>bias</c> plus its products added in order of k (one multiply-add per step), whatever the batch:
/// a sample's result does not depend on the rows beside it or on threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HalfGemm
{
    /// <summary>
    /// <c>y = x · float(w) + bias</c>: <paramref name="x"/> <c>[rows, k]</c> at row stride k, <paramref name="w"/> <c>[k, n]</c>
    /// 16-bit bits, <paramref name="y"/> <c>[rows, n]</c>; <paramref name="row"/> is n floats of scratch for one widened weight row.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<ushort> w, ReadOnlySpan<float> bias, Span<float> y, Span<float> row,
        int rows, int k, int n, bool bfloat16)
    {
        if (x.Length < rows * k || w.Length < k * n || bias.Length < n || y.Length < rows * n || row.Length < n)
            throw new ArgumentException($"Expected x of {rows} × {k}, w of {k} × {n}, a bias of {n}, y of {rows} × {n} and a row of {n}.");
        var wrow = row.Slice(0, n);
        for (int r = 0; r < rows; r++) bias.Slice(0, n).CopyTo(y.Slice(r * n, n));
        for (int p = 0; p < k; p++)
        {
            Widen(w.Slice(p * n, n), wrow, bfloat16);
            for (int r = 0; r < rows; r++)
            {
                var yr = y.Slice(r * n, n);
                TensorPrimitives.MultiplyAdd(wrow, x[r * k + p], yr, yr);
            }
        }
    }

    /// <summary>16-bit bits to floats (exact): float16 by <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/>, bfloat16 by a 16-bit left shift.</summary>
    public static void Widen(ReadOnlySpan<ushort> bits, Span<float> values, bool bfloat16)
    {
        if (!bfloat16)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(bits), values);
            return;
        }
        int i = 0;
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

    /// <summary>float to bfloat16 bits, rounding to nearest even (NaN stays a quiet NaN).</summary>
    public static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    /// <summary>
    /// One sample's receptive fields as float rows (zero outside the input), the layout of
    /// <see cref="QuantizedKernels.Im2Col"/>: <c>patches[(i·OutWidth + j)·PatchSize + (a·KernelWidth + b)·Channels + ch]</c>.
    /// </summary>
    public static void Im2Col(ReadOnlySpan<float> x, Span<float> patches, Conv2DGeometry g)
    {
        int c = g.Channels, patch = g.PatchSize;
        if (x.Length < g.InputSize || patches.Length < g.OutHeight * g.OutWidth * patch)
            throw new ArgumentException($"Expected {g.InputSize} inputs and {g.OutHeight * g.OutWidth * patch} patch floats.");
        for (int i = 0; i < g.OutHeight; i++)
            for (int j = 0; j < g.OutWidth; j++)
            {
                var rowOut = patches.Slice((i * g.OutWidth + j) * patch, patch);
                for (int a = 0; a < g.KernelHeight; a++)
                {
                    int h = i * g.StrideH - g.PadTop + a * g.DilationH;
                    for (int b = 0; b < g.KernelWidth; b++)
                    {
                        int w = j * g.StrideW - g.PadLeft + b * g.DilationW;
                        var dst = rowOut.Slice((a * g.KernelWidth + b) * c, c);
                        if (h < 0 || h >= g.Height || w < 0 || w >= g.Width) dst.Clear();
                        else x.Slice((h * g.Width + w) * c, c).CopyTo(dst);
                    }
                }
            }
    }
}
