namespace GenNet;

/// <summary>
/// One layer of a model at run time, as Keras' <c>model.get_layer(name)</c> / <c>model.layers[i]</c>: its description and
/// whether it trains. Get it from <see cref="Model.Layers"/>.
/// </summary>
public sealed class Layer
{
    private readonly Model _model;
    private readonly int _index;

    internal Layer(Model model, int index)
    {
        _model = model;
        _index = index;
    }

    /// <summary>The layer's shapes, type and parameter counts.</summary>
    public LayerInfo Info => _model.Info.Layers[_index];

    /// <summary>The Keras name, e.g. <c>"dense_1"</c>.</summary>
    public string Name => Info.Name;

    /// <summary>
    /// Keras <c>layer.trainable</c>. Setting it to <c>false</c> freezes the layer (transfer learning): from the next training
    /// step on the optimizer leaves its weights and their optimizer slots alone (gradients still flow through it to earlier
    /// layers), a BatchNormalization layer runs in inference mode during training too (its moving statistics stay as they
    /// are), and <see cref="Model.Summary"/> counts its weights as non-trainable. Unlike Keras no recompiling is needed.
    /// Starts as the attribute's <c>Trainable</c> (default <c>true</c>). A shared layer's further calls
    /// (<c>[Reuse]</c>) use the weights and the setting of the layer they share.
    /// </summary>
    public bool Trainable
    {
        get => _model.LayerIsTrainable(_index);
        set => _model.SetLayerTrainable(_index, value);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Info.TypeName}{(Trainable ? "" : ", frozen")})";
}

/// <summary>A model's layers in <see cref="ModelInfo.Layers"/> order, by position or by Keras name.</summary>
public sealed class LayerCollection : IReadOnlyList<Layer>
{
    private readonly Layer[] _layers;

    internal LayerCollection(Model model)
    {
        _layers = new Layer[model.Info.Layers.Length];
        for (int i = 0; i < _layers.Length; i++) _layers[i] = new Layer(model, i);
    }

    /// <inheritdoc/>
    public int Count => _layers.Length;

    /// <inheritdoc/>
    public Layer this[int index] => _layers[index];

    /// <summary>The layer named <paramref name="name"/> (Keras <c>model.get_layer(name)</c>).</summary>
    /// <exception cref="KeyNotFoundException">No layer has that name; the message lists the names.</exception>
    public Layer this[string name] =>
        Array.Find(_layers, l => l.Name == name)
        ?? throw new KeyNotFoundException($"The model has no layer named '{name}'; its layers are: {string.Join(", ", _layers.Select(l => l.Name))}.");

    /// <inheritdoc/>
    public IEnumerator<Layer> GetEnumerator() => ((IEnumerable<Layer>)_layers).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
