using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static GenNet.Kernels.Gemm;
using Path = GenNet.Kernels.Gemm.Path;

namespace GenNet.Kernels;

/// <summary>
/// Direct NHWC convolution, vectorized over filters, for the small filter counts where im2col + GEMM is badly shaped
/// (a 28×28×1 input gives 9-element patches; the lowering copies every input value KernelHeight·KernelWidth times).
/// Same sums as <see cref="Conv2DKernel"/>'s definition; used by it when <see cref="TryGetPath"/> says so.
/// </summary>
/// <remarks>
/// Every product here is one shape: <c>out[p, ·] (+)= Σ_t in[base(p) + tap(t)] · w[t, ·]</c> over the taps <c>t</c> of a
/// window, for output pixels <c>p</c>, vectorized over the last (contiguous) axis of <c>w</c> and <c>out</c>:
/// <list type="bullet">
/// <item>forward: taps are the kernel cells <c>(a, b, c)</c>, <c>in = x</c>, <c>w = kernel[a, b, c, ·]</c>, <c>out = y</c>;</item>
/// <item>input gradient: taps are the filters <c>f</c>, <c>in = dy</c>, <c>w = kernelᵀ[a, b, f, ·]</c> (channels last), and
/// <c>out</c> the input cells window position <c>(a, b)</c> read, accumulated;</item>
/// <item>kernel gradient: the roles turn around: <c>dKernel[t, ·] = Σ_p x[base(p) + tap(t)] · dy[p, ·]</c>, a sum over pixels
/// for 8 taps at a time.</item>
/// </list>
/// Eight pixels (or taps) share each loaded weight (or dy) vector: eight independent accumulator chains hide the
/// fused multiply-add latency. 3-wide kernels at stride 1 also have row tiles (Conv2DDirect.RowTiles.cs) for the forward
/// of a single vector of filters and for the gathered input gradient (Conv2DDirect.InputGather.cs). No padding: <see cref="TryGetPath"/> accepts only geometries whose windows stay inside
/// the input. The summation order is fixed, so results are the same bits on every run on one machine.
/// </remarks>
internal static partial class Conv2DDirect
{
    /// <summary>
    /// The vector width to run <paramref name="g"/> with, or false when the direct kernels do not apply: the geometry fails
    /// the variant rule (src/Shared/Conv2DVariantRule.cs: padding, a 1×1 kernel, filters not a multiple of 4), or no
    /// accelerated vector width divides the filter count on this machine.
    /// </summary>
    public static bool TryGetPath(Conv2DGeometry g, out Path path)
    {
        path = Path.Scalar;
        if (!Shared.Conv2DVariantRule.RunsDirect(g.Height, g.Width, g.KernelHeight, g.KernelWidth, g.Filters, g.StrideH, g.StrideW,
                g.DilationH, g.DilationW, g.PadTop, g.PadLeft, g.OutHeight, g.OutWidth))
            return false;
        path = VectorPath(g.Filters);
        return path != Path.Scalar;
    }

    /// <summary>The widest accelerated vector that divides <paramref name="length"/>, or <see cref="Path.Scalar"/>.</summary>
    public static Path VectorPath(int length) =>
        Vector512.IsHardwareAccelerated && length % 16 == 0 ? Path.Vector512 :
        Vector256.IsHardwareAccelerated && length % 8 == 0 ? Path.Vector256 :
        Vector128.IsHardwareAccelerated && length % 4 == 0 ? Path.Vector128 : Path.Scalar;

    /// <summary>
    /// <c>y = conv(x, kernel) + bias</c>, or with <paramref name="relu"/> its relu applied as each tile is stored (lengths
    /// checked by the caller; <paramref name="bias"/> may be empty).
    /// </summary>
    public static void Forward(Path path, ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        int batch, Conv2DGeometry g, bool relu = false)
    {
        ref float xr = ref MemoryMarshal.GetReference(x), kr = ref MemoryMarshal.GetReference(kernel);
        ref float br = ref MemoryMarshal.GetReference(bias), yr = ref MemoryMarshal.GetReference(y);
        switch (path)
        {
            case Path.Vector512: Forward<V512, Vector512<float>>(ref xr, ref kr, ref br, !bias.IsEmpty, ref yr, batch, g, relu); break;
            case Path.Vector256: Forward<V256, Vector256<float>>(ref xr, ref kr, ref br, !bias.IsEmpty, ref yr, batch, g, relu); break;
            default: Forward<V128, Vector128<float>>(ref xr, ref kr, ref br, !bias.IsEmpty, ref yr, batch, g, relu); break;
        }
    }

    /// <summary><c>dKernel</c> and <c>dBias</c> (overwritten; <paramref name="dBias"/> may be empty), lengths checked by the caller.</summary>
    public static void KernelGradient(Path path, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dKernel, Span<float> dBias,
        int batch, Conv2DGeometry g)
    {
        ref float xr = ref MemoryMarshal.GetReference(x), dyr = ref MemoryMarshal.GetReference(dy);
        ref float dkr = ref MemoryMarshal.GetReference(dKernel), dbr = ref MemoryMarshal.GetReference(dBias);
        switch (path)
        {
            case Path.Vector512: KernelGradient<V512, Vector512<float>>(ref xr, ref dyr, ref dkr, ref dbr, !dBias.IsEmpty, batch, g); break;
            case Path.Vector256: KernelGradient<V256, Vector256<float>>(ref xr, ref dyr, ref dkr, ref dbr, !dBias.IsEmpty, batch, g); break;
            default: KernelGradient<V128, Vector128<float>>(ref xr, ref dyr, ref dkr, ref dbr, !dBias.IsEmpty, batch, g); break;
        }
    }

    /// <summary>
    /// <c>dx</c> (overwritten) from <c>dy</c>, vectorized over channels: <paramref name="path"/> must divide
    /// <c>Channels</c> (<see cref="VectorPath"/> of it) and the geometry pass <see cref="TryGetPath"/>.
    /// <paramref name="kernelT"/> is scratch for the kernel with its last two axes swapped (<c>KernelSize</c> floats).
    /// </summary>
    public static void InputGradient(Path path, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy, Span<float> dx, Span<float> kernelT,
        int batch, Conv2DGeometry g)
    {
        TransposeTaps(kernel, kernelT, g);
        dx.Slice(0, batch * g.InputSize).Clear();
        ref float kt = ref MemoryMarshal.GetReference(kernelT), dyr = ref MemoryMarshal.GetReference(dy), dxr = ref MemoryMarshal.GetReference(dx);
        switch (path)
        {
            case Path.Vector512: InputGradient<V512, Vector512<float>>(ref kt, ref dyr, ref dxr, batch, g); break;
            case Path.Vector256: InputGradient<V256, Vector256<float>>(ref kt, ref dyr, ref dxr, batch, g); break;
            default: InputGradient<V128, Vector128<float>>(ref kt, ref dyr, ref dxr, batch, g); break;
        }
    }

    /// <summary>Stride 1, no dilation, a 3-wide kernel: the shape <see cref="RowTile{TV, TVec, TWidth}"/> computes.</summary>
    private static bool HasRowTaps(Conv2DGeometry g) =>
        g.KernelWidth == 3 && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1;

    /// <summary><c>kernelT[a, b, f, c] = kernel[a, b, c, f]</c>: the weight rows of the taps <c>f</c>, channels contiguous.</summary>
    private static void TransposeTaps(ReadOnlySpan<float> kernel, Span<float> kernelT, Conv2DGeometry g)
    {
        int block = g.Channels * g.Filters;
        for (int window = 0; window < g.KernelHeight * g.KernelWidth; window++)
            MatrixTranspose.Transpose(kernel.Slice(window * block, block), kernelT.Slice(window * block, block), g.Channels, g.Filters);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward<TV, TVec>(ref float x, ref float kernel, ref float bias, bool hasBias, ref float y, int batch, Conv2DGeometry g, bool relu)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = TV.Count, filters = g.Filters, pixels = g.OutHeight * g.OutWidth;
        var taps = new Taps(g.KernelHeight, g.KernelWidth, g.Channels, (nint)g.DilationH * g.Width * g.Channels, (nint)g.DilationW * g.Channels);
        // A tile's eight pixels are consecutive outputs, one pixel's filters apart.
        var consecutive = Span8.Strided(filters);
        for (int n = 0; n < batch; n++)
        {
            ref float xs = ref Unsafe.Add(ref x, (nint)n * g.InputSize);
            ref float ys = ref Unsafe.Add(ref y, (nint)n * g.OutputSize);
            for (int fg = 0; fg < filters; fg += w)
            {
                TVec init = hasBias ? TV.Load(ref bias, fg) : TV.Zero;
                ref float weights = ref Unsafe.Add(ref kernel, fg);
                var pixel = new PixelWalk(g);
                int p = 0;
                if (fg + 2 * w <= filters)
                {
                    // Two vectors of filters per tile: each broadcast input value feeds two multiply-adds.
                    TVec init2 = hasBias ? TV.Load(ref bias, fg + w) : TV.Zero;
                    for (; p + 8 <= pixels; p += 8)
                    {
                        Span8 bases = pixel.Next8();
                        Tile8x2<TV, TVec>(ref xs, bases, taps, ref weights, filters, ref Unsafe.Add(ref ys, (nint)p * filters + fg), in consecutive, init, init2, relu);
                    }
                    for (; p < pixels; p++)
                    {
                        nint origin = pixel.Next();
                        Tile1<TV, TVec>(ref Unsafe.Add(ref xs, origin), taps, ref weights, filters, ref Unsafe.Add(ref ys, (nint)p * filters + fg), init, accumulate: false, relu);
                        Tile1<TV, TVec>(ref Unsafe.Add(ref xs, origin), taps, ref Unsafe.Add(ref weights, w), filters, ref Unsafe.Add(ref ys, (nint)p * filters + fg + w), init2, accumulate: false, relu);
                    }
                    fg += w;
                    continue;
                }
                if (HasRowTaps(g))
                {
                    // One vector of filters, 3-wide kernel: row tiles, where each broadcast input value feeds up to three
                    // multiply-adds (kernel row a's taps read right to left: k_b multiplies column w + k + 2 − b).
                    for (int i = 0; i < g.OutHeight; i++)
                    {
                        var rows = new RowTaps(0, g.KernelHeight, (nint)i * g.Width * g.Channels, (nint)g.Width * g.Channels,
                            ref Unsafe.Add(ref kernel, (nint)2 * g.Channels * filters), (nint)3 * g.Channels * filters, -(nint)g.Channels * filters);
                        Row<TV, TVec>(ref xs, rows, fg, g.Channels, filters, init, relu, ref Unsafe.Add(ref ys, (nint)i * g.OutWidth * filters + fg), g.OutWidth, noMargins: false);
                    }
                    continue;
                }
                for (; p + 8 <= pixels; p += 8)
                {
                    Span8 bases = pixel.Next8();
                    Tile8<TV, TVec>(ref xs, bases, taps, ref weights, filters, ref Unsafe.Add(ref ys, (nint)p * filters + fg), in consecutive, init, relu);
                }
                for (; p < pixels; p++)
                    Tile1<TV, TVec>(ref Unsafe.Add(ref xs, pixel.Next()), taps, ref weights, filters, ref Unsafe.Add(ref ys, (nint)p * filters + fg), init, accumulate: false, relu);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputGradient<TV, TVec>(ref float kernelT, ref float dy, ref float dx, int batch, Conv2DGeometry g)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = TV.Count, channels = g.Channels, filters = g.Filters, pixels = g.OutHeight * g.OutWidth;
        var taps = new Taps(1, 1, filters, 0, 0);
        for (int n = 0; n < batch; n++)
        {
            ref float dys = ref Unsafe.Add(ref dy, (nint)n * g.OutputSize);
            ref float dxs = ref Unsafe.Add(ref dx, (nint)n * g.InputSize);
            for (int a = 0; a < g.KernelHeight; a++)
            {
                for (int b = 0; b < g.KernelWidth; b++)
                {
                    // Window position (a, b) of pixel p read input cell base(p) + shift; distinct pixels read distinct cells.
                    ref float cells = ref Unsafe.Add(ref dxs, ((nint)a * g.DilationH * g.Width + (nint)b * g.DilationW) * channels);
                    ref float rows = ref Unsafe.Add(ref kernelT, (nint)(a * g.KernelWidth + b) * filters * channels);
                    for (int cg = 0; cg < channels; cg += w)
                    {
                        var pixel = new PixelWalk(g);
                        int p = 0;
                        for (; p + 8 <= pixels; p += 8)
                        {
                            Span8 bases = pixel.Next8();
                            Tile8Accumulate<TV, TVec>(ref Unsafe.Add(ref dys, (nint)p * filters), filters, taps, ref Unsafe.Add(ref rows, cg), channels,
                                ref Unsafe.Add(ref cells, cg), bases);
                        }
                        for (; p < pixels; p++)
                            Tile1<TV, TVec>(ref Unsafe.Add(ref dys, (nint)p * filters), taps, ref Unsafe.Add(ref rows, cg), channels,
                                ref Unsafe.Add(ref cells, pixel.Next() + cg), TV.Zero, accumulate: true);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelGradient<TV, TVec>(ref float x, ref float dy, ref float dKernel, ref float dBias, bool hasBias, int batch, Conv2DGeometry g)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = TV.Count, filters = g.Filters, patch = g.PatchSize;
        nint rowStep = (nint)g.DilationH * g.Width * g.Channels, colStep = (nint)g.DilationW * g.Channels;
        Span<nint> offsets = stackalloc nint[MaxTapGroup];
        for (int fg = 0; fg < filters; fg += w)
        {
            // Two vectors of filters per pass when they are there: each broadcast input value feeds two multiply-adds.
            bool pair = fg + 2 * w <= filters;
            // The bias gradient rides along with the first group of taps (the same sums in the same pixel order).
            // Groups of 8 taps (8 independent accumulator chains hide the multiply-add latency); a patch of up to 12 taps
            // (a 3×3 kernel on one channel) in one group, since a short second group would be bound by that latency alone.
            int group = !pair && patch <= MaxTapGroup ? patch : 8;
            int t = 0;
            for (; t < patch; t += group)
            {
                int count = Math.Min(group, patch - t);
                // The input offset of each tap (a, b, c) within a window; missing taps repeat the last and are not stored.
                for (int k = 0; k < MaxTapGroup; k++)
                {
                    int tap = t + Math.Min(k, count - 1);
                    int c = tap % g.Channels, ab = tap / g.Channels;
                    offsets[k] = ab / g.KernelWidth * rowStep + ab % g.KernelWidth * colStep + c;
                }
                if (pair)
                    TapGradients8x2<TV, TVec>(ref x, ref Unsafe.Add(ref dy, fg), offsets, ref Unsafe.Add(ref dKernel, (nint)t * filters + fg), filters, count,
                        ref Unsafe.Add(ref dBias, fg), hasBias && t == 0, batch, g);
                else
                {
                    ref float d = ref Unsafe.Add(ref dy, fg);
                    ref float dk = ref Unsafe.Add(ref dKernel, (nint)t * filters + fg);
                    // Bias with the first group; each group size its own code (a last group of 1 costs 1 multiply-add per pixel).
                    ref float db = ref Unsafe.Add(ref dBias, fg);
                    bool bias = hasBias && t == 0;
                    switch (count)
                    {
                        case 1: TapGradients<TV, TVec, Const1>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 2: TapGradients<TV, TVec, Const2>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 3: TapGradients<TV, TVec, Const3>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 4: TapGradients<TV, TVec, Const4>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 5: TapGradients<TV, TVec, Const5>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 6: TapGradients<TV, TVec, Const6>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 7: TapGradients<TV, TVec, Const7>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 8: TapGradients<TV, TVec, Const8>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 9: TapGradients<TV, TVec, Const9>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 10: TapGradients<TV, TVec, Const10>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        case 11: TapGradients<TV, TVec, Const11>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                        default: TapGradients<TV, TVec, Const12>(ref x, ref d, offsets, ref dk, filters, ref db, bias, batch, g); break;
                    }
                }
            }
            if (pair) fg += w;
        }
    }

    /// <summary>The most taps <see cref="TapGradients{TV, TVec, TCount}"/> sums in one pass.</summary>
    private const int MaxTapGroup = 12;

    /// <summary>
    /// <c>dKernel[t + k, ·] = Σ_{n, p} x[n, base(p) + offsets[k]] · dy[n, p, ·]</c> for the <c>TCount</c> taps (at most
    /// <see cref="MaxTapGroup"/>), one vector of filters; with <paramref name="bias"/> also <c>dBias = Σ_{n, p} dy[n, p, ·]</c>
    /// in pixel order. Taps past <c>TCount</c> are dropped by the JIT.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TapGradients<TV, TVec, TCount>(ref float x, ref float dy, Span<nint> offsets, ref float dKernel, nint filters,
        ref float dBias, bool bias, int batch, Conv2DGeometry g)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TCount : struct, IConstant
    {
        int count = TCount.Value;
        nint o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5];
        nint o6 = offsets[6], o7 = offsets[7], o8 = offsets[8], o9 = offsets[9], o10 = offsets[10], o11 = offsets[11];
        TVec s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero, s4 = TV.Zero, s5 = TV.Zero;
        TVec s6 = TV.Zero, s7 = TV.Zero, s8 = TV.Zero, s9 = TV.Zero, s10 = TV.Zero, s11 = TV.Zero, sum = TV.Zero;
        nint pixelStep = (nint)g.StrideW * g.Channels, rowStart = (nint)g.StrideH * g.Width * g.Channels;
        for (int n = 0; n < batch; n++)
        {
            ref float xs = ref Unsafe.Add(ref x, (nint)n * g.InputSize);
            ref float d = ref Unsafe.Add(ref dy, (nint)n * g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                ref float xp = ref Unsafe.Add(ref xs, i * rowStart);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    TVec v = TV.Load(ref d, 0);
                    if (bias) sum = TV.Add(sum, v);
                    s0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o0)), v, s0);
                    if (count > 1) s1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o1)), v, s1);
                    if (count > 2) s2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o2)), v, s2);
                    if (count > 3) s3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o3)), v, s3);
                    if (count > 4) s4 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o4)), v, s4);
                    if (count > 5) s5 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o5)), v, s5);
                    if (count > 6) s6 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o6)), v, s6);
                    if (count > 7) s7 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o7)), v, s7);
                    if (count > 8) s8 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o8)), v, s8);
                    if (count > 9) s9 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o9)), v, s9);
                    if (count > 10) s10 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o10)), v, s10);
                    if (count > 11) s11 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xp, o11)), v, s11);
                    xp = ref Unsafe.Add(ref xp, pixelStep);
                    d = ref Unsafe.Add(ref d, filters);
                }
            }
        }
        if (bias) TV.Store(sum, ref dBias, 0);
        TV.Store(s0, ref dKernel, 0);
        if (count > 1) TV.Store(s1, ref dKernel, filters);
        if (count > 2) TV.Store(s2, ref dKernel, 2 * filters);
        if (count > 3) TV.Store(s3, ref dKernel, 3 * filters);
        if (count > 4) TV.Store(s4, ref dKernel, 4 * filters);
        if (count > 5) TV.Store(s5, ref dKernel, 5 * filters);
        if (count > 6) TV.Store(s6, ref dKernel, 6 * filters);
        if (count > 7) TV.Store(s7, ref dKernel, 7 * filters);
        if (count > 8) TV.Store(s8, ref dKernel, 8 * filters);
        if (count > 9) TV.Store(s9, ref dKernel, 9 * filters);
        if (count > 10) TV.Store(s10, ref dKernel, 10 * filters);
        if (count > 11) TV.Store(s11, ref dKernel, 11 * filters);
    }

    /// <summary>As <see cref="TapGradients{TV, TVec, TCount}"/> for up to eight taps and two vectors of filters (sixteen accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TapGradients8x2<TV, TVec>(ref float x, ref float dy, Span<nint> offsets, ref float dKernel, nint filters, int count,
        ref float dBias, bool bias, int batch, Conv2DGeometry g)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        nint v = TV.Count;
        nint o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5], o6 = offsets[6], o7 = offsets[7];
        TVec s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero, s4 = TV.Zero, s5 = TV.Zero, s6 = TV.Zero, s7 = TV.Zero;
        TVec t0 = TV.Zero, t1 = TV.Zero, t2 = TV.Zero, t3 = TV.Zero, t4 = TV.Zero, t5 = TV.Zero, t6 = TV.Zero, t7 = TV.Zero;
        TVec sum0 = TV.Zero, sum1 = TV.Zero;
        nint pixelStep = (nint)g.StrideW * g.Channels, rowStart = (nint)g.StrideH * g.Width * g.Channels;
        for (int n = 0; n < batch; n++)
        {
            ref float xs = ref Unsafe.Add(ref x, (nint)n * g.InputSize);
            ref float d = ref Unsafe.Add(ref dy, (nint)n * g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                ref float xp = ref Unsafe.Add(ref xs, i * rowStart);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    TVec d0 = TV.Load(ref d, 0), d1 = TV.Load(ref d, v);
                    if (bias)
                    {
                        sum0 = TV.Add(sum0, d0);
                        sum1 = TV.Add(sum1, d1);
                    }
                    TVec b = TV.Broadcast(Unsafe.Add(ref xp, o0));
                    s0 = TV.MultiplyAdd(b, d0, s0); t0 = TV.MultiplyAdd(b, d1, t0);
                    b = TV.Broadcast(Unsafe.Add(ref xp, o1));
                    s1 = TV.MultiplyAdd(b, d0, s1); t1 = TV.MultiplyAdd(b, d1, t1);
                    b = TV.Broadcast(Unsafe.Add(ref xp, o2));
                    s2 = TV.MultiplyAdd(b, d0, s2); t2 = TV.MultiplyAdd(b, d1, t2);
                    b = TV.Broadcast(Unsafe.Add(ref xp, o3));
                    s3 = TV.MultiplyAdd(b, d0, s3); t3 = TV.MultiplyAdd(b, d1, t3);
                    b = TV.Broadcast(Unsafe.Add(ref xp, o4));
                    s4 = TV.MultiplyAdd(b, d0, s4); t4 = TV.MultiplyAdd(b, d1, t4);
                    b = TV.Broadcast(Unsafe.Add(ref xp, o5));
                    s5 = TV.MultiplyAdd(b, d0, s5); t5 = TV.MultiplyAdd(b, d1, t5);
                    b = TV.Broadcast(Unsafe.Add(ref xp, o6));
                    s6 = TV.MultiplyAdd(b, d0, s6); t6 = TV.MultiplyAdd(b, d1, t6);
                    b = TV.Broadcast(Unsafe.Add(ref xp, o7));
                    s7 = TV.MultiplyAdd(b, d0, s7); t7 = TV.MultiplyAdd(b, d1, t7);
                    xp = ref Unsafe.Add(ref xp, pixelStep);
                    d = ref Unsafe.Add(ref d, filters);
                }
            }
        }
        if (bias)
        {
            TV.Store(sum0, ref dBias, 0);
            TV.Store(sum1, ref dBias, v);
        }
        TV.Store(s0, ref dKernel, 0); TV.Store(t0, ref dKernel, v);
        if (count > 1) { TV.Store(s1, ref dKernel, filters); TV.Store(t1, ref dKernel, filters + v); }
        if (count > 2) { TV.Store(s2, ref dKernel, 2 * filters); TV.Store(t2, ref dKernel, 2 * filters + v); }
        if (count > 3) { TV.Store(s3, ref dKernel, 3 * filters); TV.Store(t3, ref dKernel, 3 * filters + v); }
        if (count > 4) { TV.Store(s4, ref dKernel, 4 * filters); TV.Store(t4, ref dKernel, 4 * filters + v); }
        if (count > 5) { TV.Store(s5, ref dKernel, 5 * filters); TV.Store(t5, ref dKernel, 5 * filters + v); }
        if (count > 6) { TV.Store(s6, ref dKernel, 6 * filters); TV.Store(t6, ref dKernel, 6 * filters + v); }
        if (count > 7) { TV.Store(s7, ref dKernel, 7 * filters); TV.Store(t7, ref dKernel, 7 * filters + v); }
    }

    /// <summary>
    /// Eight pixels: <c>out[outputs[k]] = init + Σ_t in[bases[k] + tap(t)] · w[t]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8<TV, TVec>(ref float input, Span8 bases, Taps taps, ref float w, nint ldw, ref float output, in Span8 outputs, TVec init, bool relu)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        ref float i0 = ref Unsafe.Add(ref input, bases.B0), i1 = ref Unsafe.Add(ref input, bases.B1);
        ref float i2 = ref Unsafe.Add(ref input, bases.B2), i3 = ref Unsafe.Add(ref input, bases.B3);
        ref float i4 = ref Unsafe.Add(ref input, bases.B4), i5 = ref Unsafe.Add(ref input, bases.B5);
        ref float i6 = ref Unsafe.Add(ref input, bases.B6), i7 = ref Unsafe.Add(ref input, bases.B7);
        TVec s0 = init, s1 = init, s2 = init, s3 = init, s4 = init, s5 = init, s6 = init, s7 = init;
        for (int a = 0; a < taps.Rows; a++)
        {
            for (int b = 0; b < taps.Columns; b++)
            {
                nint o = a * taps.RowStep + b * taps.ColumnStep;
                for (int c = 0; c < taps.Channels; c++, o++)
                {
                    TVec k = TV.Load(ref w, 0);
                    s0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i0, o)), k, s0);
                    s1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i1, o)), k, s1);
                    s2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i2, o)), k, s2);
                    s3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i3, o)), k, s3);
                    s4 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i4, o)), k, s4);
                    s5 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i5, o)), k, s5);
                    s6 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i6, o)), k, s6);
                    s7 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref i7, o)), k, s7);
                    w = ref Unsafe.Add(ref w, ldw);
                }
            }
        }
        if (relu)
        {
            s0 = Relu(s0); s1 = Relu(s1); s2 = Relu(s2); s3 = Relu(s3); s4 = Relu(s4); s5 = Relu(s5); s6 = Relu(s6); s7 = Relu(s7);
        }
        TV.Store(s0, ref output, outputs.B0); TV.Store(s1, ref output, outputs.B1); TV.Store(s2, ref output, outputs.B2); TV.Store(s3, ref output, outputs.B3);
        TV.Store(s4, ref output, outputs.B4); TV.Store(s5, ref output, outputs.B5); TV.Store(s6, ref output, outputs.B6); TV.Store(s7, ref output, outputs.B7);
    }

    /// <summary>As <see cref="Tile8{TV, TVec}"/> for two vectors of outputs (sixteen accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x2<TV, TVec>(ref float input, Span8 bases, Taps taps, ref float w, nint ldw, ref float output, in Span8 outputs, TVec init, TVec init2, bool relu)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        nint v = TV.Count;
        ref float i0 = ref Unsafe.Add(ref input, bases.B0), i1 = ref Unsafe.Add(ref input, bases.B1);
        ref float i2 = ref Unsafe.Add(ref input, bases.B2), i3 = ref Unsafe.Add(ref input, bases.B3);
        ref float i4 = ref Unsafe.Add(ref input, bases.B4), i5 = ref Unsafe.Add(ref input, bases.B5);
        ref float i6 = ref Unsafe.Add(ref input, bases.B6), i7 = ref Unsafe.Add(ref input, bases.B7);
        TVec s0 = init, s1 = init, s2 = init, s3 = init, s4 = init, s5 = init, s6 = init, s7 = init;
        TVec t0 = init2, t1 = init2, t2 = init2, t3 = init2, t4 = init2, t5 = init2, t6 = init2, t7 = init2;
        for (int a = 0; a < taps.Rows; a++)
        {
            for (int b = 0; b < taps.Columns; b++)
            {
                nint o = a * taps.RowStep + b * taps.ColumnStep;
                for (int c = 0; c < taps.Channels; c++, o++)
                {
                    TVec k = TV.Load(ref w, 0), k2 = TV.Load(ref w, v);
                    TVec x = TV.Broadcast(Unsafe.Add(ref i0, o));
                    s0 = TV.MultiplyAdd(x, k, s0); t0 = TV.MultiplyAdd(x, k2, t0);
                    x = TV.Broadcast(Unsafe.Add(ref i1, o));
                    s1 = TV.MultiplyAdd(x, k, s1); t1 = TV.MultiplyAdd(x, k2, t1);
                    x = TV.Broadcast(Unsafe.Add(ref i2, o));
                    s2 = TV.MultiplyAdd(x, k, s2); t2 = TV.MultiplyAdd(x, k2, t2);
                    x = TV.Broadcast(Unsafe.Add(ref i3, o));
                    s3 = TV.MultiplyAdd(x, k, s3); t3 = TV.MultiplyAdd(x, k2, t3);
                    x = TV.Broadcast(Unsafe.Add(ref i4, o));
                    s4 = TV.MultiplyAdd(x, k, s4); t4 = TV.MultiplyAdd(x, k2, t4);
                    x = TV.Broadcast(Unsafe.Add(ref i5, o));
                    s5 = TV.MultiplyAdd(x, k, s5); t5 = TV.MultiplyAdd(x, k2, t5);
                    x = TV.Broadcast(Unsafe.Add(ref i6, o));
                    s6 = TV.MultiplyAdd(x, k, s6); t6 = TV.MultiplyAdd(x, k2, t6);
                    x = TV.Broadcast(Unsafe.Add(ref i7, o));
                    s7 = TV.MultiplyAdd(x, k, s7); t7 = TV.MultiplyAdd(x, k2, t7);
                    w = ref Unsafe.Add(ref w, ldw);
                }
            }
        }
        if (relu)
        {
            s0 = Relu(s0); s1 = Relu(s1); s2 = Relu(s2); s3 = Relu(s3); s4 = Relu(s4); s5 = Relu(s5); s6 = Relu(s6); s7 = Relu(s7);
            t0 = Relu(t0); t1 = Relu(t1); t2 = Relu(t2); t3 = Relu(t3); t4 = Relu(t4); t5 = Relu(t5); t6 = Relu(t6); t7 = Relu(t7);
        }
        TV.Store(s0, ref output, outputs.B0); TV.Store(s1, ref output, outputs.B1); TV.Store(s2, ref output, outputs.B2); TV.Store(s3, ref output, outputs.B3);
        TV.Store(s4, ref output, outputs.B4); TV.Store(s5, ref output, outputs.B5); TV.Store(s6, ref output, outputs.B6); TV.Store(s7, ref output, outputs.B7);
        TV.Store(t0, ref output, outputs.B0 + v); TV.Store(t1, ref output, outputs.B1 + v); TV.Store(t2, ref output, outputs.B2 + v); TV.Store(t3, ref output, outputs.B3 + v);
        TV.Store(t4, ref output, outputs.B4 + v); TV.Store(t5, ref output, outputs.B5 + v); TV.Store(t6, ref output, outputs.B6 + v); TV.Store(t7, ref output, outputs.B7 + v);
    }

    /// <summary>
    /// Eight pixels, scattered: <c>out[bases[k]] += Σ_t in[k·inStride + t] · w[t]</c> (the taps are contiguous here: filters).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8Accumulate<TV, TVec>(ref float input, nint inStride, Taps taps, ref float w, nint ldw, ref float output, Span8 bases)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        ref float o0 = ref Unsafe.Add(ref output, bases.B0), o1 = ref Unsafe.Add(ref output, bases.B1);
        ref float o2 = ref Unsafe.Add(ref output, bases.B2), o3 = ref Unsafe.Add(ref output, bases.B3);
        ref float o4 = ref Unsafe.Add(ref output, bases.B4), o5 = ref Unsafe.Add(ref output, bases.B5);
        ref float o6 = ref Unsafe.Add(ref output, bases.B6), o7 = ref Unsafe.Add(ref output, bases.B7);
        TVec s0 = TV.Load(ref o0, 0), s1 = TV.Load(ref o1, 0), s2 = TV.Load(ref o2, 0), s3 = TV.Load(ref o3, 0);
        TVec s4 = TV.Load(ref o4, 0), s5 = TV.Load(ref o5, 0), s6 = TV.Load(ref o6, 0), s7 = TV.Load(ref o7, 0);
        for (int t = 0; t < taps.Channels; t++)
        {
            TVec k = TV.Load(ref w, 0);
            s0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, t)), k, s0);
            s1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, inStride + t)), k, s1);
            s2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, 2 * inStride + t)), k, s2);
            s3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, 3 * inStride + t)), k, s3);
            s4 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, 4 * inStride + t)), k, s4);
            s5 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, 5 * inStride + t)), k, s5);
            s6 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, 6 * inStride + t)), k, s6);
            s7 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, 7 * inStride + t)), k, s7);
            w = ref Unsafe.Add(ref w, ldw);
        }
        TV.Store(s0, ref o0, 0); TV.Store(s1, ref o1, 0); TV.Store(s2, ref o2, 0); TV.Store(s3, ref o3, 0);
        TV.Store(s4, ref o4, 0); TV.Store(s5, ref o5, 0); TV.Store(s6, ref o6, 0); TV.Store(s7, ref o7, 0);
    }

    /// <summary>One pixel (the last few of a sample): <c>out (+)= Σ_t in[tap(t)] · w[t]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1<TV, TVec>(ref float input, Taps taps, ref float w, nint ldw, ref float output, TVec init, bool accumulate, bool relu = false)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        TVec s = accumulate ? TV.Load(ref output, 0) : init;
        for (int a = 0; a < taps.Rows; a++)
        {
            for (int b = 0; b < taps.Columns; b++)
            {
                nint o = a * taps.RowStep + b * taps.ColumnStep;
                for (int c = 0; c < taps.Channels; c++, o++)
                {
                    s = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref input, o)), TV.Load(ref w, 0), s);
                    w = ref Unsafe.Add(ref w, ldw);
                }
            }
        }
        TV.Store(relu ? Relu(s) : s, ref output, 0);
    }

    /// <summary><c>v &gt; 0 ? v : 0</c> per lane: Activations.Relu's result to the bit (NaN and −0 become +0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Relu<TVec>(TVec v) where TVec : struct
    {
        // TVec is one of the three vector types; the JIT keeps only the matching branch.
        if (typeof(TVec) == typeof(Vector512<float>))
        {
            var x = Unsafe.As<TVec, Vector512<float>>(ref v);
            var r = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512<float>.Zero);
            return Unsafe.As<Vector512<float>, TVec>(ref r);
        }
        if (typeof(TVec) == typeof(Vector256<float>))
        {
            var x = Unsafe.As<TVec, Vector256<float>>(ref v);
            var r = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero);
            return Unsafe.As<Vector256<float>, TVec>(ref r);
        }
        var x128 = Unsafe.As<TVec, Vector128<float>>(ref v);
        var r128 = Vector128.ConditionalSelect(Vector128.GreaterThan(x128, Vector128<float>.Zero), x128, Vector128<float>.Zero);
        return Unsafe.As<Vector128<float>, TVec>(ref r128);
    }

    /// <summary>The taps of a window: <c>Rows × Columns</c> cells of <c>Channels</c> contiguous floats, cell (a, b) at <c>a·RowStep + b·ColumnStep</c>.</summary>
    private readonly record struct Taps(int Rows, int Columns, int Channels, nint RowStep, nint ColumnStep);

    /// <summary>Eight offsets: the window origins of a tile's eight output pixels in the input, or where they are stored.</summary>
    private struct Span8
    {
        public nint B0, B1, B2, B3, B4, B5, B6, B7;

        /// <summary><c>0, step, …, 7·step</c>.</summary>
        public static Span8 Strided(nint step) =>
            new() { B0 = 0, B1 = step, B2 = 2 * step, B3 = 3 * step, B4 = 4 * step, B5 = 5 * step, B6 = 6 * step, B7 = 7 * step };
    }

    /// <summary>Walks output pixels in row-major order, yielding where each one's window starts in the input sample.</summary>
    private struct PixelWalk(Conv2DGeometry g)
    {
        private readonly nint _pixelStep = (nint)g.StrideW * g.Channels, _rowStep = (nint)g.StrideH * g.Width * g.Channels;
        private readonly int _width = g.OutWidth;
        private int _j;
        private nint _rowBase, _offset;

        public nint Next()
        {
            nint result = _offset;
            if (++_j == _width)
            {
                _j = 0;
                _rowBase += _rowStep;
                _offset = _rowBase;
            }
            else
            {
                _offset += _pixelStep;
            }
            return result;
        }

        public Span8 Next8() => new() { B0 = Next(), B1 = Next(), B2 = Next(), B3 = Next(), B4 = Next(), B5 = Next(), B6 = Next(), B7 = Next() };
    }
}
