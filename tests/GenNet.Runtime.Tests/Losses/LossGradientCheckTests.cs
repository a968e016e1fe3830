using Xunit;

namespace GenNet.Tests.Losses;

/// <summary>
/// Gradient checks: <see cref="Loss.Gradient"/> against central differences of <see cref="Loss.PerSample"/> itself (float32 in,
/// float32 out), on the reduced loss <c>L = Σ w_i l_i / N</c>, away from clip edges and kinks.
/// </summary>
public class LossGradientCheckTests
{
    // Step 2^-10 on a 2^-12 grid: p ± h and p ± 2h are exact float32 values, so the only noise is PerSample's final rounding.
    private const double H = 1.0 / 1024;

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var s in LossSamples.All()) data.Add(s.Label);
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Gradient_MatchesCentralDifferences(string label)
    {
        LossSample s = LossSamples.All().Single(x => x.Label == label);
        Loss loss = s.Create();
        int batch = s.Batch, n = s.N;
        float scale = 1f / batch;
        var gradient = new float[batch * n];
        loss.Gradient(s.YTrue, s.YPred, s.Weights, scale, gradient, batch, n);

        var p = (float[])s.YPred.Clone();
        var perSample = new float[batch];
        bool anyNonZero = false;
        for (int k = 0; k < p.Length; k++)
        {
            int row = k / n;
            float original = p[k];
            double Row(double step)
            {
                p[k] = (float)(original + step);
                loss.PerSample(s.YTrue, p, perSample, batch, n);
                return perSample[row];
            }

            // Fourth-order stencil: truncation error O(h⁴) is far below the rounding noise bounded next.
            double lp1 = Row(H), lm1 = Row(-H), lp2 = Row(2 * H), lm2 = Row(-2 * H);
            p[k] = original;
            double l0 = Math.Max(Math.Max(Math.Abs(lp1), Math.Abs(lm1)), Math.Max(Math.Abs(lp2), Math.Abs(lm2)));
            double c = s.Weights[row] * (double)scale;
            double numeric = c * (8 * (lp1 - lm1) - (lp2 - lm2)) / (12 * H);

            // Honest bound: each float32 l_i is off by ≤ ½ulp ≈ 2^-24·|l|; the stencil amplifies that by (8+8+1+1)/(12h).
            // Plus 1e-4 relative for the float32 gradient itself and the remaining truncation. A wrong factor
            // (a missing 1/n, a sign, a clip in the wrong place) misses this by orders of magnitude.
            double noise = c * 18.0 / (12 * H) * Math.Pow(2, -24) * l0 * 2;
            double tolerance = noise + 1e-4 * Math.Abs(numeric) + 1e-9;
            Assert.True(Math.Abs(gradient[k] - numeric) <= tolerance,
                $"{label}: element {k} (row {row}): analytic {gradient[k]:R}, numeric {numeric:R}, tolerance {tolerance:E2}");
            anyNonZero |= Math.Abs(numeric) > 100 * tolerance;
        }
        Assert.True(anyNonZero, $"{label}: every gradient was ~0, so the check proved nothing");
    }
}
