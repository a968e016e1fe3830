using GenNet.Tests.Onnx;

namespace GenNet.Tests.Vision;

/// <summary>
/// Inference folds convolution → BatchNormalization (→ relu/relu6) chains into one call (the generator's BatchNormFolding):
/// within 1e-5 of the separate layers, which training still runs. The ONNX, allocation and thread tests of
/// <see cref="VisionModelTests"/> and <see cref="VisionOnnxExportTests"/> run on <see cref="VisionFoldedModel"/> too.
/// </summary>
public class BatchNormFoldingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void FoldedInference_MatchesTheSeparateLayers(int batch)
    {
        var model = new VisionFoldedModel(seed: 5);
        var random = new Random(5);
        OnnxExportTests.Randomize(model, random);
        float[] x = OnnxExportTests.RandomInputs(batch * model.Info.InputSize, random);
        var folded = new float[batch * model.Info.OutputSize];
        model.Predict(x, folded);

        // Frozen, a BatchNormalization normalises with its moving statistics in training too: the chain unfolded.
        foreach (LayerInfo layer in model.Info.Layers.Where(l => l.TypeName == "BatchNormalization")) model.Layers[layer.Name].Trainable = false;
        float[] state = model.State.ToArray();
        var activations = new float[batch * model.Info.ActivationsPerSample];
        var scratch = new float[model.Info.ScratchSize];
        model.RunForward(x, activations, scratch, batch, training: true, random: null);
        float[] separate = activations.AsSpan(model.Info.OutputOffset * batch, batch * model.Info.OutputSize).ToArray();

        Assert.Equal(state, model.State.ToArray());
        double max = OnnxExportTests.MaxError(separate, folded, out double excess);
        Assert.True(excess <= 0, $"max |folded − separate| = {max:E2} exceeds 1e-5 (abs + rel)");
        Assert.True(folded.All(float.IsFinite));
    }

    [Fact]
    public void FoldInference_IsTheNormalizationOfTheBiasedConvolution()
    {
        float[] gamma = { 1.5f, -0.5f }, beta = { 0.25f, 1f }, mean = { 0.1f, -2f }, variance = { 4f, 0.25f }, bias = { 0.5f, -1f };
        var scaleShift = new float[4];
        GenNet.Kernels.BatchNormalizationKernel.FoldInference(gamma, beta, mean, variance, bias, scaleShift, 2, 0.001f);
        float[] z = { 3f, -1f, -0.5f, 2f };
        float[] y = (float[])z.Clone();
        GenNet.Kernels.BatchNormalizationKernel.ApplyFolded(y, scaleShift, 2, 2, 0f, 6f);
        for (int i = 0; i < z.Length; i++)
        {
            int c = i % 2;
            // Keras: gamma · (z + bias − mean) / sqrt(variance + epsilon) + beta, then relu6, in double.
            double expected = gamma[c] * (z[i] + (double)bias[c] - mean[c]) / Math.Sqrt(variance[c] + 0.001) + beta[c];
            Assert.Equal(Math.Min(Math.Max(expected, 0), 6), y[i], 5);
        }
    }
}
