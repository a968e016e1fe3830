using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

// a·bᵀ of a small product (a dense layer's input gradient dy·Wᵀ: 50 × 50 times 50 × 100 in an MLP training chunk). The
// packed path would copy both a and b element by element on every call, which cost more than the product itself;
// here only b is re-laid out, by MatrixTranspose's 8 × 8 register blocks, and the product reads a in place (the direct
// path). The dot columns are left out, so every element is the broadcast tiles' sum, bit for bit what the packed
// path computes.
public static partial class Gemm
{
    /// <summary>Most floats of b (k × n) re-laid out per call (4 MB); larger products run packed.</summary>
    internal const int TransposedBMaxFloats = 1 << 20;

    // Its own per-thread buffer: RunDirect takes the shared scratch for its tail strip.
    [ThreadStatic] private static float[]? t_transposedB;

    /// <summary>
    /// <c>C[M, N] (+)= A[M, K] · B[K, N]</c> with <c>B(p, j) = b[j·K + p]</c> (b stored <c>[N, K]</c> row-major), any strides of a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunTransposedB<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, ref float c, int m, int n, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int floats = n * k;
        float[]? buffer = t_transposedB;
        if (buffer is null || buffer.Length < floats) t_transposedB = buffer = GC.AllocateUninitializedArray<float>(floats);
        MatrixTranspose.Transpose(MemoryMarshal.CreateReadOnlySpan(ref b, floats), buffer, n, k);
        RunDirect<TV, TVec>(ref a, rsA, csA, ref MemoryMarshal.GetArrayDataReference(buffer), n, ref c, m, n, k, accumulate, dotColumnsAllowed: false);
    }
}
