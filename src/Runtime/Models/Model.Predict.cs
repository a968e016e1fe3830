namespace GenNet;

public abstract partial class Model
{
    // Forward buffers for Predict, one per thread so that concurrent calls never share one; grown once, then reused.
    [ThreadStatic] private static float[]? t_predictWorkspace;

    // Scratch for Predict (Conv2D im2col space), per thread beside the forward buffers, for the same reason.
    [ThreadStatic] private static float[]? t_predictScratch;

    // Floats of forward buffers per Predict chunk (1 MB, within L2): large enough to amortize per-layer call overhead.
    private const int PredictWorkspaceFloats = 1 << 18;

    /// <summary>
    /// Runs the model in inference mode on every sample in <paramref name="x"/> (<c>samples × InputSize</c>) into
    /// <paramref name="y"/> (<c>samples × OutputSize</c>). Safe to call from many threads at once; after the first call
    /// on a thread it allocates nothing.
    /// </summary>
    public void Predict(ReadOnlySpan<float> x, Span<float> y)
    {
        int inputSize = Info.InputSize, outputSize = Info.OutputSize;
        int count = CountRows(x, inputSize, nameof(x));
        if (y.Length != count * outputSize)
            throw new ArgumentException($"Expected an output span of {count} × {outputSize} = {count * outputSize} floats for {count} samples, got {y.Length}.", nameof(y));
        int chunk = Math.Clamp(PredictWorkspaceFloats / Math.Max(Info.ActivationsPerSample, 1), 1, Math.Max(count, 1));
        // Whole row tiles of the matrix products (8 rows) when the batch has them, even past the workspace budget (the CNN).
        if (count >= 8) chunk = Math.Max(8, chunk - chunk % 8);
        var (workspace, scratch) = PredictBuffers(chunk);
        PrepareProjectionTables();
        // Several inputs or outputs: x and y are packed rows (each input's, each output's values side by side).
        float[]? blocks = null;
        if (HasSeveralInputs)
        {
            blocks = t_predictInputs;
            if (blocks is null || blocks.Length < chunk * inputSize) t_predictInputs = blocks = new float[chunk * inputSize];
        }
        bool severalOutputs = Info.Outputs.Length > 1;

        for (int start = 0; start < count; start += chunk)
        {
            int batch = Math.Min(chunk, count - start);
            var activations = workspace.AsSpan(0, batch * Info.ActivationsPerSample);
            var input = x.Slice(start * inputSize, batch * inputSize);
            if (blocks is not null)
            {
                BlockInputs(input, blocks, batch);
                input = blocks.AsSpan(0, batch * inputSize);
            }
            // Inference never writes the state (BatchNormalization reads its moving statistics), so threads may share it.
            Forward(ParameterSpan, StateSpan, input, activations, scratch, batch, training: false, random: null);
            if (severalOutputs) PackOutputs(activations, y.Slice(start * outputSize, batch * outputSize), batch);
            else activations.Slice(Info.OutputOffset * batch, batch * outputSize).CopyTo(y.Slice(start * outputSize));
        }
    }

    /// <summary>Each output's rows of <paramref name="activations"/> (a batch of <paramref name="rows"/>) into packed output rows.</summary>
    internal void PackOutputs(ReadOnlySpan<float> activations, Span<float> packed, int rows)
    {
        int outputSize = Info.OutputSize;
        foreach (var output in Info.Outputs)
        {
            var region = activations.Slice(output.Offset * rows, rows * output.Size);
            // A sole output's rows are the packed rows already: one copy.
            if (output.Size == outputSize)
            {
                region.CopyTo(packed);
                continue;
            }
            for (int r = 0; r < rows; r++) region.Slice(r * output.Size, output.Size).CopyTo(packed.Slice(r * outputSize + output.GradientOffset));
        }
    }

    /// <summary>Rows in <paramref name="data"/> of <paramref name="rowSize"/> floats each, or a message naming <paramref name="what"/>.</summary>
    internal static int CountRows(ReadOnlySpan<float> data, int rowSize, string what)
    {
        if (data.Length % rowSize != 0)
            throw new ArgumentException($"Expected {what} length to be a multiple of {rowSize} (values per sample), got {data.Length}.", what);
        return data.Length / rowSize;
    }

    /// <summary>This thread's forward workspace for <paramref name="chunk"/> samples and its scratch, grown once.</summary>
    private (float[] Workspace, float[] Scratch) PredictBuffers(int chunk)
    {
        int needed = chunk * Info.ActivationsPerSample;
        var workspace = t_predictWorkspace;
        if (workspace is null || workspace.Length < needed) t_predictWorkspace = workspace = new float[needed];
        var scratch = t_predictScratch;
        if (scratch is null || scratch.Length < Info.ScratchSize) t_predictScratch = scratch = new float[Info.ScratchSize];
        return (workspace, scratch);
    }

    /// <summary>
    /// Outputs for every sample of <paramref name="x"/>, as Keras <c>predict</c> (allocates the result). With
    /// <paramref name="callbacks"/> the rows run <paramref name="batchSize"/> at a time and each batch calls the predict
    /// hooks (<see cref="Callback.OnPredictBatchEnd"/> sees its outputs); without, they run in chunks sized for speed.
    /// Either way every row's output is that of <see cref="Predict(ReadOnlySpan{float}, Span{float})"/> on its chunk.
    /// </summary>
    public float[] Predict(Samples x, int batchSize = 32, IEnumerable<Callback>? callbacks = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        int count = x.CountRows(Info.InputSize, nameof(x));
        var y = new float[count * Info.OutputSize];
        if (callbacks is null)
        {
            Predict(x.Data, y);
            return y;
        }
        var hooks = callbacks.ToArray();
        foreach (var c in hooks) c.Model = this;
        foreach (var c in hooks) c.OnPredictBegin();
        int inputSize = Info.InputSize, outputSize = Info.OutputSize;
        for (int start = 0, step = 0; start < count; start += batchSize, step++)
        {
            int rows = Math.Min(batchSize, count - start);
            foreach (var c in hooks) c.OnPredictBatchBegin(step);
            var outputs = y.AsSpan(start * outputSize, rows * outputSize);
            Predict(x.Data.AsSpan(start * inputSize, rows * inputSize), outputs);
            foreach (var c in hooks) c.OnPredictBatchEnd(step, outputs);
        }
        foreach (var c in hooks) c.OnPredictEnd();
        return y;
    }

    /// <summary>
    /// The predicted class of one sample: the argmax of the outputs, or for a single output 1 when it exceeds 0.5
    /// (sigmoid) — what the tutorials' <c>predict_classes</c> did.
    /// </summary>
    public int PredictClass(ReadOnlySpan<float> sample)
    {
        RequireOneOutput(nameof(PredictClass));
        Span<float> output = Info.OutputSize <= 256 ? stackalloc float[Info.OutputSize] : new float[Info.OutputSize];
        Predict(sample, output);
        return ClassOf(output);
    }

    /// <summary>The predicted class of every sample (see <see cref="PredictClass"/>).</summary>
    public int[] PredictClasses(Samples x)
    {
        RequireOneOutput(nameof(PredictClasses));
        var outputs = Predict(x);
        int n = Info.OutputSize;
        var classes = new int[outputs.Length / n];
        for (int i = 0; i < classes.Length; i++) classes[i] = ClassOf(outputs.AsSpan(i * n, n));
        return classes;
    }

    private void RequireOneOutput(string method)
    {
        if (Info.Outputs.Length > 1)
            throw new NotSupportedException($"{method} needs a model with one output; this one has {Info.Outputs.Length} ({string.Join(", ", Info.Outputs.Select(o => o.Name))}). Call Predict(x, [y1, y2, …]) and take each output's argmax.");
    }

    private static int ClassOf(ReadOnlySpan<float> output) =>
        output.Length == 1 ? (output[0] > 0.5f ? 1 : 0) : Encoding.ArgMax(output);
}
