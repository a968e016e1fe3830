using GenNet.Tests.Support;
namespace GenNet.Tests.Models;

/// <summary>
/// Generated convolutional models (Conv2D, BatchNormalization, pooling, Flatten/Reshape views, Dropout) end to end:
/// gradients by central differences, training versus inference behaviour, and no allocation after warm-up.
/// </summary>
public class ConvModelTests
{
    [Fact]
    public void ConvBatchNormPool_GradientsMatchCentralDifferences()
    {
        var model = new SmallConvBatchNormModel(seed: 5);
        var rng = new Rng(11);
        const int batch = 5;
        float[] x = Enumerable.Range(0, batch * SmallConvBatchNormModel.InputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, batch).Select(i => i % 3).ToArray(), 3);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
        model.TrainOnBatch(x, y);
        float[] analytic = model.Gradients.ToArray();
        Assert.Contains(analytic, g => g != 0);

        // BatchNormalization normalises with the batch statistics in training, so the loss to differentiate is the
        // training-mode loss: TrainOnBatch with learning rate 0 returns it and leaves the weights in place (the moving
        // statistics it updates do not enter the training forward pass).
        // Smaller than the Dense checks' 1e-2: a step of 1e-2 moves some max-pooling winners, and the difference
        // quotient then straddles a kink. Float32 loss noise (~1e-7) stays far below the tolerance at this step.
        const float h = 1e-3f;
        var parameters = model.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            float saved = parameters[i];
            parameters[i] = saved + h;
            double plus = model.TrainOnBatch(x, y);
            parameters[i] = saved - h;
            double minus = model.TrainOnBatch(x, y);
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * (double)h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"parameter {i}: analytic {analytic[i]}, central difference {numeric}");
        }
    }

    [Fact]
    public void BatchNormalization_TrainingUpdatesMovingStatistics_PredictLeavesThem()
    {
        var model = new SmallConvBatchNormModel(seed: 1);
        Assert.Equal(new[] { 0f, 0f, 0f }, model.BatchNormalizationMovingMean.ToArray());
        Assert.Equal(new[] { 1f, 1f, 1f }, model.BatchNormalizationMovingVariance.ToArray());
        float[] x = Enumerable.Range(0, 4 * SmallConvBatchNormModel.InputSize).Select(i => (i % 13) * 0.1f + 0.5f).ToArray();
        float[] y = Encoding.OneHot(new[] { 0, 1, 2, 0 }, 3);

        float[] predicted = new float[4 * 3];
        model.Predict(x, predicted);
        Assert.Equal(new[] { 0f, 0f, 0f }, model.BatchNormalizationMovingMean.ToArray());

        model.Compile(Loss.CategoricalCrossentropy, new SGD(0.01f));
        model.TrainOnBatch(x, y);
        Assert.All(model.BatchNormalizationMovingMean.ToArray(), m => Assert.NotEqual(0f, m));
        Assert.Equal(2 * 3, SmallConvBatchNormModel.StateCount);
        LayerInfo layer = SmallConvBatchNormModel.ModelInfo.Layers.Single(l => l.TypeName == "BatchNormalization");
        Assert.Equal((12, 6), (layer.ParameterCount, layer.TrainableCount));
    }

    [Fact]
    public void SaveAndLoad_RoundTripsParametersAndMovingStatistics()
    {
        var trained = new SmallConvBatchNormModel(seed: 1);
        trained.Compile(Loss.CategoricalCrossentropy, new SGD(0.1f));
        float[] x = Enumerable.Range(0, 4 * SmallConvBatchNormModel.InputSize).Select(i => (i % 9) * 0.1f).ToArray();
        trained.TrainOnBatch(x, Encoding.OneHot(new[] { 0, 1, 2, 1 }, 3));
        var stream = new MemoryStream();
        trained.Save(stream);

        var loaded = new SmallConvBatchNormModel(seed: 2);
        stream.Position = 0;
        loaded.Load(stream);
        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(trained.State.ToArray(), loaded.State.ToArray());
        float[] a = new float[4 * 3], b = new float[4 * 3];
        trained.Predict(x, a);
        loaded.Predict(x, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Dropout_DropsInTrainingOnly_AndIsReproducibleFromTheSeed()
    {
        float[] x = Enumerable.Range(0, 6 * SmallConvDropoutModel.InputSize).Select(i => (i % 7) * 0.2f - 0.6f).ToArray();
        float[] y = Encoding.OneHot(new[] { 0, 1, 2, 0, 1, 2 }, 3);
        var first = new SmallConvDropoutModel(seed: 2);
        var second = new SmallConvDropoutModel(seed: 2);
        float[] a = new float[6 * 3], b = new float[6 * 3];
        first.Predict(x, a);
        first.Predict(x, b);
        Assert.Equal(a, b);

        first.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
        second.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
        double l1 = first.TrainOnBatch(x, y), l2 = first.TrainOnBatch(x, y);
        Assert.NotEqual(l1, l2); // a fresh mask each step
        Assert.Equal(l1, second.TrainOnBatch(x, y)); // the same masks from the same seed
    }

    [Fact]
    public void SmallConvModels_Predict_AfterWarmUp_AllocatesNothing()
    {
        var model = new SmallConvDropoutModel(seed: 3);
        float[] x = Enumerable.Range(0, 7 * SmallConvDropoutModel.InputSize).Select(i => i * 0.01f).ToArray();
        float[] y = new float[7 * SmallConvDropoutModel.OutputSize];
        var single = new float[SmallConvDropoutModel.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            model.Predict(x, y);
            model.Predict(x.AsSpan(0, SmallConvDropoutModel.InputSize), single);
        });
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void SmallConvModel_TrainOnBatch_AfterWarmUp_AllocatesNothing(string optimizer)
    {
        var model = new SmallConvDropoutModel(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, optimizer, Metric.Accuracy);
        const int batch = 8;
        float[] x = Enumerable.Range(0, batch * SmallConvDropoutModel.InputSize).Select(i => (i % 11) * 0.1f - 0.5f).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, batch).Select(i => i % 3).ToArray(), 3);
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, y));
    }

    [Fact]
    public void SmallConvModel_FitsTinyData()
    {
        var model = new SmallConvBatchNormModel(seed: 7);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f), Metric.Accuracy);
        var rng = new Rng(3);
        int[] labels = Enumerable.Range(0, 24).Select(i => i % 3).ToArray();
        // Class k lights up channel k % 2 in band k of the image: learnable by a conv + dense.
        float[] x = labels.SelectMany(k => Enumerable.Range(0, SmallConvBatchNormModel.InputSize)
            .Select(i => (i / 2 / 6 / 2 == k && i % 2 == k % 2 ? 1f : 0f) + rng.NextSingle() * 0.1f)).ToArray();
        float[] y = Encoding.OneHot(labels, 3);
        model.Output = TextWriter.Null;
        model.Fit(x, y, epochs: 30, batchSize: 8, verbose: 0);
        Assert.True(model.Evaluate(x, y, verbose: 0).Metrics["accuracy"] >= 0.9);
    }
}
