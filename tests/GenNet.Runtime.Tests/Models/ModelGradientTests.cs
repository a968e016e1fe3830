namespace GenNet.Tests.Models;

/// <summary>
/// The generated backward pass against central differences of the generated forward pass, for whole models.
/// SGD with learning rate 0 leaves the weights in place, so <see cref="Model.Gradients"/> holds dL/dθ of the batch.
/// </summary>
public class ModelGradientTests
{
    [Fact]
    public void TanhSoftmax_CrossEntropy_GradientsMatchCentralDifferences()
    {
        var model = new TanhSoftmaxModel(seed: 4);
        var (x, y) = ModelDeterminismTests.Data(seed: 8, count: 12);
        CheckGradients(model, Loss.CategoricalCrossentropy, x, y);
    }

    [Fact]
    public void ReluChain_FusedReluGradients_MatchCentralDifferences()
    {
        var model = new ReluChainModel(seed: 4);
        var (x, y) = ModelDeterminismTests.Data(seed: 9, count: 12);
        // Two relu layers over 12 samples put kinks within 1e-2 of some weights: a smaller step.
        CheckGradients(model, Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }

    [Fact]
    public void SigmoidStack_BinaryCrossentropy_GradientsMatchCentralDifferences()
    {
        var model = new SigmoidStackModel(seed: 4);
        var rng = new Rng(3);
        var x = Enumerable.Range(0, 10 * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        var y = Enumerable.Range(0, 10).Select(i => (float)(i % 2)).ToArray();
        CheckGradients(model, Loss.BinaryCrossentropy, x, y);
    }

    [Fact]
    public void Regression_MeanSquaredError_GradientsMatchCentralDifferences()
    {
        var model = new RegressionModel(seed: 4);
        var rng = new Rng(5);
        var x = Enumerable.Range(0, 9 * 3).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        var y = Enumerable.Range(0, 9 * 2).Select(_ => rng.NextSingle()).ToArray();
        CheckGradients(model, Loss.MeanSquaredError, x, y);
    }

    [Fact]
    public void RankTwoInput_DenseOnLastAxis_GradientsMatchCentralDifferences()
    {
        var model = new RankTwoInputModel(seed: 4);
        var rng = new Rng(6);
        var x = Enumerable.Range(0, 5 * 6).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        var y = Enumerable.Range(0, 5 * 4).Select(_ => rng.NextSingle()).ToArray();
        CheckGradients(model, Loss.MeanSquaredError, x, y);
    }

    [Fact]
    public void FusedSoftmaxCrossEntropy_EqualsTheUnfusedChainRule()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 8, count: 12);
        var fused = new TanhSoftmaxModel(seed: 4);
        fused.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
        fused.TrainOnBatch(x, y);
        var unfused = new TanhSoftmaxModel(seed: 4);
        unfused.Compile(new NonFusingLoss(Loss.CategoricalCrossentropy), new SGD(0f));
        unfused.TrainOnBatch(x, y);

        var a = fused.Gradients.ToArray();
        var b = unfused.Gradients.ToArray();
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 + 1e-4 * Math.Abs(b[i]), $"gradient[{i}]: fused {a[i]}, unfused {b[i]}");
    }

    /// <param name="h">The step of the central differences; smaller where relu kinks lie close to the inputs.</param>
    internal static void CheckGradients(Model model, Loss loss, float[] x, float[] y, float h = 1e-2f)
    {
        model.Compile(loss, new SGD(0f));
        model.TrainOnBatch(x, y);
        var analytic = model.Gradients.ToArray();
        Assert.Contains(analytic, g => g != 0);

        var parameters = model.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            float saved = parameters[i];
            parameters[i] = saved + h;
            double plus = model.Evaluate(x, y, batchSize: 1000, verbose: 0).Loss;
            parameters[i] = saved - h;
            double minus = model.Evaluate(x, y, batchSize: 1000, verbose: 0).Loss;
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * (double)h);
            // Float32 losses and an O(h²) truncation error bound what central differences can resolve; a wrong
            // factor, sign or missing term is far outside this.
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"{model.GetType().Name} parameter {i}: analytic {analytic[i]}, central difference {numeric}");
        }
    }

    /// <summary>A loss that hides its fused logit gradient, so the model back-propagates through the output activation.</summary>
    private sealed class NonFusingLoss(Loss inner) : Loss
    {
        public override string Name => inner.Name;
        public override int LabelSize(int outputSize) => inner.LabelSize(outputSize);
        public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
            inner.PerSample(yTrue, yPred, perSample, batch, n);
        public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, float scale, Span<float> dyPred, int batch, int n) =>
            inner.Gradient(yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
    }
}
