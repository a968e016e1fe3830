namespace GenNet;

/// <summary>
/// Every buffer one batch of training or evaluation touches, sized once for the largest batch so that a step
/// allocates nothing. One workspace per training owner; Predict uses per-thread forward buffers instead.
/// </summary>
internal sealed class Workspace
{
    public Workspace(ModelInfo info, int batchSize, int labelSize)
    {
        BatchSize = batchSize;
        Inputs = new float[batchSize * info.InputSize];
        Labels = new float[batchSize * labelSize];
        SampleWeights = new float[batchSize];
        Activations = new float[batchSize * info.ActivationsPerSample];
        ActivationGradients = new float[batchSize * info.ActivationGradientsPerSample];
        OutputGradient = new float[batchSize * info.OutputSize];
        Scratch = new float[info.ScratchSize];
        PerSample = new float[batchSize];
    }

    public int BatchSize { get; }
    public float[] Inputs { get; }
    public float[] Labels { get; }
    public float[] SampleWeights { get; }
    public float[] Activations { get; }
    public float[] ActivationGradients { get; }
    public float[] OutputGradient { get; }
    public float[] Scratch { get; }
    public float[] PerSample { get; }
}
