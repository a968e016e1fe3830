namespace GenNet;

/// <summary>
/// A Keras loss: a per-sample value <c>l_i</c> (reduced over the last axis) and its gradient. The training loop
/// reduces with Keras' default <c>"sum_over_batch_size"</c>: <c>loss = Σ_i w_i·l_i / N</c>, N = samples in the batch.
/// </summary>
/// <remarks>Implementations are stateless and allocate nothing per call.</remarks>
public abstract partial class Loss
{
    /// <summary>Keras name, e.g. <c>"binary_crossentropy"</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Floats of <c>y_true</c> per sample for a model with <paramref name="outputSize"/> outputs: the output size,
    /// or 1 for sparse (integer-label) losses.
    /// </summary>
    public virtual int LabelSize(int outputSize) => outputSize;

    /// <summary>
    /// Per-sample losses <c>l_i</c> of <paramref name="batch"/> rows: <c>yPred[batch, n]</c>,
    /// <c>yTrue[batch, LabelSize(n)]</c>, <c>perSample[batch]</c>.
    /// </summary>
    public abstract void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n);

    /// <summary>
    /// <c>dyPred[i, j] = scale · w_i · ∂l_i/∂yPred[i, j]</c>, with <c>w_i</c> from <paramref name="sampleWeight"/> (empty: all 1).
    /// The loop passes <c>scale = 1/N</c>, which makes this the gradient of the reduced loss.
    /// </summary>
    public abstract void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n);

    /// <summary>
    /// When this loss composes with <paramref name="outputActivation"/> into a simple gradient with respect to the
    /// activation's input (softmax + categorical cross-entropy: <c>p·Σt − t</c>; sigmoid + binary cross-entropy:
    /// <c>(p − t)/n</c>), writes that gradient (scaled as in <see cref="Gradient"/>) into <paramref name="dLogits"/> and
    /// returns true. The default is false: the loop then uses <see cref="Gradient"/> and the activation's own gradient.
    /// </summary>
    public virtual bool TryLogitGradient(string outputActivation, ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred,
        ReadOnlySpan<float> sampleWeight, float scale, Span<float> dLogits, int batch, int n) => false;
}
