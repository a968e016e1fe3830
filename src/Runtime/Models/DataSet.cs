namespace GenNet;

/// <summary>
/// Validated training or evaluation rows: inputs, targets and optional sample weights, as views over the caller's
/// arrays (nothing is copied until a batch is gathered into a <see cref="Workspace"/>). The source the array overloads
/// of Fit and Evaluate train through: a pass reads the rows in the order of a permutation that each shuffled pass
/// reshuffles, and training chunks gather their own rows in parallel.
/// </summary>
internal sealed class DataSet : DataSource
{
    private readonly float[] _x, _y;
    private readonly float[]? _weights;
    private readonly int _start;
    private readonly int _inputSize;
    private readonly int[] _order; // the pass order: row indices into this set

    private DataSet(float[] x, float[] y, float[]? weights, int start, int count, int inputSize, int labelSize)
    {
        _x = x;
        _y = y;
        _weights = weights;
        _start = start;
        Count = count;
        _inputSize = inputSize;
        LabelSize = labelSize;
        _order = new int[count];
        for (int i = 0; i < count; i++) _order[i] = i;
    }

    public override int InputSize => _inputSize;
    public override int Count { get; }
    public override int LabelSize { get; }
    public override bool HasSampleWeights => _weights is not null;
    internal override bool ReadsConcurrently => true;

    /// <summary>
    /// A shuffled pass draws its order afresh from the identity, so it depends only on the stream's state (which a checkpoint
    /// saves), not on the orders of earlier passes or Fit calls; unshuffled, the order stays the identity.
    /// </summary>
    public override void BeginPass(Rng? shuffle) => shuffle?.Permutation(_order);

    public override void Read(int start, int count, Span<float> x, Span<float> y, Span<float> sampleWeights)
    {
        var rows = _order.AsSpan(start, count);
        for (int i = 0; i < rows.Length; i++)
        {
            int r = _start + rows[i];
            _x.AsSpan(r * _inputSize, _inputSize).CopyTo(x.Slice(i * _inputSize));
            _y.AsSpan(r * LabelSize, LabelSize).CopyTo(y.Slice(i * LabelSize));
            if (_weights is not null) sampleWeights[i] = _weights[r];
        }
    }

    /// <summary>
    /// Checks shapes and values once, at the public edge: row counts must agree, targets must fit the compiled loss,
    /// and no input or target may be NaN or infinite (they would silently poison every weight).
    /// </summary>
    public static DataSet Create(Trainer trainer, Samples x, Samples y, float[]? sampleWeight, IReadOnlyDictionary<int, float>? classWeight,
        string xName, string yName)
    {
        var info = trainer.Info;
        int labelSize = trainer.LabelSize;
        int count = x.CountRows(info.InputSize, xName);
        if (y.Data is null || y.Data.Length != count * labelSize)
            throw new ArgumentException(
                $"Expected {yName} to hold {count} rows of {labelSize} value(s) ({count * labelSize} in all) to match {count} input rows, got {y.Data?.Length ?? 0} values ({trainer.LossDescription} takes {labelSize} per sample).{LabelHint(trainer, y.Data, count)}",
                yName);
        y.CountRows(labelSize, yName); // a 2-D y must also have rows of the right width
        FiniteScan.Require(x.Data, info.InputSize, xName, xName, trainer.Threads);
        FiniteScan.Require(y.Data, labelSize, yName, yName, trainer.Threads);

        if (sampleWeight is not null && classWeight is not null)
            throw new ArgumentException("Give either sampleWeight or classWeight, not both (Keras rejects the combination too).", nameof(classWeight));
        float[]? weights = sampleWeight;
        if (weights is not null && weights.Length != count)
            throw new ArgumentException($"Expected one sample weight per sample ({count}), got {weights.Length}.", nameof(sampleWeight));
        if (classWeight is not null && info.Outputs.Length > 1)
            throw new ArgumentException("classWeight applies to a single output; for several outputs give sampleWeight (Keras rejects class_weight there too).", nameof(classWeight));
        if (classWeight is not null) weights = ClassWeights(y.Data, count, labelSize, classWeight);
        return new DataSet(x.Data, y.Data, weights, 0, count, info.InputSize, labelSize);
    }

    // A likely cause of a label count error, for single-output models (see LossActivationFit.ClassIdHint).
    private static string LabelHint(Trainer trainer, float[]? y, int count) =>
        y is null || count == 0 || y.Length % count != 0 || trainer.Info.Outputs.Length != 1
            ? "" : LossActivationFit.ClassIdHint(trainer.Loss, y.Length / count, trainer.LabelSize);

    /// <summary>Rows [0, at) for training and [at, Count) for validation, as Keras' validation_split (no shuffling first).</summary>
    public (DataSet Train, DataSet Validation) Split(int at) => (
        new DataSet(_x, _y, _weights, _start, at, _inputSize, LabelSize),
        new DataSet(_x, _y, null, _start + at, Count - at, _inputSize, LabelSize));

    /// <summary>Keras' class_weight: each sample's weight is its class's (argmax of one-hot rows, else the label), 1 if absent.</summary>
    private static float[] ClassWeights(float[] y, int count, int labelSize, IReadOnlyDictionary<int, float> classWeight)
    {
        var weights = new float[count];
        for (int i = 0; i < count; i++)
        {
            var row = y.AsSpan(i * labelSize, labelSize);
            int cls = labelSize == 1 ? (int)MathF.Round(row[0]) : Encoding.ArgMax(row);
            weights[i] = classWeight.TryGetValue(cls, out float w) ? w : 1f;
        }
        return weights;
    }
}
