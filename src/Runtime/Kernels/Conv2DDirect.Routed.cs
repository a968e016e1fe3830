using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

/// <summary>
/// The backward pass of a convolution whose output gradient is mostly zeros, as routes. Behind a max-pool only one cell
/// of each window gets a gradient per filter, and behind its relu only where the maximum is positive: the seed CNN's
/// second convolution has at most 25 of 121 cells nonzero per filter. The dense kernels spend <c>PatchSize</c>
/// multiply-adds on every dy value twice (kernel gradient, input gradient), zero or not; here each nonzero
/// <c>dy[n, p, f]</c> (a route) costs <c>PatchSize / 16</c> 512-bit multiply-adds along the window's patch for each,
/// and a zero costs nothing:
/// <c>dKernelᵀ[f, ·] += dy[n, p, f] · x[n, window(p)]</c> and <c>dx[n, window(p)] += dy[n, p, f] · kernelᵀ[·, f, ·]</c>.
/// </summary>
/// <remarks>
/// Per sample, one scan of dy lists each filter's routes in pixel order (the bit mask of a vector compare); then per filter
/// its kernel-gradient row stays in registers while its routes run. Kernel gradient: the dense kernel's products added in
/// its order (samples, then pixels), less the exact zeros, whose <c>+ 0·x</c> changes no finite sum, so the same bits.
/// Input gradient: a scatter in the order (sample, filter, pixel), fixed, so fixed bits, but not the gather's bits.
/// AVX-512 only (the patch vectors and the kernel columns need 25 registers); elsewhere the dense kernels run.
/// </remarks>
internal static partial class Conv2DDirect
{
    /// <summary>The most 16-float vectors of a patch the route loops hold in registers.</summary>
    private const int MaxRouteVectors = 12;

    /// <summary>
    /// Whether <see cref="BackwardRouted"/> applies: AVX-512, channels and filters multiples of 16, a patch of at most
    /// <see cref="MaxRouteVectors"/> vectors, and room in the scratch (see <see cref="RouteScratch"/>).
    /// </summary>
    public static bool CanRoute(Conv2DGeometry g, int scratchLength) =>
        Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512F.IsSupported && g.Channels % 16 == 0 && g.Filters % 16 == 0 && g.PatchSize / 16 <= MaxRouteVectors &&
        RouteScratch(g) <= scratchLength;

    /// <summary>
    /// Floats of scratch: the transposed kernel, the kernel gradient by filter, one sample's route values, origins and counts,
    /// its dy by filter, and the pixels' window origins (each list with one vector of slack for whole-vector stores).
    /// </summary>
    internal static int RouteScratch(Conv2DGeometry g) => 2 * g.KernelSize + 3 * (g.Filters * g.OutHeight * g.OutWidth + 16) + g.Filters + g.OutHeight * g.OutWidth + 16;

    /// <summary>
    /// Whether routes cost less than the dense passes for this <paramref name="dy"/>: at most half its values nonzero
    /// (per nonzero value the routes do about the dense kernels' work per value, plus the scan). Decided per call from the
    /// values alone, so every thread count decides the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsSparse(ReadOnlySpan<float> dy)
    {
        ref float d = ref MemoryMarshal.GetReference(dy);
        int i = 0, nonzero = 0;
        for (; i + 16 <= dy.Length; i += 16)
            nonzero += BitOperations.PopCount(NonzeroLanes(Vector512.LoadUnsafe(ref d, (nuint)i)));
        for (; i < dy.Length; i++)
            if (Unsafe.Add(ref d, i) != 0f) nonzero++;
        return 2L * nonzero <= dy.Length;
    }

    /// <summary>
    /// <c>dKernel</c>, <c>dBias</c> (overwritten; may be empty) and <c>dx</c> (overwritten; empty for the first layer) by
    /// routes, for a geometry that passes <see cref="CanRoute"/>; lengths checked by the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardRouted(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy, Span<float> dx,
        Span<float> dKernel, Span<float> dBias, Span<float> scratch, int batch, Conv2DGeometry g)
    {
        int filters = g.Filters, channels = g.Channels, pixels = g.OutHeight * g.OutWidth, vectors = g.PatchSize / 16;
        Span<float> kernelT = scratch.Slice(0, g.KernelSize), rows = scratch.Slice(g.KernelSize, g.KernelSize);
        int list = filters * pixels + 16;
        Span<float> values = scratch.Slice(2 * g.KernelSize, list);
        Span<int> origins = MemoryMarshal.Cast<float, int>(scratch.Slice(2 * g.KernelSize + list, list));
        Span<float> byFilter = scratch.Slice(2 * g.KernelSize + 2 * list, list);
        Span<int> counts = MemoryMarshal.Cast<float, int>(scratch.Slice(2 * g.KernelSize + 3 * list, filters));
        Span<int> pixelOrigins = MemoryMarshal.Cast<float, int>(scratch.Slice(2 * g.KernelSize + 3 * list + filters, pixels + 16));
        var walk = new PixelWalk(g);
        for (int p = 0; p < pixels; p++) pixelOrigins[p] = (int)walk.Next();
        bool input = !dx.IsEmpty;
        if (input)
        {
            TransposeTaps(kernel, kernelT, g);
            dx.Slice(0, batch * g.InputSize).Clear();
        }
        rows.Clear();
        if (!dBias.IsEmpty) BiasGradient(dy, dBias, batch * pixels, filters);

        // Patch vector k is cell (a, b) of the window, channels 16·cv …: its offset in the input sample, and in kernelᵀ[a, b, f, c].
        Span<nint> inputOffsets = stackalloc nint[MaxRouteVectors];
        Span<nint> kernelOffsets = stackalloc nint[MaxRouteVectors];
        int perCell = channels / 16;
        for (int k = 0; k < vectors; k++)
        {
            int ab = k / perCell, cv = k % perCell, a = ab / g.KernelWidth, b = ab % g.KernelWidth;
            inputOffsets[k] = ((nint)a * g.DilationH * g.Width + (nint)b * g.DilationW) * channels + 16 * cv;
            kernelOffsets[k] = (nint)ab * filters * channels + 16 * cv;
        }
        ref float xr = ref MemoryMarshal.GetReference(x), dxr = ref MemoryMarshal.GetReference(dx);
        ref float kt = ref MemoryMarshal.GetReference(kernelT), rr = ref MemoryMarshal.GetReference(rows);
        ref float vr = ref MemoryMarshal.GetReference(values);
        ref int or = ref MemoryMarshal.GetReference(origins);
        for (int n = 0; n < batch; n++)
        {
            ListRoutes(dy.Slice(n * g.OutputSize, g.OutputSize), byFilter, pixelOrigins, counts, ref or, ref vr, pixels, filters);
            ref float xs = ref Unsafe.Add(ref xr, (nint)n * g.InputSize);
            for (int f = 0; f < filters; f++)
            {
                int count = counts[f];
                if (count == 0) continue;
                var routes = new Routes(ref Unsafe.Add(ref or, (nint)f * pixels), ref Unsafe.Add(ref vr, (nint)f * pixels), count);
                ref float row = ref Unsafe.Add(ref rr, (nint)f * g.PatchSize);
                RouteVectors(vectors, ref xs, routes, inputOffsets, ref row, kernelOnly: true, default);
                if (input)
                    RouteVectors(vectors, ref Unsafe.Add(ref dxr, (nint)n * g.InputSize), routes, inputOffsets, ref Unsafe.Add(ref kt, (nint)f * channels),
                        kernelOnly: false, kernelOffsets);
            }
        }
        MatrixTranspose.Transpose(rows, dKernel, filters, g.PatchSize);
    }

    /// <summary>
    /// <c>dBias[f] = Σ_p dy[p, f]</c> over <paramref name="cells"/> cells in order: the dense kernel's sums, bit for bit (two
    /// vectors of filters per pass, so two addition chains run side by side).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BiasGradient(ReadOnlySpan<float> dy, Span<float> dBias, int cells, int filters)
    {
        ref float d = ref MemoryMarshal.GetReference(dy);
        ref float db = ref MemoryMarshal.GetReference(dBias);
        int fv = 0;
        for (; fv + 32 <= filters; fv += 32)
        {
            Vector512<float> sum = Vector512<float>.Zero, sum2 = Vector512<float>.Zero;
            for (int p = 0; p < cells; p++)
            {
                ref float cell = ref Unsafe.Add(ref d, (nint)p * filters + fv);
                sum += Vector512.LoadUnsafe(ref cell);
                sum2 += Vector512.LoadUnsafe(ref cell, 16);
            }
            sum.StoreUnsafe(ref db, (nuint)fv);
            sum2.StoreUnsafe(ref db, (nuint)fv + 16);
        }
        for (; fv < filters; fv += 16)
        {
            var sum = Vector512<float>.Zero;
            for (int p = 0; p < cells; p++) sum += Vector512.LoadUnsafe(ref d, (nuint)((nint)p * filters + fv));
            sum.StoreUnsafe(ref db, (nuint)fv);
        }
    }

    /// <summary>Lanes of <paramref name="v"/> that are not ±0 (NaN included), as bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NonzeroLanes(Vector512<float> v) => (~Vector512.Equals(v, Vector512<float>.Zero)).ExtractMostSignificantBits();

    /// <summary>
    /// One sample's routes: for each filter f, <c>counts[f]</c> pixels in order, the origin of each one's window in the
    /// input sample at <c>origins[f·pixels + r]</c> and its dy at <c>values[f·pixels + r]</c>. Branch-free: dy is
    /// transposed to rows by filter (<paramref name="byFilter"/>), and each vector of a row is compressed to its nonzero
    /// lanes (whole-vector stores: up to 15 floats past a list's end are written and then overwritten, or land in the slack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ListRoutes(ReadOnlySpan<float> dys, Span<float> byFilter, ReadOnlySpan<int> pixelOrigins, Span<int> counts,
        ref int origins, ref float values, int pixels, int filters)
    {
        MatrixTranspose.Transpose(dys, byFilter, pixels, filters);
        ref float rows = ref MemoryMarshal.GetReference(byFilter);
        ref int po = ref MemoryMarshal.GetReference(pixelOrigins);
        var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        for (int f = 0; f < filters; f++)
        {
            ref float row = ref Unsafe.Add(ref rows, (nint)f * pixels);
            ref float fv = ref Unsafe.Add(ref values, (nint)f * pixels);
            ref int fo = ref Unsafe.Add(ref origins, (nint)f * pixels);
            int count = 0;
            for (int p = 0; p < pixels; p += 16)
            {
                var v = Vector512.LoadUnsafe(ref row, (nuint)p);
                // Lanes past the row's end belong to the next row (or the slack): not routes of this filter.
                var keep = ~Vector512.Equals(v, Vector512<float>.Zero).AsInt32() & Vector512.LessThan(lane, Vector512.Create(pixels - p));
                System.Runtime.Intrinsics.X86.Avx512F.Compress(Vector512<float>.Zero, keep.AsSingle(), v).StoreUnsafe(ref fv, (nuint)count);
                System.Runtime.Intrinsics.X86.Avx512F.Compress(Vector512<int>.Zero, keep, Vector512.LoadUnsafe(ref po, (nuint)p)).StoreUnsafe(ref fo, (nuint)count);
                count += BitOperations.PopCount(keep.ExtractMostSignificantBits());
            }
            counts[f] = count;
        }
    }

    /// <summary>One filter's routes in one sample: window origins and dy values, <see cref="Count"/> of each.</summary>
    private readonly ref struct Routes(ref int origins, ref float values, int count)
    {
        public readonly ref int Origins = ref origins;
        public readonly ref float Values = ref values;
        public readonly int Count = count;
    }

    /// <summary>The patch length as a type, so each route loop keeps its vectors in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RouteVectors(int vectors, ref float target, Routes routes, Span<nint> offsets, ref float weights, bool kernelOnly,
        Span<nint> weightOffsets)
    {
        switch (vectors)
        {
            case 1: Route<Const1>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 2: Route<Const2>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 3: Route<Const3>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 4: Route<Const4>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 5: Route<Const5>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 6: Route<Const6>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 7: Route<Const7>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 8: Route<Const8>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 9: Route<Const9>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 10: Route<Const10>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            case 11: Route<Const11>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
            default: Route<Const12>(ref target, routes, offsets, ref weights, kernelOnly, weightOffsets); break;
        }
    }

    /// <summary>
    /// With <paramref name="kernelOnly"/>: the filter's kernel-gradient row <paramref name="weights"/> (<c>TCount</c>
    /// vectors, kept in registers) <c>+= Σ_r values[r] · target[origins[r] + offsets[k]]</c> (target = the input sample).
    /// Otherwise the scatter <c>target[origins[r] + offsets[k]] += values[r] · weights[weightOffsets[k]]</c> (target = dx
    /// of the sample, weights = the filter's kernelᵀ columns, kept in registers).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Route<TCount>(ref float target, Routes routes, Span<nint> offsets, ref float weights, bool kernelOnly, Span<nint> weightOffsets)
        where TCount : struct, IConstant
    {
        int count = TCount.Value;
        nuint o0 = (nuint)offsets[0], o1 = (nuint)offsets[1], o2 = (nuint)offsets[2], o3 = (nuint)offsets[3], o4 = (nuint)offsets[4], o5 = (nuint)offsets[5];
        nuint o6 = (nuint)offsets[6], o7 = (nuint)offsets[7], o8 = (nuint)offsets[8], o9 = (nuint)offsets[9], o10 = (nuint)offsets[10], o11 = (nuint)offsets[11];
        if (kernelOnly)
        {
            var z = Vector512<float>.Zero;
            Vector512<float> s0 = Vector512.LoadUnsafe(ref weights, 0);
            Vector512<float> s1 = count > 1 ? Vector512.LoadUnsafe(ref weights, 16) : z, s2 = count > 2 ? Vector512.LoadUnsafe(ref weights, 32) : z;
            Vector512<float> s3 = count > 3 ? Vector512.LoadUnsafe(ref weights, 48) : z, s4 = count > 4 ? Vector512.LoadUnsafe(ref weights, 64) : z;
            Vector512<float> s5 = count > 5 ? Vector512.LoadUnsafe(ref weights, 80) : z, s6 = count > 6 ? Vector512.LoadUnsafe(ref weights, 96) : z;
            Vector512<float> s7 = count > 7 ? Vector512.LoadUnsafe(ref weights, 112) : z, s8 = count > 8 ? Vector512.LoadUnsafe(ref weights, 128) : z;
            Vector512<float> s9 = count > 9 ? Vector512.LoadUnsafe(ref weights, 144) : z, s10 = count > 10 ? Vector512.LoadUnsafe(ref weights, 160) : z;
            Vector512<float> s11 = count > 11 ? Vector512.LoadUnsafe(ref weights, 176) : z;
            for (int r = 0; r < routes.Count; r++)
            {
                ref float p = ref Unsafe.Add(ref target, Unsafe.Add(ref routes.Origins, r));
                var v = Vector512.Create(Unsafe.Add(ref routes.Values, r));
                // The dense kernel's product x · dy, one rounding (V512.MultiplyAdd), so the same bits.
                s0 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o0), v, s0);
                if (count > 1) s1 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o1), v, s1);
                if (count > 2) s2 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o2), v, s2);
                if (count > 3) s3 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o3), v, s3);
                if (count > 4) s4 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o4), v, s4);
                if (count > 5) s5 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o5), v, s5);
                if (count > 6) s6 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o6), v, s6);
                if (count > 7) s7 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o7), v, s7);
                if (count > 8) s8 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o8), v, s8);
                if (count > 9) s9 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o9), v, s9);
                if (count > 10) s10 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o10), v, s10);
                if (count > 11) s11 = Gemm.V512.MultiplyAdd(Vector512.LoadUnsafe(ref p, o11), v, s11);
            }
            s0.StoreUnsafe(ref weights, 0);
            if (count > 1) s1.StoreUnsafe(ref weights, 16);
            if (count > 2) s2.StoreUnsafe(ref weights, 32);
            if (count > 3) s3.StoreUnsafe(ref weights, 48);
            if (count > 4) s4.StoreUnsafe(ref weights, 64);
            if (count > 5) s5.StoreUnsafe(ref weights, 80);
            if (count > 6) s6.StoreUnsafe(ref weights, 96);
            if (count > 7) s7.StoreUnsafe(ref weights, 112);
            if (count > 8) s8.StoreUnsafe(ref weights, 128);
            if (count > 9) s9.StoreUnsafe(ref weights, 144);
            if (count > 10) s10.StoreUnsafe(ref weights, 160);
            if (count > 11) s11.StoreUnsafe(ref weights, 176);
            return;
        }
        var zero = Vector512<float>.Zero;
        Vector512<float> k0 = Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[0]);
        Vector512<float> k1 = count > 1 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[1]) : zero;
        Vector512<float> k2 = count > 2 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[2]) : zero;
        Vector512<float> k3 = count > 3 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[3]) : zero;
        Vector512<float> k4 = count > 4 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[4]) : zero;
        Vector512<float> k5 = count > 5 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[5]) : zero;
        Vector512<float> k6 = count > 6 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[6]) : zero;
        Vector512<float> k7 = count > 7 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[7]) : zero;
        Vector512<float> k8 = count > 8 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[8]) : zero;
        Vector512<float> k9 = count > 9 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[9]) : zero;
        Vector512<float> k10 = count > 10 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[10]) : zero;
        Vector512<float> k11 = count > 11 ? Vector512.LoadUnsafe(ref weights, (nuint)weightOffsets[11]) : zero;
        for (int r = 0; r < routes.Count; r++)
        {
            ref float p = ref Unsafe.Add(ref target, Unsafe.Add(ref routes.Origins, r));
            var v = Vector512.Create(Unsafe.Add(ref routes.Values, r));
            Gemm.V512.MultiplyAdd(v, k0, Vector512.LoadUnsafe(ref p, o0)).StoreUnsafe(ref p, o0);
            if (count > 1) Gemm.V512.MultiplyAdd(v, k1, Vector512.LoadUnsafe(ref p, o1)).StoreUnsafe(ref p, o1);
            if (count > 2) Gemm.V512.MultiplyAdd(v, k2, Vector512.LoadUnsafe(ref p, o2)).StoreUnsafe(ref p, o2);
            if (count > 3) Gemm.V512.MultiplyAdd(v, k3, Vector512.LoadUnsafe(ref p, o3)).StoreUnsafe(ref p, o3);
            if (count > 4) Gemm.V512.MultiplyAdd(v, k4, Vector512.LoadUnsafe(ref p, o4)).StoreUnsafe(ref p, o4);
            if (count > 5) Gemm.V512.MultiplyAdd(v, k5, Vector512.LoadUnsafe(ref p, o5)).StoreUnsafe(ref p, o5);
            if (count > 6) Gemm.V512.MultiplyAdd(v, k6, Vector512.LoadUnsafe(ref p, o6)).StoreUnsafe(ref p, o6);
            if (count > 7) Gemm.V512.MultiplyAdd(v, k7, Vector512.LoadUnsafe(ref p, o7)).StoreUnsafe(ref p, o7);
            if (count > 8) Gemm.V512.MultiplyAdd(v, k8, Vector512.LoadUnsafe(ref p, o8)).StoreUnsafe(ref p, o8);
            if (count > 9) Gemm.V512.MultiplyAdd(v, k9, Vector512.LoadUnsafe(ref p, o9)).StoreUnsafe(ref p, o9);
            if (count > 10) Gemm.V512.MultiplyAdd(v, k10, Vector512.LoadUnsafe(ref p, o10)).StoreUnsafe(ref p, o10);
            if (count > 11) Gemm.V512.MultiplyAdd(v, k11, Vector512.LoadUnsafe(ref p, o11)).StoreUnsafe(ref p, o11);
        }
    }
}
