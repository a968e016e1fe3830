using GenNet.Serialization.Keras;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Loads the weights of a model trained in Keras into this declared model: a Keras 3 <c>.keras</c> file, a bare
    /// <c>.weights.h5</c> or a legacy <c>.h5</c> (<c>model.save("x.h5")</c>, Keras 2 or 3). The file's layers are matched
    /// to <see cref="ModelInfo.Layers"/> in order — the same kind (Keras class name), the same activation where both name
    /// one, the same number and shapes of weights (Keras layouts equal GenNet's: Dense <c>[in, units]</c>, Conv2D HWIO) —
    /// and BatchNormalization's moving statistics go to <see cref="State"/>. Optimizer variables are skipped. A bare
    /// <c>.weights.h5</c> has no config: its layers are found by Keras' keys for this model's layer kinds.
    /// </summary>
    /// <remarks>All or nothing: the weights are checked and staged in copies, and copied into the model only when every layer matched.</remarks>
    /// <exception cref="InvalidDataException">
    /// The file is corrupt or not a Keras file, or its layers do not match this model; the message names the first layer
    /// that differs with what this model expects and what the file holds. Nothing is loaded.
    /// </exception>
    public void LoadKeras(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var keys = KerasFile.Keys(Info.Layers.Select(l => l.TypeName).ToList());
        var layers = KerasFile.Read(path, keys);
        string file = Path.GetFileName(path);
        string Fail(string problem) => $"Cannot load Keras file '{file}' into model '{Info.Name}': {problem}";

        bool configured = layers.Count > 0 && layers[0].ClassName is not null;
        if (configured && layers.Count != Info.Layers.Length)
        {
            int first = Enumerable.Range(0, Math.Min(layers.Count, Info.Layers.Length)).FirstOrDefault(i => layers[i].ClassName != Info.Layers[i].TypeName, Math.Min(layers.Count, Info.Layers.Length));
            string at = first < Info.Layers.Length ? $"at layer '{Info.Layers[first].Name}' this model has {Info.Layers[first].TypeName}" : "this model ends";
            string found = first < layers.Count ? $"the file has {layers[first].ClassName} '{layers[first].Name}'" : "the file ends";
            throw new InvalidDataException(Fail($"the file has {layers.Count} layers and this model {Info.Layers.Length}; {at}, {found}."));
        }

        var parameters = ParameterSpan.ToArray();
        var state = StateSpan.ToArray();
        for (int i = 0; i < Info.Layers.Length; i++)
        {
            var mine = Info.Layers[i];
            var theirs = layers[i];
            if (configured && theirs.ClassName != mine.TypeName)
            {
                throw new InvalidDataException(Fail($"layer '{mine.Name}' is {mine.TypeName} but the file's layer {i} ('{theirs.Name}') is {theirs.ClassName}."));
            }
            if (configured && theirs.Activation is { } act && mine.Config.TryGetValue("activation", out var myAct) && myAct != act)
            {
                throw new InvalidDataException(Fail($"layer '{mine.Name}' ({mine.TypeName}) has activation {myAct} but the file's '{theirs.Name}' has {act}."));
            }
            var weights = mine.Shares is null ? Info.Weights.Where(w => w.Name.StartsWith($"{mine.Name}.", StringComparison.Ordinal)).ToList() : [];
            if (weights.Count != theirs.Weights.Count)
            {
                throw new InvalidDataException(Fail($"layer '{mine.Name}' ({mine.TypeName}) has {weights.Count} weights ({Shapes(weights.Select(w => w.Shape))}) but the file's '{theirs.Name}' has {theirs.Weights.Count} ({Shapes(theirs.Weights.Select(w => w.Shape))})."));
            }
            for (int k = 0; k < weights.Count; k++)
            {
                var w = weights[k];
                var t = theirs.Weights[k];
                if (!w.Shape.SequenceEqual(t.Shape))
                {
                    throw new InvalidDataException(Fail($"layer '{mine.Name}' ({mine.TypeName}) expects {w.Name} of shape {KerasShape(w.Shape)} but the file's '{t.Path}' has shape {KerasShape(t.Shape)}."));
                }
                t.Values.CopyTo((w.Trainable ? parameters : state).AsSpan(w.Offset, w.Length));
            }
        }
        parameters.CopyTo(ParameterSpan);
        state.CopyTo(StateSpan);
        WeightsWritten();
    }

    private static string KerasShape(int[] shape) => $"({string.Join(", ", shape)})";

    private static string Shapes(IEnumerable<int[]> shapes) => string.Join(", ", shapes.Select(KerasShape));
}
