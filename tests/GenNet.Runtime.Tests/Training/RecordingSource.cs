namespace GenNet.Tests.Training;

/// <summary>
/// A user's in-memory <see cref="DataSource"/> written as the docs describe (a permutation drawn afresh from the identity each pass), which
/// records what the trainer asks of it: each pass begun and each read's (start, count).
/// </summary>
internal sealed class RecordingSource(float[] x, float[] y, int inputSize, int labelSize, float[]? weights = null) : DataSource
{
    private readonly int[] _order = Enumerable.Range(0, x.Length / inputSize).ToArray();

    public List<(int Start, int Count)> Reads { get; } = new(capacity: 1024);
    public int Passes { get; private set; }
    public bool Record { get; set; } = true;

    public override int InputSize => inputSize;
    public override int LabelSize => labelSize;
    public override int Count => _order.Length;
    public override bool HasSampleWeights => weights is not null;

    public override void BeginPass(Rng? shuffle)
    {
        Passes++;
        shuffle?.Permutation(_order);   // afresh from the identity, as DataSource's docs advise
    }

    public override void Read(int start, int count, Span<float> xs, Span<float> ys, Span<float> sampleWeights)
    {
        if (Record) Reads.Add((start, count));
        for (int i = 0; i < count; i++)
        {
            int r = _order[start + i];
            x.AsSpan(r * inputSize, inputSize).CopyTo(xs.Slice(i * inputSize));
            y.AsSpan(r * labelSize, labelSize).CopyTo(ys.Slice(i * labelSize));
            if (weights is not null) sampleWeights[i] = weights[r];
        }
    }
}
