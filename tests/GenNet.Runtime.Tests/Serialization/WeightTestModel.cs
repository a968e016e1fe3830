namespace GenNet.Tests.Serialization;

/// <summary>
/// A model with a hand-written <see cref="ModelInfo"/> and weights drawn from its seed, for weight-file tests.
/// It has no computation: forward and backward refuse to run.
/// </summary>
internal sealed class WeightTestModel(ModelInfo info, int seed) : Model(info, seed)
{
    /// <summary>
    /// Dense(4) → BatchNormalization → Dense(2) on 3 inputs: trainable kernels, biases, gamma and beta in
    /// <see cref="Model.Parameters"/>, the moving statistics in <see cref="Model.State"/>.
    /// </summary>
    public static ModelInfo Mlp(string fingerprint = "mlp-fingerprint", string name = "sequential") => new(
        name, [3], [2],
        [
            new LayerInfo("dense", "Dense", [4], 16, 16),
            new LayerInfo("batch_normalization", "BatchNormalization", [4], 16, 8),
            new LayerInfo("dense_1", "Dense", [2], 10, 10),
        ],
        [
            new WeightInfo("dense.kernel", [3, 4], 0, true),
            new WeightInfo("dense.bias", [4], 12, true),
            new WeightInfo("batch_normalization.gamma", [4], 16, true),
            new WeightInfo("batch_normalization.beta", [4], 20, true),
            new WeightInfo("batch_normalization.moving_mean", [4], 0, false),
            new WeightInfo("batch_normalization.moving_variance", [4], 4, false),
            new WeightInfo("dense_1.kernel", [4, 2], 24, true),
            new WeightInfo("dense_1.bias", [2], 32, true),
        ],
        ParameterCount: 34, StateCount: 8, ActivationsPerSample: 1, ActivationGradientsPerSample: 1, ScratchSize: 0, OutputOffset: 0,
        OutputActivation: "linear", Fingerprint: fingerprint);

    /// <summary>One trainable weight <c>w</c> [2] and one state weight <c>s</c> [1]: small enough to spell out byte by byte.</summary>
    public static ModelInfo Tiny() => new(
        "tiny", [2], [2],
        [new LayerInfo("layer", "Custom", [2], 3, 2)],
        [new WeightInfo("w", [2], 0, true), new WeightInfo("s", [1], 0, false)],
        ParameterCount: 2, StateCount: 1, ActivationsPerSample: 1, ActivationGradientsPerSample: 1, ScratchSize: 0, OutputOffset: 0,
        OutputActivation: "linear", Fingerprint: "fp");

    protected override void InitializeParameters(Span<float> parameters, Span<float> state, Rng rng)
    {
        for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)rng.NextGaussian();
        for (int i = 0; i < state.Length; i++) state[i] = (float)rng.NextGaussian();
    }

    protected override void Forward(ReadOnlySpan<float> parameters, Span<float> state, ReadOnlySpan<float> input,
        Span<float> activations, Span<float> scratch, int batch, bool training, Rng? random) =>
        throw new InvalidOperationException("WeightTestModel has no forward pass.");

    protected override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> activations,
        ReadOnlySpan<float> outputGradient, Span<float> activationGradients, Span<float> gradients, Span<float> scratch, int batch,
        bool outputGradientIsLogits) =>
        throw new InvalidOperationException("WeightTestModel has no backward pass.");

    /// <summary>Every float of both buffers as raw bits, so NaN payloads and -0 compare exactly.</summary>
    public (uint[] Parameters, uint[] State) Bits() => (
        Parameters.ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray(),
        State.ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray());

    /// <summary>The file <see cref="Model.Save(Stream)"/> writes.</summary>
    public byte[] SaveToBytes()
    {
        var stream = new MemoryStream();
        Save(stream);
        return stream.ToArray();
    }
}
