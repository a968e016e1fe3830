namespace GenNet;

/// <summary>Keras' step arguments of <c>fit</c>: <c>steps_per_epoch</c>, <c>validation_steps</c>, <c>validation_batch_size</c>, <c>validation_freq</c>.</summary>
internal readonly record struct FitSteps(int? StepsPerEpoch, int? ValidationSteps, int? ValidationBatchSize, ValidationFrequency ValidationFreq);

// Reading batches from a DataSource: the checks at the public edge, and staging a batch in the workspace.
internal sealed partial class Trainer
{
    // Constant texts for the per-batch finite check, so a step builds no string unless it throws.
    private const string SourceInputs = "the inputs a data source wrote (rows are positions in its pass)";
    private const string SourceLabels = "the labels a data source wrote (rows are positions in its pass)";
    private const string SourceWeights = "the sample weights a data source wrote (rows are positions in its pass)";

    private static void CheckFitArguments(int epochs, int batchSize, int initialEpoch, FitSteps steps)
    {
        // Keras runs epochs initialEpoch … epochs − 1: none when epochs <= initialEpoch (epochs: 0 trains nothing).
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Expected a number of epochs >= 0.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        if (initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, "Expected an initial epoch >= 0.");
        if (steps.StepsPerEpoch < 1)
            throw new ArgumentOutOfRangeException("stepsPerEpoch", steps.StepsPerEpoch, "Expected stepsPerEpoch of at least 1 (or null: one whole pass per epoch).");
        if (steps.ValidationSteps < 1)
            throw new ArgumentOutOfRangeException("validationSteps", steps.ValidationSteps, "Expected validationSteps of at least 1 (or null: the whole validation data).");
        if (steps.ValidationBatchSize < 1)
            throw new ArgumentOutOfRangeException("validationBatchSize", steps.ValidationBatchSize, "Expected a positive validationBatchSize (or null: batchSize).");
    }

    /// <summary>A source must give the model's input width and the compiled loss's label width, and hold a sample.</summary>
    private void CheckSource(DataSource source, string name)
    {
        ArgumentNullException.ThrowIfNull(source, name);
        if (source.InputSize != _info.InputSize)
            throw new ArgumentException(
                $"Expected {name} to give {_info.InputSize} input values per sample (the model's InputSize), got InputSize = {source.InputSize} from {source.GetType().Name}.", name);
        if (source.LabelSize != _labelSize)
            throw new ArgumentException(
                $"Expected {name} to give {_labelSize} label value(s) per sample ({LossDescription} takes {_labelSize}), got LabelSize = {source.LabelSize} from {source.GetType().Name}.", name);
        if (source.Count < 1)
            throw new ArgumentException($"Expected {name} to hold at least one sample, got Count = {source.Count} from {source.GetType().Name}.", name);
    }

    /// <summary>
    /// A batch of a training step: rows the chunks gather themselves (in parallel) from a source that allows it, or
    /// read here, on the calling thread, and checked.
    /// </summary>
    private BatchRows StageBatch(DataSource source, Workspace ws, int start, int count)
    {
        // A masked loss divides by the batch's unmasked steps, counted before the chunks run: its rows are read here.
        if (source.ReadsConcurrently && !IsMasked) return new BatchRows(source, start);
        ReadBatch(source, ws, start, count);
        return default;
    }

    /// <summary>Reads positions <c>[start, start + count)</c> into the workspace's first rows; a user's source is checked for NaN and infinity.</summary>
    private void ReadBatch(DataSource source, Workspace ws, int start, int count)
    {
        var x = ws.Inputs.AsSpan(0, count * source.InputSize);
        var y = ws.Labels.AsSpan(0, count * source.LabelSize);
        var weights = source.HasSampleWeights ? ws.SampleWeights.AsSpan(0, count) : default;
        source.Read(start, count, x, y, weights);
        if (source is DataSet) return; // checked whole when it was made
        FiniteScan.Require(x, source.InputSize, SourceInputs, "data", start);
        FiniteScan.Require(y, source.LabelSize, SourceLabels, "data", start);
        FiniteScan.Require(weights, 1, SourceWeights, "data", start);
    }
}
