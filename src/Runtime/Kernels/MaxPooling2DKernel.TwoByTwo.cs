using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// Keras' default MaxPooling2D(2) (2×2 windows, stride 2, valid) on channels that fill 512-bit vectors: the four cells of a
// window written out, one vector of channels at a time, no loops over window positions. Same comparisons in the same
// order as the general loops in MaxPooling2DKernel.cs and .Disjoint.cs (a cell wins only when strictly greater than the
// running maximum, scanning row by row), so the same winners, ties, NaN handling and bits; change them together.
public static partial class MaxPooling2DKernel
{
    /// <summary>2×2 windows at stride 2 that stay inside the input, and channels a multiple of 16 with AVX-512.</summary>
    private static bool IsTwoByTwo(PoolGeometry g) =>
        Vector512.IsHardwareAccelerated && g.Channels % Vector512<float>.Count == 0 &&
        g.PoolHeight == 2 && g.PoolWidth == 2 && g.StrideH == 2 && g.StrideW == 2 && g.PadTop == 0 && g.PadLeft == 0 &&
        2 * g.OutHeight <= g.Height && 2 * g.OutWidth <= g.Width;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTwoByTwo(ReadOnlySpan<float> x, Span<float> y, int batch, PoolGeometry g)
    {
        int c = g.Channels, outWidth = g.OutWidth;
        nint row = (nint)g.Width * c;
        ref float xr = ref MemoryMarshal.GetReference(x), yr = ref MemoryMarshal.GetReference(y);
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                ref float top = ref Unsafe.Add(ref xr, (nint)n * g.InputSize + 2 * i * row);
                ref float output = ref Unsafe.Add(ref yr, (nint)n * g.OutputSize + (nint)i * outWidth * c);
                for (int j = 0; j < outWidth; j++)
                {
                    for (int k = 0; k < c; k += Vector512<float>.Count)
                    {
                        nint at = 2 * (nint)j * c + k;
                        var max = Vector512.LoadUnsafe(ref top, (nuint)at);
                        max = Greater(Vector512.LoadUnsafe(ref top, (nuint)(at + c)), max, out _);
                        max = Greater(Vector512.LoadUnsafe(ref top, (nuint)(at + row)), max, out _);
                        max = Greater(Vector512.LoadUnsafe(ref top, (nuint)(at + row + c)), max, out _);
                        max.StoreUnsafe(ref output, (nuint)((nint)j * c + k));
                    }
                }
            }
        }
    }

    /// <summary>Each input cell written once: its window's gradient where it is the winner (and, with relu, the maximum is positive), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardTwoByTwo(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolGeometry g, bool relu)
    {
        int c = g.Channels, outWidth = g.OutWidth;
        // An odd height or width (the sample CNN's 11×11) leaves a last row or column that no window reads: cleared alone.
        int leftRows = g.Height - 2 * g.OutHeight, leftColumns = g.Width - 2 * outWidth;
        nint row = (nint)g.Width * c;
        ref float xr = ref MemoryMarshal.GetReference(x), dyr = ref MemoryMarshal.GetReference(dy), dxr = ref MemoryMarshal.GetReference(dx);
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                nint origin = (nint)n * g.InputSize + 2 * i * row;
                ref float top = ref Unsafe.Add(ref xr, origin);
                ref float dTop = ref Unsafe.Add(ref dxr, origin);
                ref float upstream = ref Unsafe.Add(ref dyr, (nint)n * g.OutputSize + (nint)i * outWidth * c);
                for (int j = 0; j < outWidth; j++)
                {
                    for (int k = 0; k < c; k += Vector512<float>.Count)
                    {
                        nint at = 2 * (nint)j * c + k;
                        var max = Vector512.LoadUnsafe(ref top, (nuint)at);
                        max = Greater(Vector512.LoadUnsafe(ref top, (nuint)(at + c)), max, out var beats1);
                        max = Greater(Vector512.LoadUnsafe(ref top, (nuint)(at + row)), max, out var beats2);
                        max = Greater(Vector512.LoadUnsafe(ref top, (nuint)(at + row + c)), max, out var beats3);
                        var d = Vector512.LoadUnsafe(ref upstream, (nuint)((nint)j * c + k));
                        if (relu) d = Vector512.ConditionalSelect(Vector512.GreaterThan(max, Vector512<float>.Zero), d, Vector512<float>.Zero);
                        // The winner is the last cell that beat the running maximum, or the first cell if none did.
                        var d3 = beats3 & d;
                        var d2 = Vector512.AndNot(beats2, beats3) & d;
                        var d1 = Vector512.AndNot(Vector512.AndNot(beats1, beats2), beats3) & d;
                        var d0 = Vector512.AndNot(d, beats1 | beats2 | beats3);
                        d0.StoreUnsafe(ref dTop, (nuint)at);
                        d1.StoreUnsafe(ref dTop, (nuint)(at + c));
                        d2.StoreUnsafe(ref dTop, (nuint)(at + row));
                        d3.StoreUnsafe(ref dTop, (nuint)(at + row + c));
                    }
                }
                if (leftColumns > 0)
                {
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dTop, 2 * (nint)outWidth * c), leftColumns * c).Clear();
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dTop, row + 2 * (nint)outWidth * c), leftColumns * c).Clear();
                }
            }
            if (leftRows > 0)
                MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dxr, (nint)n * g.InputSize + 2 * g.OutHeight * row), leftRows * (int)row).Clear();
        }
    }

    /// <summary>The running maximum after <paramref name="cell"/>, which replaces it only when strictly greater (never NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Greater(Vector512<float> cell, Vector512<float> max, out Vector512<float> beats)
    {
        beats = Vector512.GreaterThan(cell, max);
        return Vector512.ConditionalSelect(beats, cell, max);
    }
}
