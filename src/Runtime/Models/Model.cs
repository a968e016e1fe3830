using GenNet.Quantization;

namespace GenNet;

/// <summary>
/// The runtime half of every GenNet model. The generator writes a <c>partial</c> class deriving from this one with
/// constant shapes and the straight-line <see cref="Forward"/>, <see cref="Backward"/> and
/// <see cref="InitializeParameters"/>; everything shape-independent lives here (buffers, Predict, summary, weight files)
/// or, from <see cref="O:GenNet.Model.Compile"/> on, in the model's trainer (Fit, Evaluate, TrainOnBatch; src/Runtime/Training).
/// </summary>
/// <remarks>
/// Buffers: all trainable weights live in one contiguous <see cref="Parameters"/> array, their gradients in
/// <see cref="Gradients"/> with the same layout, non-trainable weights in <see cref="State"/>. The offsets are
/// constants of the generated class and are listed in <see cref="ModelInfo.Weights"/>.
/// </remarks>
public abstract partial class Model
{
    // 64-byte aligned, like the int8 weights: a kernel's vector loads of a weight at a cache-line boundary never straddle
    // two lines (the imported CNN's second convolution ran 20–30% slower with its kernel 16–48 bytes past one).
    private readonly AlignedArray<float> _parameterBuffer;
    private readonly AlignedArray<float> _gradientBuffer;
    private readonly AlignedArray<float> _stateBuffer;

    /// <summary>Creates the buffers and draws the initial weights from <paramref name="seed"/>.</summary>
    protected Model(ModelInfo info, int seed)
    {
        Info = info;
        _parameterBuffer = new AlignedArray<float>(info.ParameterCount);
        _gradientBuffer = new AlignedArray<float>(info.ParameterCount);
        _stateBuffer = new AlignedArray<float>(info.StateCount);
        Seed = seed;
        InitializeParameters(ParameterSpan, StateSpan, new Rng((ulong)(uint)seed));
    }

    private Span<float> ParameterSpan => _parameterBuffer.Span;

    private Span<float> StateSpan => _stateBuffer.Span;

    /// <summary>Shapes, layers and weight layout of this model.</summary>
    public ModelInfo Info { get; }

    /// <summary>The seed the weights were drawn from; shuffling and dropout derive their streams from it too.</summary>
    public int Seed { get; }

    /// <summary>All trainable weights, layer after layer (see <see cref="ModelInfo.Weights"/> for offsets).</summary>
    /// <remarks>
    /// The span is writable, so every get counts as a write: it bumps <see cref="WeightsVersion"/>, and what Predict derived
    /// from the weights (the Embedding → LSTM/GRU projection tables) is rebuilt on its next call. A span taken before a
    /// Predict and written after it is not seen by that counter: take the span again (or read <see cref="Parameters"/>
    /// once more) after writing, before the next Predict. The generated per-layer properties (<c>DenseKernel</c>, …) slice
    /// this property, so the same holds for them.
    /// </remarks>
    public Span<float> Parameters
    {
        get
        {
            WeightsWritten();
            return ParameterSpan;
        }
    }

    /// <summary>The trainable weights for the runtime's own reads (ONNX export, quantization): no version bump.</summary>
    internal ReadOnlySpan<float> ParameterValues => ParameterSpan;

    /// <summary>Gradients of the last training step, in the layout of <see cref="Parameters"/>.</summary>
    public Span<float> Gradients => _gradientBuffer.Span;

    /// <summary>Non-trainable weights (moving statistics), in the layout of <see cref="ModelInfo.Weights"/>.</summary>
    public Span<float> State => StateSpan;

    /// <summary>Draws the initial weights with each layer's initializer. Written by the generator.</summary>
    protected abstract void InitializeParameters(Span<float> parameters, Span<float> state, Rng rng);

    /// <summary>
    /// Runs the layers on <paramref name="batch"/> samples of <paramref name="input"/> (<c>batch × InputSize</c>,
    /// row-major) into <paramref name="activations"/> (<c>batch × ActivationsPerSample</c>); the output is at
    /// <c>OutputOffset × batch</c>. Written by the generator.
    /// </summary>
    /// <param name="parameters">Trainable weights (read only).</param>
    /// <param name="state">
    /// Non-trainable weights. Written only when <paramref name="training"/> (BatchNormalization updates its moving
    /// statistics); inference reads it, so concurrent inference calls with separate workspaces are safe.
    /// </param>
    /// <param name="input">
    /// The batch, <c>batch × InputSize</c>. With several inputs (<see cref="ModelInfo.Inputs"/>) input k is the region
    /// <c>[Offset_k · batch, (Offset_k + Size_k) · batch)</c>, its rows row-major (the runtime rearranges packed rows so).
    /// </param>
    /// <param name="activations">The forward workspace, <c>batch × ActivationsPerSample</c>.</param>
    /// <param name="scratch">
    /// <see cref="ModelInfo.ScratchSize"/> floats, independent of the batch: Conv2D's im2col space (shared by every
    /// convolution) and, per BatchNormalization layer, the <c>2·C</c> batch statistics its backward pass reads.
    /// </param>
    /// <param name="batch">Samples in <paramref name="input"/>.</param>
    /// <param name="training">Training mode: batch statistics, dropout masks; otherwise inference mode.</param>
    /// <param name="random">Draws the dropout masks in training; null in inference.</param>
    protected abstract void Forward(ReadOnlySpan<float> parameters, Span<float> state, ReadOnlySpan<float> input,
        Span<float> activations, Span<float> scratch, int batch, bool training, Rng? random);

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> (dL/d output, <c>batch × OutputSize</c>) through the
    /// activations of the last <see cref="Forward"/> and overwrites <paramref name="gradients"/> with dL/d parameters.
    /// When <paramref name="outputGradientIsLogits"/> is set the loss already folded in the output activation
    /// (softmax + cross-entropy, sigmoid + binary cross-entropy) and the last activation's gradient is skipped.
    /// <paramref name="scratch"/> is the buffer the training <see cref="Forward"/> filled (BatchNormalization reads its
    /// batch statistics there; Conv2D reuses the im2col space). With several outputs (<see cref="ModelInfo.Outputs"/>)
    /// <paramref name="outputGradient"/> holds output k's loss gradient at <c>GradientOffset_k · batch</c> and the runtime
    /// never fuses (<paramref name="outputGradientIsLogits"/> is false). Written by the generator.
    /// </summary>
    protected abstract void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> activations,
        ReadOnlySpan<float> outputGradient, Span<float> activationGradients, Span<float> gradients, Span<float> scratch, int batch,
        bool outputGradientIsLogits);

    /// <summary><see cref="Forward"/> over this model's weights and state, for the trainer (the generated method stays protected).</summary>
    internal void RunForward(ReadOnlySpan<float> input, Span<float> activations, Span<float> scratch, int batch, bool training, Rng? random) =>
        Forward(ParameterSpan, StateSpan, input, activations, scratch, batch, training, random);

    /// <summary><see cref="Backward"/> over this model's weights, for the trainer; <paramref name="gradients"/> is the model's or a chunk's.</summary>
    internal void RunBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> activations, ReadOnlySpan<float> outputGradient,
        Span<float> activationGradients, Span<float> gradients, Span<float> scratch, int batch, bool outputGradientIsLogits) =>
        Backward(ParameterSpan, input, activations, outputGradient, activationGradients, gradients, scratch, batch, outputGradientIsLogits);
}
