using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

// The backward pass for windows that never overlap (Keras' default strides = pool size, "valid"): every input cell lies
// in at most one window, so each is written once (its gradient or 0) instead of cleared and then accumulated into.
// Same winners, ties and NaN handling as the general loop in MaxPooling2DKernel.cs; change them together.
public static partial class MaxPooling2DKernel
{
    /// <summary>Strides at least the pool size and every window whole (no padding, none clipped): no cell is read twice.</summary>
    private static bool HasDisjointWindows(PoolGeometry g) =>
        g.PadTop == 0 && g.PadLeft == 0 && g.StrideH >= g.PoolHeight && g.StrideW >= g.PoolWidth &&
        (g.OutHeight - 1) * g.StrideH + g.PoolHeight <= g.Height && (g.OutWidth - 1) * g.StrideW + g.PoolWidth <= g.Width;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardDisjoint(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolGeometry g, bool relu)
    {
        // The windows tile the input exactly (the sample CNN's 26×26 → 13×13) or leave cells that get 0.
        bool tiles = g.StrideH == g.PoolHeight && g.StrideW == g.PoolWidth &&
            g.OutHeight * g.PoolHeight == g.Height && g.OutWidth * g.PoolWidth == g.Width;
        if (!tiles) dx.Slice(0, batch * g.InputSize).Clear();
        int c = g.Channels, vectorEnd = c - c % Vector<float>.Count;
        nint rowStep = (nint)g.Width * c;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                for (int j = 0; j < g.OutWidth; j++)
                {
                    // The window's first cell in x and dx, and its gradient in dy.
                    nint origin = (nint)n * g.InputSize + ((nint)i * g.StrideH * g.Width + (nint)j * g.StrideW) * c;
                    ref float xw = ref Unsafe.Add(ref xr, origin);
                    ref float dxw = ref Unsafe.Add(ref dxr, origin);
                    ref float dyw = ref Unsafe.Add(ref dyr, (nint)n * g.OutputSize + ((nint)i * g.OutWidth + j) * c);
                    for (int k = 0; k < vectorEnd; k += Vector<float>.Count)
                    {
                        // Per lane: the running maximum and the scan position of the first cell that holds it.
                        var max = Vector.LoadUnsafe(ref xw, (nuint)k);
                        var winner = Vector<int>.Zero;
                        int position = 0;
                        for (int a = 0; a < g.PoolHeight; a++)
                            for (int b = 0; b < g.PoolWidth; b++, position++)
                            {
                                var cell = Vector.LoadUnsafe(ref xw, (nuint)(a * rowStep + b * c + k));
                                var greater = Vector.GreaterThan(cell, max);
                                max = Vector.ConditionalSelect(greater, cell, max);
                                winner = Vector.ConditionalSelect(greater, new Vector<int>(position), winner);
                            }
                        var upstream = Vector.LoadUnsafe(ref dyw, (nuint)k);
                        if (relu) upstream = Vector.ConditionalSelect(Vector.GreaterThan(max, Vector<float>.Zero), upstream, Vector<float>.Zero);
                        position = 0;
                        for (int a = 0; a < g.PoolHeight; a++)
                            for (int b = 0; b < g.PoolWidth; b++, position++)
                            {
                                var routed = Vector.ConditionalSelect(Vector.Equals(winner, new Vector<int>(position)), upstream, Vector<float>.Zero);
                                routed.StoreUnsafe(ref dxw, (nuint)(a * rowStep + b * c + k));
                            }
                    }
                    for (int k = vectorEnd; k < c; k++)
                    {
                        nint best = k;
                        for (int a = 0; a < g.PoolHeight; a++)
                            for (int b = 0; b < g.PoolWidth; b++)
                            {
                                nint at = a * rowStep + b * c + k;
                                if (Unsafe.Add(ref xw, at) > Unsafe.Add(ref xw, best)) best = at;
                                Unsafe.Add(ref dxw, at) = 0f;
                            }
                        if (!relu || Unsafe.Add(ref xw, best) > 0f) Unsafe.Add(ref dxw, best) = Unsafe.Add(ref dyw, k);
                    }
                }
            }
        }
    }
}
