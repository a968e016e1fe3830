using GenNet.Generator.Infer;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras' masking, as far as GenNet applies it: <c>Embedding(mask_zero=True)</c> makes id 0 the padding mask of its
/// output, and each layer that Keras lets pass a mask on (<c>supports_masking</c>) while keeping the time steps hands it to
/// its output; a recurrent layer (or Bidirectional) reading a masked tensor skips the masked steps (state and output keep
/// their previous values). The one list of layers that pass a mask on is here; any other layer drops it, as Keras drops
/// the mask after a layer that does not support masking (Flatten, pooling, Conv1D, merges, …).
/// </summary>
internal static class Masking
{
    /// <summary>
    /// After <paramref name="layer"/> was inferred: records its output's mask in <see cref="InferContext.Masks"/> (the
    /// tensor of token ids whose zeros mask the steps), when it makes or passes one on.
    /// </summary>
    public static void Propagate(InferContext context, LayerSpec layer)
    {
        if (layer is FailedLayerSpec) return;
        if (layer is EmbeddingSpec { MaskZero: true } embedding)
        {
            if (context.Tensor(embedding.Input).Shape.Count == 1) context.Masks[embedding.Output] = embedding.Input;
            return;
        }
        if (!context.Masks.TryGetValue(layer.Input, out int ids) || !PassesMaskOn(layer)) return;
        TensorSpec x = context.Tensor(layer.Input), y = context.Tensor(layer.Output);
        if (x.Shape.Count >= 2 && y.Shape.Count >= 2 && x.Shape[0] == y.Shape[0]) context.Masks[layer.Output] = ids;
    }

    /// <summary>
    /// Whether Keras passes a mask through this layer to the next: Dense, Activation, Dropout, GaussianNoise,
    /// LayerNormalization, the ReLU/LeakyReLU/ELU layers, and recurrent layers and Bidirectional with return_sequences.
    /// (Keras' Softmax layer uses the mask inside its softmax, which GenNet does not, so it drops it.)
    /// </summary>
    public static bool PassesMaskOn(LayerSpec layer) => layer switch
    {
        DenseSpec or ActivationSpec or DropoutSpec or GaussianNoiseSpec or LayerNormalizationSpec => true,
        ActivationLayerSpec activation => activation.KerasType != "Softmax",
        RecurrentSpec recurrent => recurrent.ReturnSequences,
        BidirectionalSpec bidirectional => bidirectional.ReturnSequences,
        _ => false,
    };
}
