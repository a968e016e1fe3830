using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

/// <summary>
/// The element-wise steps of int8 inference around <see cref="Int8Gemm"/>, with ONNX's rounding: quantize
/// (<c>q = clamp(round(x / s) + z, 0, 255)</c>, ties to even), requantize int32 sums to the next layer's bytes,
/// dequantize the last layer's sums to floats, max pooling and im2col on bytes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QuantizedKernels
{
    /// <summary>ONNX <c>QuantizeLinear</c> to uint8: <c>q = clamp(round(x / scale) + zeroPoint, 0, 255)</c>, round half to even.</summary>
    /// <remarks>
    /// The bits are the scalar formula's, with <c>x / scale</c> the correctly rounded quotient. On AVX-512 the quotient's
    /// rounding comes from a multiply by the reciprocal instead of a division (<see cref="RoundedQuotient"/>).
    /// </remarks>
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> q, float scale, int zeroPoint)
    {
        if (q.Length < x.Length) throw new ArgumentException($"Expected {x.Length} output bytes, got {q.Length}.", nameof(q));
        int i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        float reciprocal = 1f / scale;
        if (Avx512F.IsSupported && scale > 0f && float.IsNormal(scale) && float.IsNormal(reciprocal))
        {
            var z = Vector512.Create((float)zeroPoint);
            ref byte qr = ref MemoryMarshal.GetReference(q);
            for (; i + 16 <= x.Length; i += 16)
            {
                var v = RoundedQuotient(Vector512.LoadUnsafe(ref xr, (nuint)i), scale, reciprocal) + z;
                v = Vector512.MinNative(Vector512.MaxNative(v, Vector512<float>.Zero), Vector512.Create(255f));
                Avx512F.ConvertToVector128Byte(Avx512F.ConvertToVector512Int32(v)).StoreUnsafe(ref qr, (nuint)i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            // The same operations as the scalar loop, 8 at a time: divide, round half to even, add, clamp.
            var s = Vector256.Create(scale);
            var z = Vector256.Create((float)zeroPoint);
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.Round(Vector256.LoadUnsafe(ref xr, (nuint)i) / s) + z;
                StoreBytes(Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256.Create(255f)), q.Slice(i));
            }
        }
        for (; i < x.Length; i++) q[i] = Saturate(MathF.Round(x[i] / scale) + zeroPoint);
    }

    // Below this a lane's product may round differently from its quotient only next to a half-integer; above it the byte
    // clamps to 0 or 255 whichever way it rounds (|x/s| ≥ 2¹¹ is far outside the ±255 a zero point can shift into range).
    private const float ExactBelow = 2048f;

    // Products this close to a half-integer (or closer) take the division.
    private const float TieMargin = 1f / 1024;

    /// <summary>
    /// <c>round(x / scale)</c>, ties to even, where <c>x / scale</c> is the correctly rounded quotient, for lanes where it
    /// matters (|x/scale| &lt; 2¹¹; beyond, a value that clamps either way): from <c>t = x · (1/scale)</c>, and the division
    /// only for the rare vectors with a lane next to a half-integer.
    /// </summary>
    /// <remarks>
    /// With <c>r = fl(1/scale)</c>, <c>t = fl(x·r)</c> is within 2·2⁻²⁴ (relative) of <c>x/scale</c>, and the quotient
    /// <c>fl(x/scale)</c> within 2⁻²⁴, so the two are within 3.1·2⁻²⁴·|x/scale| &lt; 2⁻¹¹ of each other while |x/scale| &lt; 2¹¹.
    /// Unless t lies within <see cref="TieMargin"/> = 2⁻¹⁰ of a half-integer, both are on the same side of it and round to
    /// the same integer (neither can be the tie itself). Those lanes (about 1 in 512) send their vector through the division.
    /// Needs normal <c>scale</c> and <c>1/scale</c> (subnormal or infinite factors break the error bound).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RoundedQuotient(Vector512<float> x, float scale, float reciprocal)
    {
        var t = x * Vector512.Create(reciprocal);
        var rounded = Vector512.Round(t);
        var nearTie = Vector512.GreaterThan(Vector512.Abs(t - rounded), Vector512.Create(0.5f - TieMargin)) &
            Vector512.LessThan(Vector512.Abs(t), Vector512.Create(ExactBelow));
        return nearTie.AsUInt32() == Vector512<uint>.Zero ? rounded : Vector512.Round(x / Vector512.Create(scale));
    }

    /// <summary>
    /// The bytes of the next layer: <c>y[r, c] = clamp(round((acc[r, c] + bias[c]) · multiplier[c]) + zeroPoint, low, 255)</c>
    /// for <c>c &lt; n</c>, where <c>acc</c> has row stride <paramref name="accStride"/> and <c>y</c> row stride <c>n</c>.
    /// <paramref name="low"/> is 0, or the zero point for a fused relu (relu(v) = max(v, 0) is max(q, zeroPoint) on bytes).
    /// </summary>
    public static void Requantize(ReadOnlySpan<int> acc, int accStride, ReadOnlySpan<int> bias, ReadOnlySpan<float> multiplier,
        int zeroPoint, int low, Span<byte> y, int rows, int n)
    {
        if (acc.Length < (rows - 1) * accStride + n || y.Length < rows * n || bias.Length < n || multiplier.Length < n)
            throw new ArgumentException($"Expected {rows} rows of {n} (accumulator stride {accStride}), a bias and multiplier of {n}.");
        var z = Vector256.Create((float)zeroPoint);
        var lo = Vector256.Create((float)low);
        var hi = Vector256.Create(255f);
        ref int br = ref MemoryMarshal.GetReference(bias);
        ref float mr = ref MemoryMarshal.GetReference(multiplier);
        for (int r = 0; r < rows; r++)
        {
            var a = acc.Slice(r * accStride, n);
            var o = y.Slice(r * n, n);
            int c = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // The scalar formula 8 channels at a time: int sum, to float, times the multiplier, round half to even.
                ref int ar = ref MemoryMarshal.GetReference(a);
                for (; c + 8 <= n; c += 8)
                {
                    var sum = Vector256.LoadUnsafe(ref ar, (nuint)c) + Vector256.LoadUnsafe(ref br, (nuint)c);
                    var v = Vector256.Round(Vector256.ConvertToSingle(sum) * Vector256.LoadUnsafe(ref mr, (nuint)c)) + z;
                    StoreBytes(Vector256.Min(Vector256.Max(v, lo), hi), o.Slice(c));
                }
            }
            for (; c < n; c++)
            {
                float v = MathF.Round((a[c] + bias[c]) * multiplier[c]) + zeroPoint;
                o[c] = (byte)Math.Clamp(v, low, 255f);
            }
        }
    }

    /// <summary>The last layer's floats: <c>y[r, c] = (acc[r, c] + bias[c]) · scale[c]</c> for <c>c &lt; n</c> (row stride n).</summary>
    public static void Dequantize(ReadOnlySpan<int> acc, int accStride, ReadOnlySpan<int> bias, ReadOnlySpan<float> scale, Span<float> y, int rows, int n)
    {
        if (acc.Length < (rows - 1) * accStride + n || y.Length < rows * n || bias.Length < n || scale.Length < n)
            throw new ArgumentException($"Expected {rows} rows of {n} (accumulator stride {accStride}), a bias and scale of {n}.");
        for (int r = 0; r < rows; r++)
        {
            var a = acc.Slice(r * accStride, n);
            var o = y.Slice(r * n, n);
            for (int c = 0; c < n; c++) o[c] = (a[c] + bias[c]) * scale[c];
        }
    }

    /// <summary>
    /// Max pooling on bytes of one scale (quantization is monotonic, so the max of bytes is the byte of the max): NHWC,
    /// windows clipped to the input as <see cref="MaxPooling2DKernel"/> does.
    /// </summary>
    public static void MaxPool(ReadOnlySpan<byte> x, Span<byte> y, int batch, PoolGeometry g)
    {
        if (x.Length < batch * g.InputSize || y.Length < batch * g.OutputSize)
            throw new ArgumentException($"Expected {batch} × {g.InputSize} input and {batch} × {g.OutputSize} output bytes.");
        int c = g.Channels;
        if (c % 16 == 0 && WindowsInside(g))
        {
            MaxPoolInside(x, y, batch, g);
            return;
        }
        for (int s = 0; s < batch; s++)
        {
            var xs = x.Slice(s * g.InputSize, g.InputSize);
            var ys = y.Slice(s * g.OutputSize, g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                var (r0, r1) = PoolChecks.Range(i, g.StrideH, g.PadTop, g.PoolHeight, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    var (c0, c1) = PoolChecks.Range(j, g.StrideW, g.PadLeft, g.PoolWidth, g.Width);
                    var o = ys.Slice((i * g.OutWidth + j) * c, c);
                    int ch = 0;
                    // 16 channels at a time: the byte max of the window's pixels, in registers.
                    for (; ch + 16 <= c; ch += 16)
                    {
                        var m = Vector128<byte>.Zero;
                        for (int a = r0; a < r1; a++)
                            for (int b = c0; b < c1; b++)
                                m = Vector128.Max(m, Vector128.Create(xs.Slice((a * g.Width + b) * c + ch, 16)));
                        m.CopyTo(o.Slice(ch));
                    }
                    if (ch == c) continue;
                    o.Slice(ch).Clear();
                    for (int a = r0; a < r1; a++)
                        for (int b = c0; b < c1; b++)
                        {
                            var v = xs.Slice((a * g.Width + b) * c, c);
                            for (int t = ch; t < c; t++) if (v[t] > o[t]) o[t] = v[t];
                        }
                }
            }
        }
    }

    private static bool WindowsInside(PoolGeometry g) =>
        g.PadTop == 0 && g.PadLeft == 0 &&
        (g.OutHeight - 1) * g.StrideH + g.PoolHeight <= g.Height && (g.OutWidth - 1) * g.StrideW + g.PoolWidth <= g.Width;

    // Every window inside the input (valid pooling) and whole 16-channel vectors, as the sample CNN's pools are: the same
    // maxima with pointers, without the window clipping and span slicing per pixel that cost more than the maxima.
    private static unsafe void MaxPoolInside(ReadOnlySpan<byte> x, Span<byte> y, int batch, PoolGeometry g)
    {
        int c = g.Channels, rowBytes = g.Width * c;
        fixed (byte* px = x)
        fixed (byte* py = y)
        {
            byte* o = py;
            for (int s = 0; s < batch; s++)
                for (int i = 0; i < g.OutHeight; i++)
                    for (int j = 0; j < g.OutWidth; j++)
                    {
                        byte* window = px + (nint)s * g.InputSize + (nint)i * g.StrideH * rowBytes + (nint)j * g.StrideW * c;
                        for (int ch = 0; ch < c; ch += 16, o += 16)
                        {
                            var m = Vector128<byte>.Zero;
                            for (int a = 0; a < g.PoolHeight; a++)
                                for (int b = 0; b < g.PoolWidth; b++)
                                    m = Vector128.Max(m, Vector128.Load(window + (nint)a * rowBytes + b * c + ch));
                            m.Store(o);
                        }
                    }
        }
    }

    /// <summary>
    /// One sample's receptive fields as rows: <c>patches[(i·OutWidth + j)·PatchSize + (a·KernelWidth + b)·Channels + ch]</c>
    /// is input pixel <c>(i·StrideH − PadTop + a·DilationH, j·StrideW − PadLeft + b·DilationW)</c>, channel ch, or
    /// <paramref name="padding"/> (the zero point: the byte of 0.0) outside the input. Up to 7 bytes of
    /// <paramref name="patches"/> past the matrix may be overwritten (short runs move as 8 bytes).
    /// </summary>
    public static void Im2Col(ReadOnlySpan<byte> x, Span<byte> patches, Conv2DGeometry g, byte padding)
    {
        int c = g.Channels, patch = g.PatchSize, run = g.KernelWidth * c;
        if (x.Length < g.InputSize || patches.Length < g.OutHeight * g.OutWidth * patch)
            throw new ArgumentException($"Expected {g.InputSize} input bytes and {g.OutHeight * g.OutWidth * patch} patch bytes.");
        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref byte pr = ref MemoryMarshal.GetReference(patches);
        for (int i = 0; i < g.OutHeight; i++)
            for (int j = 0; j < g.OutWidth; j++)
            {
                int rowStart = (i * g.OutWidth + j) * patch, w0 = j * g.StrideW - g.PadLeft;
                // The kernel row's pixels are adjacent in the input (no dilation, inside the width): one run of KernelWidth·C bytes.
                bool contiguous = g.DilationW == 1 && w0 >= 0 && w0 + g.KernelWidth <= g.Width;
                for (int a = 0; a < g.KernelHeight; a++)
                {
                    int h = i * g.StrideH - g.PadTop + a * g.DilationH, dst = rowStart + a * run;
                    if (h < 0 || h >= g.Height)
                    {
                        Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref pr, dst), padding, (uint)run);
                        continue;
                    }
                    if (contiguous)
                    {
                        int src = (h * g.Width + w0) * c;
                        // Short runs (a 3-wide kernel on few channels) as one 8-byte move when both sides have the room:
                        // the bytes past the run are rewritten by the next run or lie past the patch matrix.
                        if (run <= 8 && src + 8 <= x.Length && dst + 8 <= patches.Length)
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref pr, dst), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref xr, src)));
                        else
                            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref pr, dst), ref Unsafe.Add(ref xr, src), (uint)run);
                        continue;
                    }
                    for (int b = 0; b < g.KernelWidth; b++)
                    {
                        int w = w0 + b * g.DilationW;
                        var d = patches.Slice(dst + b * c, c);
                        if (w < 0 || w >= g.Width) d.Fill(padding);
                        else x.Slice((h * g.Width + w) * c, c).CopyTo(d);
                    }
                }
            }
    }

    // Eight whole numbers in [0, 255] as eight bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBytes(Vector256<float> v, Span<byte> destination)
    {
        var ints = Vector256.ConvertToInt32(v);
        var shorts = Vector256.Narrow(ints, ints);
        var bytes = Vector256.Narrow(shorts, shorts);
        MemoryMarshal.Write(destination, bytes.AsUInt64().ToScalar());
    }

    private static byte Saturate(float v) => (byte)Math.Clamp(v, 0f, 255f);
}
