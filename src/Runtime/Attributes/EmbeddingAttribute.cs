namespace GenNet;

/// <summary>
/// Keras <c>Embedding(input_dim, output_dim, embeddings_initializer="uniform", mask_zero=False)</c>: each token id of the
/// input becomes its row of the trainable table <c>embeddings[inputDim, outputDim]</c>, so an input <c>(steps)</c> gives
/// <c>(steps, outputDim)</c>. It must read a model input (the first layer, or an <see cref="InputAttribute"/> node).
/// </summary>
/// <remarks>
/// GenNet models take one float input, so the ids arrive as floats holding exact integers (<c>3f</c> for token 3);
/// every id is checked in <c>Predict</c> and in training, and one that is not an integer in <c>[0, inputDim)</c> throws
/// <see cref="ArgumentOutOfRangeException"/> naming the id, its position and <c>inputDim</c> (the table is never read
/// outside its rows). Floats hold every integer up to 2²⁴ exactly, so <c>inputDim</c> is limited to 16,777,216. No
/// gradient flows to the ids.
/// </remarks>
/// <example><code>
/// [Sequential(40)]                      // 40 token ids per sample
/// [Embedding(1000, 16)]
/// [Conv1D(32, 3, Activation = Act.Relu)]
/// [GlobalMaxPooling1D]
/// [Dense(2, Activation = Act.Softmax)]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute : LayerAttribute
{
    /// <summary>A table of <paramref name="inputDim"/> tokens (ids 0 … inputDim − 1), each a vector of <paramref name="outputDim"/> floats.</summary>
    public EmbeddingAttribute(int inputDim, int outputDim)
    {
        InputDim = inputDim;
        OutputDim = outputDim;
    }

    /// <summary>Vocabulary size: ids run from 0 to <c>InputDim − 1</c>; positive, at most 2²⁴.</summary>
    public int InputDim { get; }

    /// <summary>Length of each embedding vector; positive.</summary>
    public int OutputDim { get; }

    /// <summary>Initializer of the table; default Keras' <c>"uniform"</c>, i.e. <c>"random_uniform(-0.05, 0.05)"</c>.</summary>
    public string? EmbeddingsInitializer { get; set; }

    /// <summary>
    /// Keras <c>mask_zero</c>: id 0 marks padding for the recurrent layers after it. Recorded in the layer's
    /// configuration (<c>mask_zero</c>); masking is not applied yet: the lookup itself is the same either way, and no
    /// GenNet layer reads the mask so far. Default <c>false</c>.
    /// </summary>
    public bool MaskZero { get; set; }

    /// <summary>Keras <c>embeddings_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? EmbeddingsRegularizer { get; set; }

    /// <summary>Keras <c>embeddings_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? EmbeddingsConstraint { get; set; }

    /// <summary>Layer name; Keras' default is <c>embedding</c>, <c>embedding_1</c>, ….</summary>
    public string? Name { get; set; }
}
