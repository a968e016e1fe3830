using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;

namespace GenNet.Generator.Infer;

/// <summary>
/// A rewrite pass, run after shapes (beside <see cref="ReluFusion"/>): where an Embedding feeds an LSTM or GRU (alone or as
/// a Bidirectional), the layer's input projection of a step, <c>E[id]·kernel + b</c>, depends on the token id alone, so
/// inference reads it as row <c>id</c> of a table <c>E·kernel + b</c> that the runtime builds once per weights version
/// (<c>Model.BuildProjectionTables</c>, <c>ProjectionTableKernel</c>) instead of gathering the vectors and multiplying.
/// Tables are laid out in layer order within <see cref="MaxFloats"/> (64 MB); a layer whose table would not fit keeps
/// the computed projection. When every reader of the Embedding's output reads tables, inference only checks the ids
/// (<see cref="EmbeddingSpec.GatherSkippedAtInference"/>). Training never reads the tables. Pure: a new layer list.
/// </summary>
internal static class ProjectionTables
{
    /// <summary>At most 16 M floats (64 MB) of tables per model.</summary>
    public const int MaxFloats = 16 << 20;

    public static EquatableArray<LayerSpec> Apply(ModelSpec model)
    {
        LayerSpec[] layers = model.Layers.ToArray();
        int used = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = layers[i] switch
            {
                RecurrentSpec recurrent => WithTable(model, layers, recurrent, ref used),
                BidirectionalSpec bidirectional when Shared(model, bidirectional) => bidirectional,
                BidirectionalSpec bidirectional => WithTables(model, layers, bidirectional, ref used),
                var other => other,
            };
        }
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is EmbeddingSpec embedding && OnlyTablesRead(model, layers, embedding)) layers[i] = embedding with { GatherSkippedAtInference = true };
        }
        return layers.ToEquatableArray();
    }

    /// <summary>Every table of the model with its layer, in layout order.</summary>
    public static IEnumerable<RecurrentSpec> Layers(ModelSpec model) => model.Layers
        .SelectMany(l => l switch
        {
            RecurrentSpec r => new[] { r },
            BidirectionalSpec b => new[] { b.Forward, b.Backward },
            _ => System.Array.Empty<RecurrentSpec>(),
        })
        .Where(r => r.ProjectionTable is not null);

    private static BidirectionalSpec WithTables(ModelSpec model, LayerSpec[] layers, BidirectionalSpec layer, ref int used)
    {
        // Both halves or neither: the Embedding's gather is skipped only when every reader reads a table.
        int before = used;
        RecurrentSpec forward = WithTable(model, layers, layer.Forward, ref used), backward = WithTable(model, layers, layer.Backward, ref used);
        if (forward.ProjectionTable is null || backward.ProjectionTable is null)
        {
            used = before;
            return layer;
        }
        return layer with { Forward = forward, Backward = backward };
    }

    private static RecurrentSpec WithTable(ModelSpec model, LayerSpec[] layers, RecurrentSpec layer, ref int used)
    {
        if (layer.Cell == RecurrentCell.SimpleRnn || Shared(model, layer) || !layer.Kernel.Trainable) return layer;
        if (System.Array.Find(layers, l => l.Output == layer.Input) is not EmbeddingSpec embedding) return layer;
        int width = layer.Kernel.Shape[1];
        long floats = (long)embedding.InputDim * width;
        if (floats > MaxFloats - used) return layer;
        var table = new ProjectionTableSpec($"{layer.Member}ProjectionTable", used, embedding.InputDim, embedding.OutputDim, width,
            embedding.Weights[0].Member, embedding.Weights[0].Key, embedding.Input);
        used += (int)floats;
        return layer with { ProjectionTable = table };
    }

    /// <summary>A [Reuse] call, or a layer another call reuses: its weights serve several inputs, so it keeps the computed projection.</summary>
    private static bool Shared(ModelSpec model, LayerSpec layer) =>
        layer.Identity.Shares is not null || model.Layers.Any(l => l.Identity.Shares == layer.Name);

    private static bool OnlyTablesRead(ModelSpec model, LayerSpec[] layers, EmbeddingSpec embedding)
    {
        int storage = model.StorageOf(embedding.Output);
        if (model.StorageOf(model.OutputTensor) == storage || model.Outputs.Any(o => model.StorageOf(o.Tensor) == storage)) return false;
        var readers = layers.Where(l => l.InputTensors.Any(t => model.StorageOf(t) == storage)).ToList();
        return readers.Count > 0 && readers.All(l => l switch
        {
            RecurrentSpec r => r.Input == embedding.Output && r.ProjectionTable is not null,
            BidirectionalSpec b => b.Input == embedding.Output && b.Forward.ProjectionTable is not null,
            _ => false,
        });
    }
}

/// <summary>
/// One recurrent layer's projection table (<see cref="ProjectionTables"/>): its members (<c>{Member}Offset</c>,
/// <c>{Member}Length</c>), where it starts among the model's tables, its shape <c>[Rows, Width]</c>, the Embedding table it
/// is built from (<see cref="Inputs"/> = its output_dim) and the tensor of token ids that index it.
/// </summary>
internal sealed record ProjectionTableSpec(string Member, int Offset, int Rows, int Inputs, int Width, string EmbeddingsMember, string EmbeddingsKey, int Ids)
{
    public int Length => Rows * Width;
}
