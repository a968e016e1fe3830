namespace GenNet.Tests.Support;

/// <summary>
/// A model with a hand-written <see cref="ModelInfo"/> and no computation, for testing what the runtime derives
/// from the info alone (summary text). Its forward and backward passes refuse to run.
/// </summary>
internal sealed class InfoOnlyModel(ModelInfo info) : Model(info, seed: 0)
{
    protected override void InitializeParameters(Span<float> parameters, Span<float> state, Rng rng) { }

    protected override void Forward(ReadOnlySpan<float> parameters, Span<float> state, ReadOnlySpan<float> input,
        Span<float> activations, Span<float> scratch, int batch, bool training, Rng? random) =>
        throw new InvalidOperationException("InfoOnlyModel has no forward pass.");

    protected override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> activations,
        ReadOnlySpan<float> outputGradient, Span<float> activationGradients, Span<float> gradients, Span<float> scratch, int batch,
        bool outputGradientIsLogits) =>
        throw new InvalidOperationException("InfoOnlyModel has no backward pass.");

    /// <summary>A ModelInfo whose layers are (name, type, shape, params, trainable).</summary>
    public static ModelInfo Describe(params (string Name, string Type, int[] Shape, int Params, int Trainable)[] layers) => new(
        "sequential", [1], layers[^1].Shape,
        layers.Select(l => new LayerInfo(l.Name, l.Type, l.Shape, l.Params, l.Trainable)).ToArray(),
        [new WeightInfo("all.kernel", [layers.Sum(l => l.Trainable)], 0, true)],
        layers.Sum(l => l.Trainable), layers.Sum(l => l.Params - l.Trainable), 1, 1, 0, 0, "linear", "test");
}
