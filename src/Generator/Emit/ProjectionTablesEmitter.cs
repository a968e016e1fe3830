using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Layers;

namespace GenNet.Generator.Emit;

/// <summary>
/// The projection tables of a model whose Embedding feeds an LSTM/GRU (<see cref="ProjectionTables"/>): each table's
/// offset and length, <c>ProjectionTablesLength</c> and <c>BuildProjectionTables</c> (one <c>ProjectionTableKernel.Build</c>
/// per table), and the Forward local that is the current tables at inference. Nothing for other models. Changes together
/// with the runtime's <c>Model.ProjectionTables</c> and the layers' table arguments (Recurrent.cs, Embedding.cs).
/// </summary>
internal static class ProjectionTablesEmitter
{
    /// <summary>Forward's local holding the tables (empty in training, or when they are not built from the current weights).</summary>
    public const string Local = "projectionTables";

    public static bool Any(ModelSpec model) => ProjectionTables.Layers(model).Any();

    /// <summary>The tables section of the generated class.</summary>
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        var layers = ProjectionTables.Layers(model).ToList();
        foreach (RecurrentSpec layer in layers)
        {
            ProjectionTableSpec table = layer.ProjectionTable!;
            ShapesEmitter.Constant(w, $"Where {layer.Name}'s projection table ({table.EmbeddingsKey} · kernel + bias, {Text.Shape(new[] { table.Rows, table.Width })}) starts among the tables.",
                $"{table.Member}Offset", table.Offset);
            ShapesEmitter.Constant(w, $"Floats of {layer.Name}'s projection table.", $"{table.Member}Length", table.Length);
        }
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"protected override int ProjectionTablesLength => {Text.Int(layers.Sum(l => l.ProjectionTable!.Length))};");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("protected override void BuildProjectionTables(global::System.ReadOnlySpan<float> parameters, global::System.Span<float> tables)");
        foreach (RecurrentSpec layer in layers)
        {
            ProjectionTableSpec table = layer.ProjectionTable!;
            string bias = layer.Bias is { } b ? $"parameters.Slice({b.Member}Offset, {Text.Int(table.Width)})" : "default";
            w.Line($"// {layer.Name}: row id = {table.EmbeddingsKey}[id] · kernel + bias, {Text.Int(table.Width)} floats per token id");
            w.Line($"{KernelsAlias.Prefix}ProjectionTableKernel.Build(parameters.Slice({table.EmbeddingsMember}Offset, {table.EmbeddingsMember}Length), " +
                $"{ForwardContext.WeightSlice(layer.Kernel)}, {bias}, tables.Slice({table.Member}Offset, {table.Member}Length), " +
                $"{Text.Int(table.Rows)}, {Text.Int(table.Inputs)}, {Text.Int(table.Width)});");
        }
        w.Close();
    }

    /// <summary>Forward's first line in a model with tables.</summary>
    public static void EmitLocal(CodeWriter w, ModelSpec model)
    {
        if (!Any(model)) return;
        w.Line("// Inference reads the Embedding → recurrent input projections from tables of the current weights (empty: computed).");
        w.Line($"global::System.ReadOnlySpan<float> {Local} = training ? default : ProjectionTables;");
        w.Line();
    }
}
