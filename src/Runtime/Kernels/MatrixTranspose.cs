using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

/// <summary>
/// <c>target[j, i] = source[i, j]</c> for a row-major <c>source[rows, columns]</c>: the kernel re-layouts the convolutions
/// make per call (a transposed convolution's taps by stride class, the kernel for the input gradient). A pure copy, so
/// the path taken never changes a bit.
/// </summary>
internal static class MatrixTranspose
{
    public static void Transpose(ReadOnlySpan<float> source, Span<float> target, int rows, int columns)
    {
        if (source.Length < rows * columns || target.Length < rows * columns)
            throw new ArgumentException($"Expected source and target of at least {rows}·{columns} floats, but they have {source.Length} and {target.Length}.");
        ref float s = ref MemoryMarshal.GetReference(source), t = ref MemoryMarshal.GetReference(target);
        int i = 0;
        if (Avx.IsSupported)
        {
            // Blocks of 8 × 8 through registers (a scalar copy reads one cache line per element down a column).
            for (; i + 8 <= rows; i += 8)
            {
                int j = 0;
                for (; j + 8 <= columns; j += 8)
                    Block8(ref Unsafe.Add(ref s, (nint)i * columns + j), columns, ref Unsafe.Add(ref t, (nint)j * rows + i), rows);
                for (; j < columns; j++)
                    for (int k = i; k < i + 8; k++) Unsafe.Add(ref t, (nint)j * rows + k) = Unsafe.Add(ref s, (nint)k * columns + j);
            }
        }
        for (; i < rows; i++)
            for (int j = 0; j < columns; j++) Unsafe.Add(ref t, (nint)j * rows + i) = Unsafe.Add(ref s, (nint)i * columns + j);
    }

    /// <summary>
    /// One 8 × 8 block: pairs of rows interleaved (unpack), then pairs of pairs (shuffle), then the 128-bit halves swapped
    /// into place (permute), the usual three-stage AVX transpose.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(ref float s, nint sourceStride, ref float t, nint targetStride)
    {
        var r0 = Vector256.LoadUnsafe(ref s);
        var r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, sourceStride));
        var r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 2 * sourceStride));
        var r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 3 * sourceStride));
        var r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 4 * sourceStride));
        var r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 5 * sourceStride));
        var r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 6 * sourceStride));
        var r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 7 * sourceStride));
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref t);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref t, targetStride));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref t, 2 * targetStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref t, 3 * targetStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref t, 4 * targetStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref t, 5 * targetStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref t, 6 * targetStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref t, 7 * targetStride));
    }
}
