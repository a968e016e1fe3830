using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

public static partial class Conv2DKernel
{
    /// <summary>
    /// A padded (or window-overhanging) geometry run by <see cref="Conv2DDirect"/>: each sample is copied into scratch as
    /// <c>x_pad</c> (zeros around it, <c>PaddedHeight × PaddedWidth × Channels</c>, where <c>PaddedHeight = (OutHeight−1)·s_h +
    /// (KernelHeight−1)·d_h + 1</c>), and the unpadded direct kernel runs on that; same sums as the definition, since the zeros
    /// add nothing. False (nothing written) where the direct kernels would not run the padded geometry either, or where
    /// <c>x_pad</c> does not fit in the im2col scratch. With <paramref name="relu"/> the relu is applied as tiles are stored.
    /// </summary>
    private static bool TryPaddedDirect(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry g, bool relu)
    {
        if (RunsDirect(g)) return false;
        int height = (g.OutHeight - 1) * g.StrideH + (g.KernelHeight - 1) * g.DilationH + 1;
        int width = (g.OutWidth - 1) * g.StrideW + (g.KernelWidth - 1) * g.DilationW + 1;
        var padded = g with { Height = height, Width = width, PadTop = 0, PadLeft = 0 };
        if (!RunsDirect(padded) || !Conv2DDirect.TryGetPath(padded, out var path)) return false;
        if ((long)padded.InputSize > scratch.Length) return false;
        Span<float> xPad = scratch.Slice(0, padded.InputSize);
        int c = g.Channels;
        // Input columns [j0, j1) land inside x_pad at column j + PadLeft.
        int j0 = Math.Max(0, -g.PadLeft), j1 = Math.Min(g.Width, width - g.PadLeft);
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            xPad.Clear();
            if (j1 > j0)
            {
                for (int i = 0; i < g.Height; i++)
                {
                    int r = i + g.PadTop;
                    if ((uint)r >= (uint)height) continue;
                    xs.Slice((i * g.Width + j0) * c, (j1 - j0) * c).CopyTo(xPad.Slice((r * width + j0 + g.PadLeft) * c));
                }
            }
            Conv2DDirect.Forward(path, xPad, kernel, bias, y.Slice(n * g.OutputSize, g.OutputSize), 1, padded, relu);
        }
        return true;
    }

    /// <summary>One filter over at least one vector of channels: <see cref="SingleFilterForward"/> beats a one-column GEMM.</summary>
    private static bool RunsSingleFilter(Conv2DGeometry g) => g.Filters == 1 && g.Channels >= Vector<float>.Count;

    /// <summary>
    /// <c>y[n, i, j] = bias + Σ_{a, b} Σ_c x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, c] · kernel[a, b, c, 0]</c> for a one-filter
    /// kernel (HWIO with O = 1 is <c>[KernelHeight, KernelWidth·Channels]</c>): per pixel a dot product over the taps inside the
    /// input. Without column dilation a kernel row whose window lies inside the input is one contiguous run of
    /// <c>KernelWidth·Channels</c> floats in both <c>x</c> and the kernel; where four neighbouring pixels' windows all are,
    /// their four dot products run side by side (four independent chains sharing each kernel load). Each pixel sums in one
    /// fixed order (kernel rows, then the run's vectors, the run's last few floats apart), alone or in a group of four, so the
    /// same bits on every run and for every batch split; border pixels take one run per tap inside.
    /// </summary>
    private static void SingleFilterForward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> y, int batch, Conv2DGeometry g)
    {
        float b0 = bias.IsEmpty ? 0f : bias[0];
        ref float xr = ref MemoryMarshal.GetReference(x), kr = ref MemoryMarshal.GetReference(kernel), yr = ref MemoryMarshal.GetReference(y);
        switch (Gemm.BestPath)
        {
            case Gemm.Path.Vector512: SingleFilter<Gemm.V512, Vector512<float>>(ref xr, ref kr, b0, ref yr, batch, g); break;
            case Gemm.Path.Vector256: SingleFilter<Gemm.V256, Vector256<float>>(ref xr, ref kr, b0, ref yr, batch, g); break;
            case Gemm.Path.Vector128: SingleFilter<Gemm.V128, Vector128<float>>(ref xr, ref kr, b0, ref yr, batch, g); break;
            default: SingleFilter<Gemm.Scalar, float>(ref xr, ref kr, b0, ref yr, batch, g); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleFilter<TV, TVec>(ref float x, ref float kernel, float b0, ref float y, int batch, Conv2DGeometry g)
        where TV : struct, Gemm.IGemmVector<TVec> where TVec : struct
    {
        int c = g.Channels, kw = g.KernelWidth, run = kw * c, v = TV.Count, whole = run - run % v;
        bool rowRuns = g.DilationW == 1;
        nint step = (nint)g.StrideW * c;
        for (int n = 0; n < batch; n++)
        {
            ref float xs = ref Unsafe.Add(ref x, (nint)n * g.InputSize);
            ref float ys = ref Unsafe.Add(ref y, (nint)n * g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                ref float yRow = ref Unsafe.Add(ref ys, (nint)i * g.OutWidth);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    int iw0 = j * g.StrideW - g.PadLeft;
                    bool inside = rowRuns && iw0 >= 0 && iw0 + kw <= g.Width;
                    if (inside && j + 4 <= g.OutWidth && iw0 + 3 * g.StrideW + kw <= g.Width)
                    {
                        TVec p0 = TV.Zero, p1 = TV.Zero, p2 = TV.Zero, p3 = TV.Zero;
                        float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
                        for (int a = 0; a < g.KernelHeight; a++)
                        {
                            int ih = i * g.StrideH - g.PadTop + a * g.DilationH;
                            if ((uint)ih >= (uint)g.Height) continue;
                            ref float x0 = ref Unsafe.Add(ref xs, ((nint)ih * g.Width + iw0) * c);
                            ref float k0 = ref Unsafe.Add(ref kernel, (nint)a * run);
                            int k = 0;
                            for (; k < whole; k += v)
                            {
                                TVec w = TV.Load(ref k0, k);
                                p0 = TV.MultiplyAdd(TV.Load(ref x0, k), w, p0);
                                p1 = TV.MultiplyAdd(TV.Load(ref x0, step + k), w, p1);
                                p2 = TV.MultiplyAdd(TV.Load(ref x0, 2 * step + k), w, p2);
                                p3 = TV.MultiplyAdd(TV.Load(ref x0, 3 * step + k), w, p3);
                            }
                            for (; k < run; k++)
                            {
                                float w = Unsafe.Add(ref k0, k);
                                t0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, k), w, t0);
                                t1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, step + k), w, t1);
                                t2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, 2 * step + k), w, t2);
                                t3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, 3 * step + k), w, t3);
                            }
                        }
                        Unsafe.Add(ref yRow, j) = TV.Sum(p0) + t0 + b0;
                        Unsafe.Add(ref yRow, j + 1) = TV.Sum(p1) + t1 + b0;
                        Unsafe.Add(ref yRow, j + 2) = TV.Sum(p2) + t2 + b0;
                        Unsafe.Add(ref yRow, j + 3) = TV.Sum(p3) + t3 + b0;
                        j += 3;
                        continue;
                    }
                    TVec sum = TV.Zero;
                    float tail = 0f;
                    for (int a = 0; a < g.KernelHeight; a++)
                    {
                        int ih = i * g.StrideH - g.PadTop + a * g.DilationH;
                        if ((uint)ih >= (uint)g.Height) continue;
                        if (inside)
                        {
                            Dot<TV, TVec>(ref Unsafe.Add(ref xs, ((nint)ih * g.Width + iw0) * c), ref Unsafe.Add(ref kernel, (nint)a * run), run, ref sum, ref tail);
                            continue;
                        }
                        for (int b = 0; b < kw; b++)
                        {
                            int iw = iw0 + b * g.DilationW;
                            if ((uint)iw >= (uint)g.Width) continue;
                            Dot<TV, TVec>(ref Unsafe.Add(ref xs, ((nint)ih * g.Width + iw) * c), ref Unsafe.Add(ref kernel, (nint)a * run + (nint)b * c), c, ref sum, ref tail);
                        }
                    }
                    Unsafe.Add(ref yRow, j) = TV.Sum(sum) + tail + b0;
                }
            }
        }
    }

    /// <summary>
    /// <c>sum += Σ_k x[k]·w[k]</c> over <paramref name="length"/> floats: whole vectors into <paramref name="sum"/> one after
    /// another, the last few into <paramref name="tail"/> (the order the four-pixel groups use, so a pixel's bits do not
    /// depend on which path computed it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot<TV, TVec>(ref float x, ref float w, int length, ref TVec sum, ref float tail)
        where TV : struct, Gemm.IGemmVector<TVec> where TVec : struct
    {
        int v = TV.Count, k = 0;
        TVec s = sum;
        for (; k + v <= length; k += v) s = TV.MultiplyAdd(TV.Load(ref x, k), TV.Load(ref w, k), s);
        sum = s;
        float t = tail;
        for (; k < length; k++) t = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, k), Unsafe.Add(ref w, k), t);
        tail = t;
    }
}
