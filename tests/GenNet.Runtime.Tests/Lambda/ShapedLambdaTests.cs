using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Lambda;

/// <summary>Two uses of one shape-generic method at different sizes: (2, 2, 1) → (4, 4, 1) → (8, 8, 1).</summary>
[Sequential(2, 2, 1)]
[Lambda(typeof(ShapeOps), nameof(ShapeOps.UpSampleNearest), OutputShape = new[] { 4, 4, 1 })]
[Lambda(typeof(ShapeOps), nameof(ShapeOps.UpSampleNearest), OutputShape = new[] { 8, 8, 1 })]
public partial class TwiceUpSampledModel { }

/// <summary>A hand-written UpSampling2D between trainable layers: gradients flow through its shaped backward.</summary>
[Sequential(3, 3, 1)]
[Conv2D(2, 2, Activation = Act.Tanh)]
[Lambda(typeof(ShapeOps), nameof(ShapeOps.UpSampleNearest), Backward = nameof(ShapeOps.UpSampleNearestBackward), OutputShape = new[] { 4, 4, 2 })]
[Conv2D(2, 3, Activation = Act.Tanh)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class UpSampledConvModel { }

/// <summary>Keras' UpSampling2D (nearest) by whatever factor the shapes give, written once for every size.</summary>
public static class ShapeOps
{
    public static void UpSampleNearest(ReadOnlySpan<float> input, Span<float> output, int batch, ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape)
    {
        int h = inputShape[0], w = inputShape[1], c = inputShape[2], oh = outputShape[0], ow = outputShape[1];
        for (int s = 0; s < batch; s++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    for (int k = 0; k < c; k++)
                    {
                        output[((s * oh + i) * ow + j) * c + k] = input[((s * h + i * h / oh) * w + j * w / ow) * c + k];
                    }
                }
            }
        }
    }

    public static void UpSampleNearestBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient,
        Span<float> inputGradient, int batch, ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape)
    {
        int h = inputShape[0], w = inputShape[1], c = inputShape[2], oh = outputShape[0], ow = outputShape[1];
        inputGradient.Slice(0, batch * h * w * c).Clear();
        for (int s = 0; s < batch; s++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    for (int k = 0; k < c; k++)
                    {
                        inputGradient[((s * h + i * h / oh) * w + j * w / ow) * c + k] += outputGradient[((s * oh + i) * ow + j) * c + k];
                    }
                }
            }
        }
    }
}

/// <summary>A Lambda method may take the per-sample shapes, so one method serves every use (issue: UpSampling2D by hand).</summary>
public class ShapedLambdaTests
{
    [Fact]
    public void OneMethod_TwoSizes_EachCallSeesItsOwnShapes()
    {
        var model = new TwiceUpSampledModel(seed: 1);
        float[] x = { 1, 2, 3, 4, -1, -2, -3, -4 };   // two samples of (2, 2, 1)
        float[] y = new float[2 * 64];
        model.Predict(x, y);
        for (int s = 0; s < 2; s++)
        {
            for (int i = 0; i < 8; i++)
            {
                for (int j = 0; j < 8; j++) Assert.Equal(x[s * 4 + (i / 4) * 2 + j / 4], y[s * 64 + i * 8 + j]);
            }
        }
    }

    [Fact]
    public void ShapedBackward_GradientsMatchCentralDifferences()
    {
        var model = new UpSampledConvModel(seed: 5);
        var rng = new Random(3);
        float[] x = new float[6 * 9];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        float[] y = new float[6 * 3];
        for (int s = 0; s < 6; s++) y[s * 3 + s % 3] = 1;
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y);
    }

    [Fact]
    public void ShapedLambda_TrainOnBatchAndPredict_AfterWarmUp_AllocateNothing()
    {
        var model = new UpSampledConvModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        float[] x = new float[8 * 9], y = new float[8 * 3], predictions = new float[8 * 3];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 7) / 7f;
        for (int s = 0; s < 8; s++) y[s * 3 + s % 3] = 1;
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            model.TrainOnBatch(x, y);
            model.Predict(x, predictions);
        });
    }
}
