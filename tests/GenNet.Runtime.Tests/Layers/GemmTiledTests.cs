using GenNet.Kernels;
using GenNet.Tests.Support;

namespace GenNet.Tests.Layers;

/// <summary>
/// The register-tiled products behind Conv2DKernel against naive loops in double, for sizes around every tile edge
/// (rows mod 4, columns mod one and two vectors, the scalar tail), with and without accumulation.
/// </summary>
public class GemmTiledTests
{
    public static TheoryData<int, int, int> Sizes()
    {
        var data = new TheoryData<int, int, int>();
        int w = System.Numerics.Vector<float>.Count;
        foreach (int m in new[] { 1, 3, 4, 5, 9 })
            foreach (int n in new[] { 1, w - 1, w, w + 1, 2 * w, 2 * w + 3, 4 * w + w - 1 })
                foreach (int k in new[] { 1, 7 })
                    data.Add(m, k, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MultiplyTiled_MatchesNaiveLoops(int m, int k, int n)
    {
        var rng = new Rng((ulong)(m * 10000 + k * 100 + n));
        float[] a = LayerCases.Random(rng, m * k), b = LayerCases.Random(rng, k * n), c0 = LayerCases.Random(rng, m * n);
        var want = new double[m * n];
        var wantT = new double[k * n];
        float[] bt = LayerCases.Random(rng, m * n), ct0 = LayerCases.Random(rng, k * n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++)
                {
                    want[i * n + j] += (double)a[i * k + p] * b[p * n + j];
                    wantT[p * n + j] += (double)a[i * k + p] * bt[i * n + j];
                }

        var c = new float[m * n];
        Array.Fill(c, 5f);
        Gemm.MultiplyTiled(a, b, c, m, k, n, accumulate: false);
        Fixtures.AssertClose(want, c, 1e-5, 1e-5, "c");
        c = (float[])c0.Clone();
        Gemm.MultiplyTiled(a, b, c, m, k, n, accumulate: true);
        Fixtures.AssertClose(want.Select((v, i) => v + c0[i]).ToArray(), c, 1e-5, 1e-5, "c accumulated");

        var ct = new float[k * n];
        Array.Fill(ct, 5f);
        Gemm.MultiplyTransposedATiled(a, bt, ct, m, k, n, accumulate: false);
        Fixtures.AssertClose(wantT, ct, 1e-5, 1e-5, "aᵀb");
        ct = (float[])ct0.Clone();
        Gemm.MultiplyTransposedATiled(a, bt, ct, m, k, n, accumulate: true);
        Fixtures.AssertClose(wantT.Select((v, i) => v + ct0[i]).ToArray(), ct, 1e-5, 1e-5, "aᵀb accumulated");
    }

    [Fact]
    public void MultiplyTiled_ShortSpans_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTiled(new float[5], new float[6], new float[6], 2, 3, 2, false));
        Assert.Equal("a", e.ParamName);
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposedATiled(new float[6], new float[6], new float[5], 2, 3, 3, false));
    }
}
