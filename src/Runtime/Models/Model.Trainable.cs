namespace GenNet;

// Per-layer Keras `trainable` at run time: the optimizer's frozen ranges, frozen BatchNormalization, the summary's counts.
public abstract partial class Model
{
    private bool[]? _layerTrainable;
    private LayerCollection? _layers;

    /// <summary>The model's layers, by position or Keras name: <c>model.Layers["dense"].Trainable = false</c>.</summary>
    public LayerCollection Layers => _layers ??= new LayerCollection(this);

    /// <summary>Counts changes of any layer's <see cref="Layer.Trainable"/>, so the trainer re-reads the frozen weights only then.</summary>
    internal int TrainableVersion { get; private set; }

    private bool[] LayerTrainableFlags => _layerTrainable ??= Info.Layers.Select(l => l.Trainable).ToArray();

    /// <summary>Whether layer <paramref name="index"/> of <see cref="ModelInfo.Layers"/> is trainable now (generated BatchNormalization code asks).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    protected internal bool LayerIsTrainable(int index) => LayerTrainableFlags[index];

    internal void SetLayerTrainable(int index, bool trainable)
    {
        if (LayerTrainableFlags[index] == trainable) return;
        LayerTrainableFlags[index] = trainable;
        TrainableVersion++;
    }

    /// <summary>
    /// The ranges of <see cref="Parameters"/> holding frozen weights: every trainable weight of a layer whose
    /// <see cref="Layer.Trainable"/> is false (a weight belongs to the layer its key names, <c>layer.weight</c>).
    /// </summary>
    internal List<(int Offset, int Length)> FrozenRanges()
    {
        var frozen = Info.Layers.Where((_, i) => !LayerTrainableFlags[i]).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        return Info.Weights
            .Where(w => w.Trainable && frozen.Contains(w.Name[..Math.Max(0, w.Name.LastIndexOf('.'))]))
            .Select(w => (w.Offset, w.Length))
            .ToList();
    }

    /// <summary>Keras' summary counts: a frozen layer's weights are all non-trainable.</summary>
    private (long Trainable, long NonTrainable) ParameterCounts()
    {
        long trainable = 0, all = 0;
        for (int i = 0; i < Info.Layers.Length; i++)
        {
            var layer = Info.Layers[i];
            all += layer.ParameterCount;
            if (LayerTrainableFlags[i]) trainable += layer.TrainableCount;
        }
        return (trainable, all - trainable);
    }
}
