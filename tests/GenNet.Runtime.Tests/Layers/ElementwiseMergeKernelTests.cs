using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>
/// Subtract, Multiply, Average, Maximum and Minimum kernels against naive loops at every length 0..50 (so every SIMD
/// width and remainder), including the n-ary forms and, for Maximum/Minimum, the tie rule: the gradient goes whole to the
/// earliest input holding the extremum.
/// </summary>
public class ElementwiseMergeKernelTests
{
    public static TheoryData<int> Lengths() => new(Enumerable.Range(0, 51));

    private static float[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.NextSingle() * 4 - 2).ToArray();

    /// <summary>Values from {-1, 0, 1}: ties everywhere.</summary>
    private static float[] Coarse(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)rng.Next(-1, 2)).ToArray();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Subtract_MatchesNaive(int n)
    {
        var rng = new Random(n);
        float[] a = Random(rng, n), b = Random(rng, n), dy = Random(rng, n);
        var y = new float[n];
        SubtractKernel.Forward(a, b, y);
        Assert.Equal(a.Zip(b, (p, q) => p - q), y);
        float[] da = new float[n], db = new float[n];
        SubtractKernel.Backward(dy, da, db);
        Assert.Equal(dy, da);
        Assert.Equal(dy.Select(v => -v), db);
        var only = new float[n];
        SubtractKernel.Backward(dy, default, only);
        Assert.Equal(db, only);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Multiply_MatchesNaive(int n)
    {
        var rng = new Random(100 + n);
        float[] a = Random(rng, n), b = Random(rng, n), c = Random(rng, n), dy = Random(rng, n);
        var y = new float[n];
        MultiplyKernel.Forward(a, b, y);
        MultiplyKernel.Accumulate(c, y);
        Assert.Equal(Enumerable.Range(0, n).Select(i => a[i] * b[i] * c[i]), y);
        float[] da = new float[n], db = new float[n];
        MultiplyKernel.Backward(dy, a, b, da, db);
        Assert.Equal(Enumerable.Range(0, n).Select(i => dy[i] * b[i]), da);
        Assert.Equal(Enumerable.Range(0, n).Select(i => dy[i] * a[i]), db);
        // Three inputs, input 1's gradient as the generator builds it: dy · a, then · c.
        var d1 = new float[n];
        MultiplyKernel.Forward(dy, a, d1);
        MultiplyKernel.Accumulate(c, d1);
        Assert.Equal(Enumerable.Range(0, n).Select(i => dy[i] * a[i] * c[i]), d1);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Average_MatchesNaive(int n)
    {
        var rng = new Random(200 + n);
        float[] a = Random(rng, n), b = Random(rng, n), c = Random(rng, n), dy = Random(rng, n);
        var y = new float[n];
        AverageKernel.Forward(a, b, y);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (a[i] + b[i]) / 2f), y);
        AverageKernel.Sum(a, b, y);
        AverageKernel.Accumulate(c, y);
        AverageKernel.Divide(y, 3);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (a[i] + b[i] + c[i]) / 3f), y);
        float[] da = new float[n], db = new float[n];
        AverageKernel.Backward(dy, da, db, 3);
        Assert.Equal(dy.Select(v => v / 3f), da);
        Assert.Equal(dy.Select(v => v / 3f), db);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MaximumAndMinimum_TwoInputs_MatchNaive_TiesGoToTheFirst(int n)
    {
        foreach (bool max in new[] { true, false })
        {
            var rng = new Random(300 + n);
            float[] a = Coarse(rng, n), b = Coarse(rng, n), dy = Random(rng, n);
            var y = new float[n];
            Forward(max, a, b, y);
            Assert.Equal(Enumerable.Range(0, n).Select(i => max ? Math.Max(a[i], b[i]) : Math.Min(a[i], b[i])), y);
            float[] da = new float[n], db = new float[n];
            if (max) MaximumKernel.Backward(dy, a, b, da, db); else MinimumKernel.Backward(dy, a, b, da, db);
            bool[] first = Enumerable.Range(0, n).Select(i => max ? a[i] >= b[i] : a[i] <= b[i]).ToArray();
            Assert.Equal(Enumerable.Range(0, n).Select(i => first[i] ? dy[i] : 0f), da);
            Assert.Equal(Enumerable.Range(0, n).Select(i => first[i] ? 0f : dy[i]), db);
            var only = new float[n];
            if (max) MaximumKernel.Backward(dy, a, b, default, only); else MinimumKernel.Backward(dy, a, b, default, only);
            Assert.Equal(db, only);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MaximumAndMinimum_FourInputs_RouteToTheEarliestWinner(int n)
    {
        foreach (bool max in new[] { true, false })
        {
            var rng = new Random(400 + n);
            float[][] xs = Enumerable.Range(0, 4).Select(_ => Coarse(rng, n)).ToArray();
            float[] dy = Random(rng, n);
            var y = new float[n];
            Forward(max, xs[0], xs[1], y);
            for (int k = 2; k < 4; k++) { if (max) MaximumKernel.Accumulate(xs[k], y); else MinimumKernel.Accumulate(xs[k], y); }
            Assert.Equal(Enumerable.Range(0, n).Select(i => xs.Select(x => x[i]).Aggregate(max ? Math.Max : Math.Min)), y);

            var total = new float[n];
            for (int k = 0; k < 4; k++)
            {
                // As the generator emits it: BackwardPart against the first other input, KeepWins against the rest.
                var dx = new float[n];
                int first = k == 0 ? 1 : 0;
                if (max) MaximumKernel.BackwardPart(dy, xs[k], xs[first], dx, first < k); else MinimumKernel.BackwardPart(dy, xs[k], xs[first], dx, first < k);
                for (int j = first + 1; j < 4; j++)
                {
                    if (j == k) continue;
                    if (max) MaximumKernel.KeepWins(xs[k], xs[j], dx, j < k); else MinimumKernel.KeepWins(xs[k], xs[j], dx, j < k);
                }
                for (int i = 0; i < n; i++)
                {
                    int winner = Enumerable.Range(0, 4).First(w => xs[w][i] == y[i]);
                    Assert.Equal(winner == k ? dy[i] : 0f, dx[i]);
                    total[i] += dx[i];
                }
            }
            Assert.Equal(dy, total);   // every element's gradient went to exactly one input
        }
    }

    private static void Forward(bool max, float[] a, float[] b, float[] y)
    {
        if (max) MaximumKernel.Forward(a, b, y); else MinimumKernel.Forward(a, b, y);
    }

    [Fact]
    public void BadLengths_ThrowNamingTheArgument()
    {
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => SubtractKernel.Forward(new float[4], new float[5], new float[4])).ParamName);
        Assert.Equal("db", Assert.Throws<ArgumentException>(() => SubtractKernel.Backward(new float[4], new float[4], new float[3])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => MultiplyKernel.Accumulate(new float[4], new float[3])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => MultiplyKernel.Backward(new float[4], new float[4], new float[2], new float[4], new float[4])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => AverageKernel.Forward(new float[4], new float[4], new float[5])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => AverageKernel.Backward(new float[4], new float[4], default, 0));
        Assert.Equal("da", Assert.Throws<ArgumentException>(() => MaximumKernel.Backward(new float[4], new float[4], new float[4], new float[1], default)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => MinimumKernel.BackwardPart(new float[4], new float[4], new float[3], new float[4], false)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => MaximumKernel.KeepWins(new float[4], new float[4], new float[3], true)).ParamName);
    }
}
