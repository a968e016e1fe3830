namespace GenNet;

// Several inputs: data travels as packed rows (each input's values side by side, in declaration order) through the same
// DataSet, shuffling and Workspace as one input; before Forward each training chunk (Trainer.ChunkInput) and Predict
// rearrange their rows into the layout the generated code reads, input k at input[Offset_k · rows, (Offset_k + Size_k) · rows).
public abstract partial class Model
{
    // Predict's rearranged inputs, per thread beside its forward buffers.
    [ThreadStatic] private static float[]? t_predictInputs;

    /// <summary>Whether the generated code reads several input regions (then packed rows must be rearranged first).</summary>
    private bool HasSeveralInputs => Info.Inputs.Length > 1;

    /// <summary>Packed input rows → each input's rows in its own region (a batch of <paramref name="rows"/>).</summary>
    internal void BlockInputs(ReadOnlySpan<float> packed, Span<float> blocks, int rows)
    {
        int inputSize = Info.InputSize;
        foreach (var input in Info.Inputs)
        {
            var region = blocks.Slice(input.Offset * rows, rows * input.Size);
            for (int r = 0; r < rows; r++) packed.Slice(r * inputSize + input.Offset, input.Size).CopyTo(region.Slice(r * input.Size));
        }
    }

    /// <summary>
    /// One array per input (or per output's labels) → packed rows, checking the number of arrays and that each has the same
    /// number of rows of its own width. Allocates the packed copy (at the start of Fit/Evaluate, never per step).
    /// </summary>
    private static float[] Pack(Samples[] parts, (string Name, int Size)[] columns, string what)
    {
        ArgumentNullException.ThrowIfNull(parts, what);
        string names = string.Join(", ", columns.Select(c => c.Name));
        if (parts.Length != columns.Length)
            throw new ArgumentException($"Expected {columns.Length} {what} array(s), one per {(what == "x" ? "input" : "output")} ({names}), got {parts.Length}.", what);
        int rowSize = columns.Sum(c => c.Size), count = -1;
        for (int k = 0; k < parts.Length; k++)
        {
            int rows = parts[k].CountRows(columns[k].Size, $"{what}[{k}] ('{columns[k].Name}')");
            if (count >= 0 && rows != count)
                throw new ArgumentException($"Expected every {what} array to hold the same number of samples; {what}[0] ('{columns[0].Name}') has {count}, {what}[{k}] ('{columns[k].Name}') has {rows}.", what);
            count = rows;
        }
        var packed = new float[count * rowSize];
        int offset = 0;
        for (int k = 0; k < parts.Length; k++)
        {
            int size = columns[k].Size;
            var data = parts[k].Data;
            for (int r = 0; r < count; r++) data.AsSpan(r * size, size).CopyTo(packed.AsSpan(r * rowSize + offset));
            offset += size;
        }
        return packed;
    }

    private (string, int)[] InputColumns() => Info.Inputs.Select(i => (i.Name, i.Size)).ToArray();

    private (string, int)[] LabelColumns() => Trainer.LabelColumns();

    /// <summary>
    /// Keras <c>fit([x1, x2], [y1, y2])</c>: one array per input (in declaration order) and one label array per output
    /// (in <c>Outputs</c> order, each as its loss expects: one-hot rows, or class ids for sparse losses). Everything else
    /// is as the single-array <c>Fit</c> (which also takes packed rows: each sample's inputs, or labels, side by side).
    /// </summary>
    /// <exception cref="ArgumentException">The wrong number of arrays, rows of the wrong width, or arrays of different lengths.</exception>
    public History Fit(Samples[] x, Samples[] y, int epochs = 1, int batchSize = 32, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validationSplit = 0, (Samples[] X, Samples[] Y)? validationData = null,
        bool shuffle = true, int initialEpoch = 0, float[]? sampleWeight = null, int? stepsPerEpoch = null, int? validationSteps = null,
        int? validationBatchSize = null, ValidationFrequency validationFreq = default, CancellationToken cancellationToken = default)
    {
        _ = Trainer; // not compiled: say so before anything else
        (Samples, Samples)? validation = validationData is { } v
            ? (Pack(v.X, InputColumns(), "x"), Pack(v.Y, LabelColumns(), "y"))
            : null;
        return Fit(Pack(x, InputColumns(), "x"), Pack(y, LabelColumns(), "y"), epochs, batchSize, verbose, callbacks, validationSplit, validation,
            shuffle, initialEpoch, sampleWeight, null, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq, cancellationToken);
    }

    /// <summary>Keras <c>evaluate([x1, x2], [y1, y2])</c>: one array per input and one label array per output.</summary>
    public Evaluation Evaluate(Samples[] x, Samples[] y, int batchSize = 32, int verbose = 1, int? steps = null, IEnumerable<Callback>? callbacks = null)
    {
        _ = Trainer;
        return Evaluate(Pack(x, InputColumns(), "x"), Pack(y, LabelColumns(), "y"), batchSize, verbose, steps, callbacks);
    }

    /// <summary>
    /// Keras <c>predict([x1, x2])</c>: one array per input; returns one array per output (allocates them). With
    /// <paramref name="callbacks"/> it runs as the single-array <see cref="Predict(Samples, int, IEnumerable{Callback})"/>
    /// on packed rows (<see cref="Callback.OnPredictBatchEnd"/> sees each batch's packed output rows).
    /// </summary>
    public float[][] Predict(Samples[] x, int batchSize = 32, IEnumerable<Callback>? callbacks = null)
    {
        float[] packed = Pack(x, InputColumns(), "x");
        int count = packed.Length / Math.Max(Info.InputSize, 1);
        var outputs = Info.Outputs.Select(o => new float[count * o.Size]).ToArray();
        if (callbacks is not null)
        {
            UnpackOutputs(Predict(packed, batchSize, callbacks), outputs, count);
            return outputs;
        }
        var inputs = new ReadOnlyMemory<float>[x.Length];
        for (int k = 0; k < x.Length; k++) inputs[k] = x[k].Data;
        var spans = outputs.Select(o => new Memory<float>(o)).ToArray();
        Predict(inputs, spans);
        return outputs;
    }

    /// <summary>Packed output rows (each row's outputs side by side) into one array per output.</summary>
    private void UnpackOutputs(float[] rows, float[][] outputs, int count)
    {
        for (int k = 0; k < outputs.Length; k++)
        {
            var output = Info.Outputs[k];
            for (int r = 0; r < count; r++) rows.AsSpan(r * Info.OutputSize + output.GradientOffset, output.Size).CopyTo(outputs[k].AsSpan(r * output.Size));
        }
    }

    /// <summary>
    /// Runs the model in inference mode with one buffer per input (<c>samples × size_k</c>, declaration order) into one
    /// buffer per output (<c>samples × size_k</c>, <c>Outputs</c> order): <c>model.Predict([image, meta], [digit, parity])</c>.
    /// Safe to call from many threads at once; after the first call on a thread it allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The wrong number of buffers, or lengths that are not the same number of samples.</exception>
    public void Predict(ReadOnlySpan<ReadOnlyMemory<float>> x, ReadOnlySpan<Memory<float>> y)
    {
        var inputs = Info.Inputs;
        var outputs = Info.Outputs;
        if (x.Length != inputs.Length)
            throw new ArgumentException($"Expected {inputs.Length} input buffer(s) ({string.Join(", ", inputs.Select(i => i.Name))}), got {x.Length}.", nameof(x));
        if (y.Length != outputs.Length)
            throw new ArgumentException($"Expected {outputs.Length} output buffer(s) ({string.Join(", ", outputs.Select(o => o.Name))}), got {y.Length}.", nameof(y));
        int count = CountRows(x[0].Span, inputs[0].Size, "x[0]");
        for (int k = 0; k < x.Length; k++)
        {
            if (x[k].Length != count * inputs[k].Size)
                throw new ArgumentException($"Expected x[{k}] ('{inputs[k].Name}') to hold {count} × {inputs[k].Size} = {count * inputs[k].Size} floats like x[0], got {x[k].Length}.", nameof(x));
        }
        for (int k = 0; k < y.Length; k++)
        {
            if (y[k].Length != count * outputs[k].Size)
                throw new ArgumentException($"Expected y[{k}] ('{outputs[k].Name}') to hold {count} × {outputs[k].Size} = {count * outputs[k].Size} floats for {count} samples, got {y[k].Length}.", nameof(y));
        }

        int chunk = Math.Clamp(PredictWorkspaceFloats / Math.Max(Info.ActivationsPerSample, 1), 1, Math.Max(count, 1));
        var (workspace, scratch) = PredictBuffers(chunk);
        PrepareProjectionTables();
        var blocks = t_predictInputs;
        if (blocks is null || blocks.Length < chunk * Info.InputSize) t_predictInputs = blocks = new float[chunk * Info.InputSize];
        for (int start = 0; start < count; start += chunk)
        {
            int batch = Math.Min(chunk, count - start);
            var input = blocks.AsSpan(0, batch * Info.InputSize);
            for (int k = 0; k < inputs.Length; k++)
            {
                x[k].Span.Slice(start * inputs[k].Size, batch * inputs[k].Size).CopyTo(input.Slice(inputs[k].Offset * batch));
            }
            var activations = workspace.AsSpan(0, batch * Info.ActivationsPerSample);
            Forward(ParameterSpan, StateSpan, input, activations, scratch, batch, training: false, random: null);
            for (int k = 0; k < outputs.Length; k++)
            {
                activations.Slice(outputs[k].Offset * batch, batch * outputs[k].Size).CopyTo(y[k].Span.Slice(start * outputs[k].Size));
            }
        }
    }
}
