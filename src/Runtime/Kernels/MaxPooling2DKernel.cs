using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>MaxPooling2D</c> on NHWC data: <c>y[n, i, j, c] = max over the window's real cells of x[n, h, w, c]</c>, the
/// window being rows <c>i·StrideH − PadTop …</c> and columns <c>j·StrideW − PadLeft …</c> of <see cref="PoolGeometry"/>,
/// clipped to the input (padded cells are ignored, never a zero). Forward and backward change together.
/// </summary>
/// <remarks>
/// The backward pass recomputes each window's winner from <c>x</c> instead of storing indices, so no extra buffer is
/// needed. Ties go to the first maximum in scan order (row by row, left to right), as PyTorch's max-pool records its
/// index (strict <c>&gt;</c> in <c>aten/src/ATen/native/cpu/MaxPoolKernel.cpp</c>). Comparisons with NaN are false, so a
/// NaN never displaces an earlier value.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class MaxPooling2DKernel
{
    /// <summary><c>y[batch, OutHeight, OutWidth, Channels]</c> = window maxima of <c>x[batch, Height, Width, Channels]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, PoolGeometry geometry)
    {
        var g = geometry;
        PoolChecks.Check(g, batch, x.Length, nameof(x), y.Length, nameof(y));
        if (IsTwoByTwo(g))
        {
            ForwardTwoByTwo(x, y, batch, g);
            return;
        }
        int c = g.Channels, vectorEnd = c - c % Vector<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        for (int n = 0; n < batch; n++)
        {
            ref float xs = ref Unsafe.Add(ref xr, (nint)n * g.InputSize);
            ref float ys = ref Unsafe.Add(ref yr, (nint)n * g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                var (h0, h1) = PoolChecks.Range(i, g.StrideH, g.PadTop, g.PoolHeight, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    var (w0, w1) = PoolChecks.Range(j, g.StrideW, g.PadLeft, g.PoolWidth, g.Width);
                    ref float output = ref Unsafe.Add(ref ys, (nint)(i * g.OutWidth + j) * c);
                    // Vectors of channels, then the channels left over; a cell replaces the running maximum only when
                    // strictly greater (so NaN never does, and ties keep the first).
                    for (int k = 0; k < vectorEnd; k += Vector<float>.Count)
                    {
                        var max = Vector.LoadUnsafe(ref xs, (nuint)((h0 * g.Width + w0) * c + k));
                        for (int h = h0; h < h1; h++)
                            for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                            {
                                var cell = Vector.LoadUnsafe(ref xs, (nuint)((h * g.Width + w) * c + k));
                                max = Vector.ConditionalSelect(Vector.GreaterThan(cell, max), cell, max);
                            }
                        max.StoreUnsafe(ref output, (nuint)k);
                    }
                    for (int k = vectorEnd; k < c; k++)
                    {
                        float max = Unsafe.Add(ref xs, (h0 * g.Width + w0) * c + k);
                        for (int h = h0; h < h1; h++)
                            for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                            {
                                float cell = Unsafe.Add(ref xs, (h * g.Width + w) * c + k);
                                if (cell > max) max = cell;
                            }
                        Unsafe.Add(ref output, k) = max;
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>dx[n, h, w, c] = Σ dy[n, i, j, c]</c> over the windows whose (first) maximum is cell <c>(h, w)</c>; every other
    /// cell gets 0. <paramref name="dx"/> is overwritten. <paramref name="x"/> is the forward input.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolGeometry geometry) =>
        BackwardChecked(x, dy, dx, batch, geometry, relu: false, nameof(x), nameof(dx));

    /// <summary>
    /// The gradient of <c>MaxPooling2D(relu(z))</c> with respect to <c>z</c> in one pass: <see cref="Backward"/> with each
    /// window's gradient kept only where its maximum is positive. <paramref name="y"/> is the pool's input <c>relu(z)</c>;
    /// since <c>relu(z) &gt; 0</c> exactly where <c>z &gt; 0</c>, this is <see cref="Backward"/> followed by
    /// <c>Activations.ReluGradient(z, y, dx, dz)</c> without the second pass over <c>z</c>, <c>y</c> and <c>dx</c>: the same
    /// values, except that every zero is +0 (ReluGradient's <c>0·dy</c> below zero can be −0; sums over dz that start at
    /// +0 come out the same either way). <paramref name="dz"/> is overwritten.
    /// </summary>
    public static void BackwardRelu(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dz, int batch, PoolGeometry geometry) =>
        BackwardChecked(y, dy, dz, batch, geometry, relu: true, nameof(y), nameof(dz));

    /// <summary>Checks the lengths (naming the caller's parameters), then picks the loop for the geometry.</summary>
    private static void BackwardChecked(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolGeometry g, bool relu,
        string xName, string dxName)
    {
        PoolChecks.Check(g, batch, x.Length, xName, dy.Length, nameof(dy));
        Conv2DKernel.CheckLength(x.Length, dx.Length, dxName, "batch·Height·Width·Channels");
        if (IsTwoByTwo(g)) BackwardTwoByTwo(x, dy, dx, batch, g, relu);
        else if (HasDisjointWindows(g)) BackwardDisjoint(x, dy, dx, batch, g, relu);
        else BackwardAnyWindows(x, dy, dx, batch, g, relu);
    }

    /// <summary>
    /// The backward pass for every geometry (overlapping or padded windows): clear, then accumulate. With
    /// <paramref name="relu"/>, a window whose maximum is not positive routes 0 (see <see cref="BackwardRelu"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BackwardAnyWindows(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolGeometry g, bool relu)
    {
        dx.Clear();
        int c = g.Channels, vectorEnd = c - c % Vector<float>.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        for (int n = 0; n < batch; n++)
        {
            ref float xs = ref Unsafe.Add(ref xr, (nint)n * g.InputSize);
            ref float dys = ref Unsafe.Add(ref dyr, (nint)n * g.OutputSize);
            ref float dxs = ref Unsafe.Add(ref dxr, (nint)n * g.InputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                var (h0, h1) = PoolChecks.Range(i, g.StrideH, g.PadTop, g.PoolHeight, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    var (w0, w1) = PoolChecks.Range(j, g.StrideW, g.PadLeft, g.PoolWidth, g.Width);
                    int outBase = (i * g.OutWidth + j) * c;
                    for (int k = 0; k < vectorEnd; k += Vector<float>.Count)
                    {
                        // Per lane: the running maximum and the scan position of the cell that holds it.
                        var max = Vector.LoadUnsafe(ref xs, (nuint)((h0 * g.Width + w0) * c + k));
                        var winner = Vector<int>.Zero;
                        int position = 0;
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++, position++)
                            {
                                var cell = Vector.LoadUnsafe(ref xs, (nuint)((h * g.Width + w) * c + k));
                                var greater = Vector.GreaterThan(cell, max);
                                max = Vector.ConditionalSelect(greater, cell, max);
                                winner = Vector.ConditionalSelect(greater, new Vector<int>(position), winner);
                            }
                        var upstream = Vector.LoadUnsafe(ref dys, (nuint)(outBase + k));
                        if (relu) upstream = Vector.ConditionalSelect(Vector.GreaterThan(max, Vector<float>.Zero), upstream, Vector<float>.Zero);
                        position = 0;
                        for (int h = h0; h < h1; h++)
                            for (int w = w0; w < w1; w++, position++)
                            {
                                ref float target = ref Unsafe.Add(ref dxs, (h * g.Width + w) * c + k);
                                var routed = Vector.ConditionalSelect(Vector.Equals(winner, new Vector<int>(position)), upstream, Vector<float>.Zero);
                                (Vector.LoadUnsafe(ref target) + routed).StoreUnsafe(ref target);
                            }
                    }
                    for (int k = vectorEnd; k < c; k++)
                    {
                        int best = (h0 * g.Width + w0) * c + k;
                        float max = Unsafe.Add(ref xs, best);
                        for (int h = h0; h < h1; h++)
                        {
                            for (int w = w0; w < w1; w++)
                            {
                                int at = (h * g.Width + w) * c + k;
                                if (Unsafe.Add(ref xs, at) > max) { max = Unsafe.Add(ref xs, at); best = at; }
                            }
                        }
                        if (!relu || max > 0f) Unsafe.Add(ref dxs, best) += Unsafe.Add(ref dys, outBase + k);
                    }
                }
            }
        }
    }
}

/// <summary>Shared checks and window arithmetic of the pooling kernels.</summary>
internal static class PoolChecks
{
    public static void Check(PoolGeometry g, int batch, int xLength, string xName, int yLength, string yName)
    {
        g.Validate();
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Expected a non-negative batch size.");
        Conv2DKernel.CheckLength(batch * g.InputSize, xLength, xName, "batch·Height·Width·Channels");
        Conv2DKernel.CheckLength(batch * g.OutputSize, yLength, yName, "batch·OutHeight·OutWidth·Channels");
    }

    /// <summary>The real cells <c>[start, end)</c> of window <paramref name="index"/> along one axis.</summary>
    public static (int Start, int End) Range(int index, int stride, int pad, int size, int length)
    {
        int start = index * stride - pad;
        return (Math.Max(start, 0), Math.Min(start + size, length));
    }
}
