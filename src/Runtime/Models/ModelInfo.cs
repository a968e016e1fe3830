namespace GenNet;

/// <summary>
/// What the generator knows about a model, handed to the runtime once as a static value: shapes, layers,
/// where every weight lives in the flat buffers, and how big the per-sample workspaces are.
/// </summary>
/// <param name="Name">Keras model name, e.g. <c>"sequential"</c>.</param>
/// <param name="InputShape">Per-sample input shape (no batch axis).</param>
/// <param name="OutputShape">Per-sample output shape (no batch axis).</param>
/// <param name="Layers">Layers in order, as <c>Summary()</c> lists them.</param>
/// <param name="Weights">Every weight tensor: trainable ones in <see cref="Model.Parameters"/>, the others in <see cref="Model.State"/>.</param>
/// <param name="ParameterCount">Length of the trainable parameter buffer.</param>
/// <param name="StateCount">Length of the non-trainable state buffer (e.g. BatchNormalization moving statistics).</param>
/// <param name="ActivationsPerSample">Floats of forward workspace per sample; a batch of B needs B times as many.</param>
/// <param name="ActivationGradientsPerSample">Floats of backward workspace per sample.</param>
/// <param name="ScratchSize">
/// Floats of scratch one Forward/Backward needs, independent of the batch size (Conv2D im2col space, BatchNormalization
/// batch statistics); the runtime allocates it once per workspace.
/// </param>
/// <param name="OutputOffset">Where the output starts in the forward workspace, per sample (times B for a batch).</param>
/// <param name="OutputActivation">The activation of the last layer (<c>"softmax"</c>, <c>"sigmoid"</c>, <c>"linear"</c>, …), for loss fusion.</param>
/// <param name="Fingerprint">A digest of the architecture; weight files carry it so a file loads only into the model it came from.</param>
public sealed record ModelInfo(
    string Name,
    int[] InputShape,
    int[] OutputShape,
    LayerInfo[] Layers,
    WeightInfo[] Weights,
    int ParameterCount,
    int StateCount,
    int ActivationsPerSample,
    int ActivationGradientsPerSample,
    int ScratchSize,
    int OutputOffset,
    string OutputActivation,
    string Fingerprint)
{
    /// <summary>Floats per input sample (product of <see cref="InputShape"/>).</summary>
    public int InputSize { get; } = Product(InputShape);

    /// <summary>Floats per output sample (product of <see cref="OutputShape"/>).</summary>
    public int OutputSize { get; } = Product(OutputShape);

    private InputInfo[]? _inputs;
    private OutputInfo[]? _outputs;

    /// <summary>
    /// The model's inputs in declaration order. A model with one unnamed input has one, <c>"input_layer"</c>, covering
    /// <see cref="InputShape"/>. With several, <see cref="InputShape"/> is the packed row <c>[InputSize]</c> (every input's
    /// values side by side) and the generated <c>Forward</c> reads input <c>k</c> at
    /// <c>input[Offset_k · batch, (Offset_k + Size_k) · batch)</c>.
    /// </summary>
    public InputInfo[] Inputs
    {
        get => _inputs ??= [new InputInfo("input_layer", InputShape, 0)];
        init => _inputs = value;
    }

    /// <summary>
    /// The model's outputs in order. A model with one output has one, named after its last layer. With several,
    /// <see cref="OutputShape"/> is the packed row <c>[OutputSize]</c>, output <c>k</c> lives in the forward workspace at
    /// <c>Offset_k · batch</c> and its loss gradient goes to <c>outputGradient[GradientOffset_k · batch, …)</c> of
    /// <c>Backward</c> (which then never fuses a loss with an activation).
    /// </summary>
    public OutputInfo[] Outputs
    {
        get => _outputs ??= [new OutputInfo(Layers.Length > 0 ? Layers[^1].Name : "output", OutputShape, OutputOffset, 0)];
        init => _outputs = value;
    }

    /// <summary>
    /// Keras' mask on the output: when an <c>Embedding(MaskZero = true)</c> masks the steps of the (single) output (the
    /// mask passed on through recurrent layers with return_sequences and per-step layers), the per-sample offset in the
    /// packed input row of the token ids, one per output step, whose zeros mask them; -1 when the output carries no mask.
    /// The loss then averages over the unmasked steps only and the metrics count only those (Keras' <c>apply_mask</c>).
    /// </summary>
    public int OutputMaskOffset { get; init; } = -1;

    private static int Product(int[] shape)
    {
        int p = 1;
        foreach (int d in shape) p *= d;
        return p;
    }
}

/// <summary>One row of the model summary.</summary>
/// <param name="Name">Keras layer name, e.g. <c>"dense_1"</c>.</param>
/// <param name="TypeName">Keras class name, e.g. <c>"Dense"</c>.</param>
/// <param name="OutputShape">Per-sample output shape.</param>
/// <param name="ParameterCount">All weights of the layer, trainable or not.</param>
/// <param name="TrainableCount">The trainable part of <paramref name="ParameterCount"/>.</param>
/// <param name="Inbound">
/// Functional models: the names of the layers this one reads (<c>"input_layer"</c> for the model input), which
/// <c>Summary()</c> shows as "Connected to"; null for Sequential models.
/// </param>
public sealed record LayerInfo(string Name, string TypeName, int[] OutputShape, int ParameterCount, int TrainableCount, string[]? Inbound = null)
{
    private static readonly IReadOnlyDictionary<string, string> NoConfig = new Dictionary<string, string>();

    /// <summary>
    /// The layer's configuration as Keras' <c>get_config()</c> names it, values as invariant text (pairs joined with a
    /// comma): Dense <c>units</c>, <c>activation</c> (plus its options, e.g. <c>max_value</c>), <c>use_bias</c>; Conv2D
    /// <c>filters</c>, <c>kernel_size</c>, <c>strides</c>, <c>padding</c>, <c>dilation_rate</c>, <c>activation</c>,
    /// <c>use_bias</c>; pooling <c>pool_size</c>, <c>strides</c>, <c>padding</c>; BatchNormalization <c>axis</c>,
    /// <c>momentum</c>, <c>epsilon</c>, <c>center</c>, <c>scale</c>; Dropout <c>rate</c>; Activation <c>activation</c>.
    /// Empty for layers whose shape says everything (Flatten, Reshape, GlobalAveragePooling2D). Exporters (ONNX) read it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = NoConfig;

    /// <summary>
    /// A shared layer's further call (<c>[Reuse("dense")]</c>): the name of the layer whose weights it uses (its own
    /// <see cref="ParameterCount"/> is 0, so weights count once); null otherwise.
    /// </summary>
    public string? Shares { get; init; }

    /// <summary>
    /// Whether training must run the whole batch through this layer at once (BatchNormalization's batch statistics): a
    /// model with such a layer trains each batch as one chunk, on one thread. Written by the generator from the layer's spec.
    /// </summary>
    public bool NeedsWholeBatch { get; init; }

    /// <summary>
    /// The layer's declared <c>Trainable</c> (Keras <c>trainable</c>), the starting value of <see cref="Layer.Trainable"/>;
    /// written by the generator from the attribute's <c>Trainable = false</c>.
    /// </summary>
    public bool Trainable { get; init; } = true;

    /// <summary>
    /// A layer with several outputs (<c>ReturnState</c>: Keras' <c>[output, h, c]</c>, a Bidirectional's
    /// <c>[output, fw_h, fw_c, bw_h, bw_c]</c>): the per-sample shapes of outputs 1, 2, … after <see cref="OutputShape"/>,
    /// which <c>Summary()</c> lists as Keras does, <c>[(None, 5, 4), (None, 4), (None, 4)]</c>; null for one output.
    /// </summary>
    public int[][]? ExtraOutputShapes { get; init; }
}

/// <summary>One input of a model.</summary>
/// <param name="Name">Node name, e.g. <c>"image"</c> (<c>[Input("image", 28, 28, 1)]</c>).</param>
/// <param name="Shape">Per-sample shape.</param>
/// <param name="Offset">Per-sample offset in a packed input row; in <c>Forward</c>'s <c>input</c> the region starts at <c>Offset · batch</c>.</param>
public sealed record InputInfo(string Name, int[] Shape, int Offset)
{
    /// <summary>Floats per sample (product of <see cref="Shape"/>).</summary>
    public int Size { get; } = Shape.Aggregate(1, (a, b) => a * b);
}

/// <summary>One output of a model.</summary>
/// <param name="Name">Node name, the key of its loss, loss weight and metrics in <c>Compile</c>.</param>
/// <param name="Shape">Per-sample shape.</param>
/// <param name="Offset">Per-sample offset of its tensor in the forward workspace (times the batch).</param>
/// <param name="GradientOffset">Per-sample offset in a packed output row and, times the batch, of its loss gradient in <c>Backward</c>'s <c>outputGradient</c>.</param>
public sealed record OutputInfo(string Name, int[] Shape, int Offset, int GradientOffset)
{
    /// <summary>Floats per sample (product of <see cref="Shape"/>).</summary>
    public int Size { get; } = Shape.Aggregate(1, (a, b) => a * b);
}

/// <summary>One weight tensor and where it lives.</summary>
/// <param name="Name">Keras-style key, e.g. <c>"dense_1.kernel"</c>.</param>
/// <param name="Shape">Tensor shape; Dense kernels are <c>[inputs, units]</c>.</param>
/// <param name="Offset">Start in the parameter buffer (trainable) or the state buffer (not trainable).</param>
/// <param name="Trainable">Whether the optimizer updates it.</param>
public sealed record WeightInfo(string Name, int[] Shape, int Offset, bool Trainable)
{
    /// <summary>Number of floats (product of <see cref="Shape"/>).</summary>
    public int Length { get; } = Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The layer's regularizer for this weight (Keras <c>kernel_regularizer</c>, …), or null.</summary>
    public WeightRegularizer? Regularizer { get; init; }

    /// <summary>The layer's constraint for this weight (Keras <c>kernel_constraint</c>, …), or null.</summary>
    public WeightConstraint? Constraint { get; init; }
}
