using GenNet;

namespace Tutorials.BostonHousing;

// replaced by Metric "mae" when metrics land
/// <summary>Keras' <c>"mae"</c> metric: the running mean over samples of <c>mean_j |y_true − y_pred|</c>.</summary>
public sealed class MeanAbsoluteErrorMetric : Metric
{
    /// <inheritdoc/>
    public override string Name => "mae";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        for (int i = 0; i < batch; i++)
        {
            float sum = 0;
            for (int j = 0; j < n; j++) sum += MathF.Abs(yTrue[i * n + j] - yPred[i * n + j]);
            values[i] = sum / n;
        }
    }
}
