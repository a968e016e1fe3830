using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    public static void Quantize(ReadOnlySpan<float> x, Span<byte> q, float scale, int zeroPoint)
    {
        if (q.Length < x.Length) throw new ArgumentException($"Expected {x.Length} output bytes, got {q.Length}.", nameof(q));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same operations as the scalar loop, 8 at a time: divide, round half to even, add, clamp.
            var s = Vector256.Create(scale);
            var z = Vector256.Create((float)zeroPoint);
            ref float xr = ref MemoryMarshal.GetReference(x);
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.Round(Vector256.LoadUnsafe(ref xr, (nuint)i) / s) + z;
                StoreBytes(Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256.Create(255f)), q.Slice(i));
            }
        }
        for (; i < x.Length; i++) q[i] = Saturate(MathF.Round(x[i] / scale) + zeroPoint);
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
                    o.Clear();
                    for (int a = r0; a < r1; a++)
                        for (int b = c0; b < c1; b++)
                        {
                            var v = xs.Slice((a * g.Width + b) * c, c);
                            for (int ch = 0; ch < c; ch++) if (v[ch] > o[ch]) o[ch] = v[ch];
                        }
                }
            }
        }
    }

    /// <summary>
    /// One sample's receptive fields as rows: <c>patches[(i·OutWidth + j)·PatchSize + (a·KernelWidth + b)·Channels + ch]</c>
    /// is input pixel <c>(i·StrideH − PadTop + a·DilationH, j·StrideW − PadLeft + b·DilationW)</c>, channel ch, or
    /// <paramref name="padding"/> (the zero point: the byte of 0.0) outside the input.
    /// </summary>
    public static void Im2Col(ReadOnlySpan<byte> x, Span<byte> patches, Conv2DGeometry g, byte padding)
    {
        int c = g.Channels, patch = g.PatchSize;
        if (x.Length < g.InputSize || patches.Length < g.OutHeight * g.OutWidth * patch)
            throw new ArgumentException($"Expected {g.InputSize} input bytes and {g.OutHeight * g.OutWidth * patch} patch bytes.");
        for (int i = 0; i < g.OutHeight; i++)
            for (int j = 0; j < g.OutWidth; j++)
            {
                var row = patches.Slice((i * g.OutWidth + j) * patch, patch);
                for (int a = 0; a < g.KernelHeight; a++)
                {
                    int h = i * g.StrideH - g.PadTop + a * g.DilationH;
                    for (int b = 0; b < g.KernelWidth; b++)
                    {
                        int w = j * g.StrideW - g.PadLeft + b * g.DilationW;
                        var dst = row.Slice((a * g.KernelWidth + b) * c, c);
                        if (h < 0 || h >= g.Height || w < 0 || w >= g.Width) dst.Fill(padding);
                        else x.Slice((h * g.Width + w) * c, c).CopyTo(dst);
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
