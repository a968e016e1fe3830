using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenNet.Kernels;
using GenNet.Tests.Layers;

// Not GenNet.Tests.Kernels: that would shadow GenNet.Kernels for the other test folders (`Kernels.Activations`).
namespace GenNet.Tests.KernelTests;

/// <summary>
/// Every Gemm entry point, and every path inside it (Vector512, Vector256, Vector128 and scalar micro-kernels; direct,
/// packed and GEMV loops), against a triple loop in double. Sizes sit on and around every edge the code has: 0 and 1,
/// each vector width and tile height ± 1, and the cache blocks (Kc = 256, Mc = 192, Nc = 1024) ± 1.
/// Aliasing c with a or b is not supported (documented on <see cref="Gemm"/>), so it is not tested.
/// </summary>
public class GemmTests
{
    public enum Op { AB, AtB, ABt }

    /// <summary>How a test reaches the kernels: the public API (widest path), a path's own dispatch, or one loop nest forced.</summary>
    public enum Route { Public, Auto, Direct, Packed, Gemv }

    /// <summary>The micro-kernel family (mirrors the internal Gemm.Path, which a public theory cannot name).</summary>
    public enum Width { Best, Vector512, Vector256, Vector128, Scalar }

    private static readonly Width[] Paths = [Width.Vector512, Width.Vector256, Width.Vector128, Width.Scalar];

    // Output rows: tile heights 4, 6, 8 ± 1. Output columns: vector widths 4, 8, 16 and tile widths 8, 16, 32 ± 1.
    private static readonly int[] RowSizes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 17];
    private static readonly int[] ColumnSizes = [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47];
    private static readonly int[] InnerSizes = [0, 1, 2, 7, 16, 33];

    public static TheoryData<Width, Op, Route> SmallGridCases()
    {
        var data = new TheoryData<Width, Op, Route>();
        foreach (var op in Enum.GetValues<Op>())
        {
            data.Add(Width.Best, op, Route.Public);
            foreach (var path in Paths)
                foreach (var route in new[] { Route.Auto, Route.Direct, Route.Packed })
                    if (!(route == Route.Direct && op == Op.ABt)) data.Add(path, op, route);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallGridCases))]
    public void SmallSizes_AroundEveryTileEdge_MatchNaiveLoops(Width path, Op op, Route route)
    {
        var rng = new Rng(7);
        foreach (int rows in RowSizes)
            foreach (int cols in ColumnSizes)
                foreach (int inner in InnerSizes)
                {
                    if ((route == Route.Direct || route == Route.Packed) && rows * cols * inner == 0) continue;
                    foreach (bool accumulate in new[] { false, true })
                        Check(rng, path, op, route, rows, cols, inner, accumulate);
                }
    }

    public static TheoryData<Width, Op, Route, int, int, int> LargeCases()
    {
        var data = new TheoryData<Width, Op, Route, int, int, int>();
        // (rows, cols, inner): past Kc = 256, Mc = 192 and Nc = 1024, odd everywhere; one above DirectMaxWork.
        // The MLP's training chunk (50 rows) and inference batch (1000 rows): column counts 100, 50 and 10 end in a partial
        // vector, 50 rows in a short tile.
        int[][] sizes = [[193, 67, 257], [70, 1025, 300], [9, 131, 513], [255, 33, 255], [50, 100, 784], [50, 50, 100], [1000, 10, 50]];
        foreach (var op in Enum.GetValues<Op>())
        {
            foreach (var s in sizes) data.Add(Width.Best, op, Route.Public, s[0], s[1], s[2]);
            data.Add(Width.Best, op, Route.Public, 520, 520, 1000);
            foreach (var path in Paths)
                foreach (var route in new[] { Route.Direct, Route.Packed })
                    if (!(route == Route.Direct && op == Op.ABt))
                    {
                        data.Add(path, op, route, 193, 67, 257);
                        data.Add(path, op, route, 50, 100, 784);
                    }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void LargeOddSizes_AcrossCacheBlocks_MatchNaiveLoops(Width path, Op op, Route route, int rows, int cols, int inner)
    {
        var rng = new Rng((ulong)(rows * 7 + cols * 11 + inner));
        Check(rng, path, op, route, rows, cols, inner, accumulate: false);
        Check(rng, path, op, route, rows, cols, inner, accumulate: true);
    }

    public static TheoryData<Width, Op> GemvCases()
    {
        var data = new TheoryData<Width, Op>();
        foreach (var path in Paths)
            foreach (var op in Enum.GetValues<Op>()) data.Add(path, op);
        return data;
    }

    [Theory]
    [MemberData(nameof(GemvCases))]
    public void OneRow_Gemv_MatchesNaiveLoops(Width path, Op op)
    {
        var rng = new Rng(3);
        // Past 8 vectors a GEMV makes several passes (143: one pass with a 15-column tail; 144, 150, 300: two or more).
        foreach (int cols in ColumnSizes.Concat([63, 64, 65, 100, 129, 143, 144, 150, 300]))
            foreach (int inner in new[] { 1, 2, 7, 16, 63, 64, 65, 784 })
                foreach (bool accumulate in new[] { false, true })
                {
                    Check(rng, path, op, Route.Auto, 1, cols, inner, accumulate);
                    if (op != Op.AtB && cols > 0) Check(rng, path, op, Route.Gemv, 1, cols, inner, accumulate);
                }
    }

    /// <summary>
    /// aᵀ·b read in place (the weight gradient xᵀ·dy) runs its last 1–4 columns down the rows (Gemm.ColumnTail.cs), rows
    /// outside the strips when b's block fits L1, and a short last row tile beside the one before it; a·bᵀ (the input
    /// gradient dy·Wᵀ) re-lays b out and runs direct without dot columns (Gemm.TransposedB.cs). Each element must still be
    /// the broadcast tiles' sum, so both equal the packed path bit for bit. Shapes: the MLP chunk's 784 × 100 and 100 × 50
    /// over 50 rows and its 50 × 100 input gradient, tails of 1, 3 and 4 columns, rows ending in a partial vector, a
    /// shared dimension past one block (300).
    /// </summary>
    [Theory]
    [InlineData(Width.Vector512)]
    [InlineData(Width.Vector256)]
    [InlineData(Width.Vector128)]
    public void TransposedOperands_DirectRoutes_SameBitsAsPackedTiles(Width path)
    {
        var rng = new Rng(13);
        (int, int, int)[] shapes = [(784, 100, 50), (100, 50, 50), (50, 100, 50), (100, 4, 50), (70, 33, 17), (9, 17, 1), (130, 3, 256), (10, 1, 7), (20, 36, 300)];
        foreach (var op in new[] { Op.AtB, Op.ABt })
            foreach (var (rows, cols, inner) in shapes)
                foreach (bool accumulate in new[] { false, true })
                {
                    // a·bᵀ over one column is also a·b with b row-major: it runs the plain direct route, dot columns included.
                    if (op == Op.ABt && inner == 1) continue;
                    float[] a = LayerCases.Random(rng, inner * rows), b = LayerCases.Random(rng, inner * cols);
                    float[] c0 = LayerCases.Random(rng, rows * cols), routed = (float[])c0.Clone(), packed = (float[])c0.Clone();
                    (nint rsA, nint csA) = op == Op.AtB ? ((nint)1, (nint)rows) : (inner, 1);
                    (nint rsB, nint csB) = op == Op.ABt ? ((nint)1, (nint)inner) : (cols, 1);
                    Gemm.Dispatch((Gemm.Path)path, a, rsA, csA, b, rsB, csB, routed, rows, cols, inner, accumulate);
                    switch (path)
                    {
                        case Width.Vector512: Forced<Gemm.V512, Vector512<float>>(Route.Packed, a, rsA, csA, b, rsB, csB, packed, rows, cols, inner, accumulate); break;
                        case Width.Vector256: Forced<Gemm.V256, Vector256<float>>(Route.Packed, a, rsA, csA, b, rsB, csB, packed, rows, cols, inner, accumulate); break;
                        default: Forced<Gemm.V128, Vector128<float>>(Route.Packed, a, rsA, csA, b, rsB, csB, packed, rows, cols, inner, accumulate); break;
                    }
                    for (int e = 0; e < routed.Length; e++)
                        if (BitConverter.SingleToInt32Bits(routed[e]) != BitConverter.SingleToInt32Bits(packed[e]))
                            Assert.Fail($"{op} on {path}, {rows}×{cols} over {inner}, accumulate={accumulate}: c[{e / cols}, {e % cols}] routed {routed[e]:R}, packed {packed[e]:R}.");
                }
    }

    [Fact]
    public void SameInputs_GiveTheSameBits_OnEveryRunAndThread()
    {
        var rng = new Rng(11);
        float[] a = LayerCases.Random(rng, 300 * 257), b = LayerCases.Random(rng, 257 * 70);
        var first = new float[300 * 70];
        Gemm.Multiply(a, b, first, 300, 257, 70, accumulate: false);
        var results = new float[4][];
        Parallel.For(0, results.Length, t =>
        {
            var c = new float[300 * 70];
            for (int r = 0; r < 3; r++) Gemm.Multiply(a, b, c, 300, 257, 70, accumulate: false);
            results[t] = c;
        });
        foreach (var c in results) Assert.True(first.AsSpan().SequenceEqual(c), "bits differ between runs or threads");
    }

    [Fact]
    public void AfterWarmUp_AllocatesNothing()
    {
        var rng = new Rng(5);
        float[] a = LayerCases.Random(rng, 600 * 600), b = LayerCases.Random(rng, 600 * 600), c = new float[600 * 600];
        (int, int, int)[] shapes = [(600, 600, 600), (100, 784, 100), (1, 784, 100), (676, 9, 16), (100, 50, 10), (7, 3, 5)];
        void Step()
        {
            foreach (var (m, k, n) in shapes)
            {
                Gemm.Multiply(a, b, c, m, k, n, accumulate: false);
                Gemm.MultiplyTransposedA(a, b, c, m, k, n, accumulate: true);
                Gemm.MultiplyTransposedB(a, b, c, m, n, k, accumulate: false);
                Gemm.MultiplyTiled(a, b, c, m, k, n, accumulate: true);
                Gemm.MultiplyTransposedATiled(a, b, c, m, k, n, accumulate: false);
            }
        }
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ShortSpansOrNegativeSizes_Throw_NamingTheArgument()
    {
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[6], 2, 3, 2, false)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposedA(new float[6], new float[5], new float[6], 3, 2, 2, false)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposedB(new float[6], new float[6], new float[3], 2, 3, 2, false)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(new float[6], new float[6], new float[6], -1, 3, 2, false));
    }

    [Fact]
    public void BestPath_IsTheWidestAcceleratedVector()
    {
        var expected = Vector512.IsHardwareAccelerated ? Gemm.Path.Vector512 : Vector256.IsHardwareAccelerated ? Gemm.Path.Vector256 :
            Vector128.IsHardwareAccelerated ? Gemm.Path.Vector128 : Gemm.Path.Scalar;
        Assert.Equal(expected, Gemm.BestPath);
    }

    /// <summary>
    /// Runs one product of output <c>rows × cols</c> over <c>inner</c> through <paramref name="route"/>, and compares with
    /// double: each element within 1e-5·(Σ|a·b| + |c₀|), float32 rounding of a length-inner sum with room to spare.
    /// Without accumulation c starts as NaN (it must be overwritten, never read); values past the product must not change.
    /// </summary>
    private static void Check(Rng rng, Width path, Op op, Route route, int rows, int cols, int inner, bool accumulate)
    {
        // The public sizes of each operation, and the layouts of a and b.
        float[] a = LayerCases.Random(rng, rows * inner), b = LayerCases.Random(rng, inner * cols);
        const int guard = 3;
        float[] c0 = LayerCases.Random(rng, rows * cols + guard);
        if (!accumulate) Array.Fill(c0, float.NaN, 0, rows * cols);
        float[] c = (float[])c0.Clone();
        // A(i, p) and B(p, j) as each operation stores them.
        Func<int, int, float> getA = op == Op.AtB ? (i, p) => a[p * rows + i] : (i, p) => a[i * inner + p];
        Func<int, int, float> getB = op == Op.ABt ? (p, j) => b[j * inner + p] : (p, j) => b[p * cols + j];
        (nint rsA, nint csA) = op == Op.AtB ? ((nint)1, (nint)rows) : (inner, 1);
        (nint rsB, nint csB) = op == Op.ABt ? ((nint)1, (nint)inner) : (cols, 1);

        if (route == Route.Public)
        {
            switch (op)
            {
                case Op.AB: Gemm.Multiply(a, b, c, rows, inner, cols, accumulate); break;
                case Op.AtB: Gemm.MultiplyTransposedA(a, b, c, inner, rows, cols, accumulate); break;
                default: Gemm.MultiplyTransposedB(a, b, c, rows, inner, cols, accumulate); break;
            }
        }
        else if (route == Route.Auto) Gemm.Dispatch((Gemm.Path)path, a, rsA, csA, b, rsB, csB, c, rows, cols, inner, accumulate);
        else
        {
            switch (path)
            {
                case Width.Vector512: Forced<Gemm.V512, Vector512<float>>(route, a, rsA, csA, b, rsB, csB, c, rows, cols, inner, accumulate); break;
                case Width.Vector256: Forced<Gemm.V256, Vector256<float>>(route, a, rsA, csA, b, rsB, csB, c, rows, cols, inner, accumulate); break;
                case Width.Vector128: Forced<Gemm.V128, Vector128<float>>(route, a, rsA, csA, b, rsB, csB, c, rows, cols, inner, accumulate); break;
                default: Forced<Gemm.Scalar, float>(route, a, rsA, csA, b, rsB, csB, c, rows, cols, inner, accumulate); break;
            }
        }

        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                double sum = accumulate ? c0[i * cols + j] : 0, magnitude = accumulate ? Math.Abs(c0[i * cols + j]) : 0;
                for (int p = 0; p < inner; p++)
                {
                    double term = (double)getA(i, p) * getB(p, j);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                double got = c[i * cols + j];
                if (!(Math.Abs(got - sum) <= 1e-5 * magnitude + 1e-30))
                    Assert.Fail($"{op} via {route} on {path}, rows={rows} cols={cols} inner={inner} accumulate={accumulate}: c[{i}, {j}] = {got}, expected {sum}.");
            }
        for (int g = 0; g < guard; g++) Assert.Equal(c0[rows * cols + g], c[rows * cols + g]);
    }

    private static void Forced<TV, TVec>(Route route, float[] a, nint rsA, nint csA, float[] b, nint rsB, nint csB, float[] c,
        int rows, int cols, int inner, bool accumulate)
        where TV : struct, Gemm.IGemmVector<TVec> where TVec : struct
    {
        ref float ar = ref MemoryMarshal.GetArrayDataReference(a), br = ref MemoryMarshal.GetArrayDataReference(b), cr = ref MemoryMarshal.GetArrayDataReference(c);
        switch (route)
        {
            case Route.Direct: Gemm.RunDirect<TV, TVec>(ref ar, rsA, csA, ref br, rsB, ref cr, rows, cols, inner, accumulate); break;
            case Route.Packed: Gemm.RunPacked<TV, TVec>(ref ar, rsA, csA, ref br, rsB, csB, ref cr, rows, cols, inner, accumulate); break;
            default: Gemm.Gemv<TV, TVec>(ref ar, csA, ref br, rsB, csB, ref cr, cols, inner, accumulate); break;
        }
    }
}
