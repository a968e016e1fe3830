namespace GenNet;

/// <summary>
/// Every buffer one batch of training or evaluation touches, sized once for the largest batch so that a step
/// allocates nothing. One workspace per training owner; Predict uses per-thread forward buffers instead.
/// </summary>
/// <remarks>
/// A batch is cut into row chunks (<see cref="Model.ChunkCount"/>); chunk <c>c</c> owns rows <c>[start, start+rows)</c>
/// of the row-major buffers (<see cref="Inputs"/>, <see cref="Labels"/>, <see cref="OutputGradient"/>,
/// <see cref="Output"/>, …), the region <c>[start·perSample, (start+rows)·perSample)</c> of <see cref="Activations"/> and
/// <see cref="ActivationGradients"/> (laid out by the generated code for a batch of <c>rows</c>), and its own
/// <see cref="Scratch"/>, <see cref="Gradients"/> and dropout <see cref="Random"/>.
/// </remarks>
internal sealed class Workspace
{
    public Workspace(ModelInfo info, int batchSize, int labelSize, int chunks, bool training)
    {
        BatchSize = batchSize;
        Chunks = chunks;
        Inputs = new float[batchSize * info.InputSize];
        Labels = new float[batchSize * labelSize];
        SampleWeights = new float[batchSize];
        Activations = new float[batchSize * info.ActivationsPerSample];
        ActivationGradients = training ? new float[batchSize * info.ActivationGradientsPerSample] : [];
        OutputGradient = training ? new float[batchSize * info.OutputSize] : [];
        Output = new float[batchSize * info.OutputSize];
        PerSample = new float[batchSize];
        Scratch = new float[chunks][];
        for (int c = 0; c < chunks; c++) Scratch[c] = new float[info.ScratchSize];
        // One chunk writes the model's gradients directly; several write their own and are summed in chunk order.
        Gradients = new float[training && chunks > 1 ? chunks : 0][];
        for (int c = 0; c < Gradients.Length; c++) Gradients[c] = new float[info.ParameterCount];
        // Several inputs/outputs: each chunk rearranges its packed rows here (see Trainer.Chunks.cs).
        InputBlocks = info.Inputs.Length > 1 ? new float[batchSize * info.InputSize] : [];
        LabelBlocks = info.Outputs.Length > 1 ? new float[batchSize * labelSize] : [];
        HeadPerSample = info.Outputs.Length > 1 ? new float[batchSize] : [];
        int steps = OutputHead.StepsOf(info);
        StepLosses = steps > 1 ? new float[batchSize * steps] : [];
        StepWeights = steps > 1 ? new float[batchSize * steps] : [];
        Random = new Rng[training ? chunks : 0];
        for (int c = 0; c < Random.Length; c++) Random[c] = new Rng(0);
    }

    public int BatchSize { get; }
    /// <summary>The most chunks a batch of <see cref="BatchSize"/> rows is cut into.</summary>
    public int Chunks { get; }
    public float[] Inputs { get; }
    public float[] Labels { get; }
    public float[] SampleWeights { get; }
    public float[] Activations { get; }
    public float[] ActivationGradients { get; }
    public float[] OutputGradient { get; }
    /// <summary>The model outputs of the batch, row-major (each chunk copies its rows here for the metrics).</summary>
    public float[] Output { get; }
    public float[][] Scratch { get; }
    public float[][] Gradients { get; }
    public Rng[] Random { get; }
    public float[] PerSample { get; }
    /// <summary>Several inputs: the batch's rows rearranged per chunk into the layout Forward reads.</summary>
    public float[] InputBlocks { get; }
    /// <summary>Several outputs: each chunk's labels, one output's after another.</summary>
    public float[] LabelBlocks { get; }
    /// <summary>Several outputs: one output's per-row loss, before it is weighted into <see cref="PerSample"/>.</summary>
    public float[] HeadPerSample { get; }
    /// <summary>An output with steps (Trainer.Masking.cs): each step's loss, row-major <c>[batch, steps]</c>.</summary>
    public float[] StepLosses { get; }
    /// <summary>An output with steps: each step's weight (sample weight × mask factor), row-major <c>[batch, steps]</c>.</summary>
    public float[] StepWeights { get; }

    public bool Fits(int batch, int labelSize, int chunks) => BatchSize >= batch && Labels.Length >= batch * labelSize && Chunks >= chunks;
}
