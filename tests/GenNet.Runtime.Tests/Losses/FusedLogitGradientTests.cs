using GenNet.Losses;
using GenNet.Tests.Support;
using Xunit;

namespace GenNet.Tests.Losses;

/// <summary>
/// <see cref="Loss.TryLogitGradient"/> (softmax + categorical cross-entropy, sigmoid + binary cross-entropy) equals the
/// chain rule: <see cref="Loss.Gradient"/> followed by the activation's Jacobian, computed here in double.
/// </summary>
public class FusedLogitGradientTests
{
    private const int Batch = 6, Classes = 7;

    public static TheoryData<string> SoftmaxLosses() => ["categorical one-hot", "categorical soft", "categorical smoothing 0.1", "sparse"];

    [Theory]
    [MemberData(nameof(SoftmaxLosses))]
    public void SoftmaxCrossentropy_FusedGradient_EqualsChainRule(string variant)
    {
        var rng = new Random(variant.GetHashCode(StringComparison.Ordinal) & 0xffff);
        Loss loss = variant switch
        {
            "sparse" => new SparseCategoricalCrossentropy(),
            "categorical smoothing 0.1" => new CategoricalCrossentropy(labelSmoothing: 0.1f),
            _ => new CategoricalCrossentropy(),
        };
        int labelSize = loss.LabelSize(Classes);
        var yTrue = new float[Batch * labelSize];
        var p = new float[Batch * Classes];
        for (int i = 0; i < Batch; i++)
        {
            int label = rng.Next(Classes);
            if (labelSize == 1) yTrue[i] = label;
            else if (variant == "categorical soft")
            {
                double sum = 0;
                for (int j = 0; j < Classes; j++) sum += yTrue[i * Classes + j] = (float)rng.NextDouble();
                for (int j = 0; j < Classes; j++) yTrue[i * Classes + j] = (float)(yTrue[i * Classes + j] / sum);
            }
            else yTrue[i * Classes + label] = 1;

            // p = softmax(z) in double, rounded to float as a softmax kernel would return it.
            var z = Enumerable.Range(0, Classes).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
            double max = z.Max(), expSum = z.Sum(v => Math.Exp(v - max));
            for (int j = 0; j < Classes; j++) p[i * Classes + j] = (float)(Math.Exp(z[j] - max) / expSum);
        }
        float[] weights = Enumerable.Range(0, Batch).Select(_ => (float)(0.5 + rng.NextDouble())).ToArray();
        float scale = 1f / Batch;

        var dp = new float[Batch * Classes];
        loss.Gradient(yTrue, p, weights, scale, dp, Batch, Classes);
        var chain = new double[Batch * Classes];
        for (int i = 0; i < Batch; i++)
        {
            // Softmax Jacobian-vector product: dz = p ⊙ (dp − Σ dp·p).
            double dot = 0;
            for (int j = 0; j < Classes; j++) dot += (double)dp[i * Classes + j] * p[i * Classes + j];
            for (int j = 0; j < Classes; j++) chain[i * Classes + j] = p[i * Classes + j] * (dp[i * Classes + j] - dot);
        }

        var fused = new float[Batch * Classes];
        Assert.True(loss.TryLogitGradient(Act.Softmax, yTrue, p, weights, scale, fused, Batch, Classes));
        Fixtures.AssertClose(chain, fused, 1e-6, 1e-5, variant + " fused vs chain rule");
    }

    [Theory]
    [InlineData(0f, false)]
    [InlineData(0f, true)]
    [InlineData(0.2f, true)]
    public void SigmoidBinaryCrossentropy_FusedGradient_EqualsChainRule(float smoothing, bool softLabels)
    {
        var rng = new Random(7 + (softLabels ? 1 : 0) + (int)(smoothing * 10));
        const int n = 3;
        var loss = new BinaryCrossentropy(labelSmoothing: smoothing);
        var yTrue = new float[Batch * n];
        var p = new float[Batch * n];
        for (int k = 0; k < p.Length; k++)
        {
            yTrue[k] = softLabels ? (float)rng.NextDouble() : rng.Next(2);
            p[k] = (float)(1 / (1 + Math.Exp(-(rng.NextDouble() * 8 - 4)))); // σ(z), z ∈ [−4, 4]: never clipped
        }
        float[] weights = Enumerable.Range(0, Batch).Select(_ => (float)(0.5 + rng.NextDouble())).ToArray();
        float scale = 1f / Batch;

        var dp = new float[Batch * n];
        loss.Gradient(yTrue, p, weights, scale, dp, Batch, n);
        // Sigmoid Jacobian (diagonal): dz = dp · p(1 − p).
        double[] chain = dp.Select((g, k) => g * (double)p[k] * (1 - (double)p[k])).ToArray();

        var fused = new float[Batch * n];
        Assert.True(loss.TryLogitGradient(Act.Sigmoid, yTrue, p, weights, scale, fused, Batch, n));
        Fixtures.AssertClose(chain, fused, 1e-6, 1e-5, "sigmoid + bce fused vs chain rule");
    }

    [Fact]
    public void TryLogitGradient_DeclinesOtherPairings()
    {
        var buffer = new float[4];
        float[] t = [0, 1, 0, 1], p = [0.2f, 0.8f, 0.3f, 0.7f];
        Assert.False(new CategoricalCrossentropy().TryLogitGradient(Act.Sigmoid, t, p, [], 1, buffer, 2, 2));
        Assert.False(new CategoricalCrossentropy(fromLogits: true).TryLogitGradient(Act.Softmax, t, p, [], 1, buffer, 2, 2));
        Assert.False(new SparseCategoricalCrossentropy(fromLogits: true).TryLogitGradient(Act.Softmax, [1, 0], p, [], 1, buffer, 2, 2));
        Assert.False(new BinaryCrossentropy().TryLogitGradient(Act.Softmax, t, p, [], 1, buffer, 2, 2));
        Assert.False(new BinaryCrossentropy(fromLogits: true).TryLogitGradient(Act.Sigmoid, t, p, [], 1, buffer, 2, 2));
        Assert.False(new MeanSquaredError().TryLogitGradient(Act.Linear, t, p, [], 1, buffer, 2, 2));
    }
}
