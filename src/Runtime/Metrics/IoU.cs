namespace GenNet.Metrics;

/// <summary>
/// Keras <c>IoU</c>: intersection over union <c>TP/(TP + FP + FN)</c> per target class from a confusion matrix accumulated
/// since the reset, averaged over the target classes that occurred (a class with an empty union is left out):
/// <c>Σ_c iou_c / (valid + ε)</c>, <c>iou_c = TP_c/(union_c + ε)</c>.
/// </summary>
/// <remarks>
/// As in Keras 3, where the matrix has an integer dtype, class ids and sample weights are truncated to integers; labels or
/// predictions outside <c>[0, num_classes)</c>, and labels equal to <c>ignore_class</c>, are not counted.
/// </remarks>
public class IoU : Metric
{
    private const double Epsilon = 1e-7; // keras.backend.epsilon()
    private readonly int[] _targets;
    private readonly string _name;
    private long[] _matrix = []; // [true class, predicted class], row-major
    private int _labelSize;

    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">Classes the labels and predictions index.</param>
    /// <param name="targetClassIds">Classes whose IoU is averaged; each in <c>[0, numClasses)</c>.</param>
    /// <param name="ignoreClass">A label id not counted (e.g. a "void" class).</param>
    /// <param name="sparseYTrue">Labels are class ids (default); false: one-hot, taken by argmax.</param>
    /// <param name="sparseYPred">Predictions are class ids (Keras default); false: scores, taken by argmax (a softmax output).</param>
    /// <param name="name">Display name; default <c>"io_u"</c> (Keras' snake case of the class name).</param>
    public IoU(int numClasses, int[] targetClassIds, int? ignoreClass = null, bool sparseYTrue = true, bool sparseYPred = true, string? name = null)
    {
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "num_classes must be >= 1.");
        ArgumentNullException.ThrowIfNull(targetClassIds);
        if (targetClassIds.Length == 0) throw new ArgumentException("Expected at least one target class id, got none.", nameof(targetClassIds));
        foreach (int id in targetClassIds)
        {
            if (id < 0 || id >= numClasses)
                throw new ArgumentOutOfRangeException(nameof(targetClassIds), id, $"Target class id {id} is out of range, which is [0, {numClasses}).");
        }
        NumClasses = numClasses;
        _targets = [.. targetClassIds];
        IgnoreClass = ignoreClass;
        SparseYTrue = sparseYTrue;
        SparseYPred = sparseYPred;
        _name = name ?? "io_u";
    }

    /// <summary>Classes the labels and predictions index.</summary>
    public int NumClasses { get; }

    /// <summary>Classes whose IoU is averaged.</summary>
    public ReadOnlySpan<int> TargetClassIds => _targets;

    /// <summary>A label id not counted.</summary>
    public int? IgnoreClass { get; }

    /// <summary>Labels are class ids (else one-hot).</summary>
    public bool SparseYTrue { get; }

    /// <summary>Predictions are class ids (else scores, taken by argmax).</summary>
    public bool SparseYPred { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    private protected override void DetachState() => _matrix = [];

    /// <inheritdoc/>
    public override void Build(int n, int labelSize)
    {
        int labels = SparseYTrue ? labelSize : 1, predictions = SparseYPred ? n : 1;
        if (labels != predictions)
            throw new ArgumentException(
                $"{Name} pairs each label with a prediction, but a sample has {labels} label id(s) (labelSize {labelSize}, sparse_y_true " +
                $"{SparseYTrue}) and {predictions} predicted id(s) ({n} outputs, sparse_y_pred {SparseYPred}). For a softmax output pass " +
                "sparseYPred: false; for one-hot labels sparseYTrue: false.");
        _matrix = new long[NumClasses * NumClasses];
        _labelSize = labelSize;
    }

    /// <inheritdoc/>
    public override void ResetState() => Array.Clear(_matrix);

    /// <summary>The predicted class of element <paramref name="j"/> of a prediction row (a threshold in <see cref="BinaryIoU"/>).</summary>
    private protected virtual long PredictedClass(ReadOnlySpan<float> row, int j) => SparseYPred ? (long)row[j] : MetricChecks.ArgMax(row);

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        if (_matrix.Length == 0) throw new InvalidOperationException("Build the metric before updating it.");
        int labelSize = _labelSize, perRow = SparseYPred ? n : 1;
        MetricChecks.Update(yTrue, yPred, sampleWeight, batch, n, labelSize);
        for (int i = 0; i < batch; i++)
        {
            var labels = yTrue.Slice(i * labelSize, labelSize);
            var row = yPred.Slice(i * n, n);
            long weight = sampleWeight.IsEmpty ? 1 : (long)sampleWeight[i];
            for (int j = 0; j < perRow; j++)
            {
                long t = SparseYTrue ? (long)labels[j] : MetricChecks.ArgMax(labels), p = PredictedClass(row, j);
                if (t < 0 || t >= NumClasses || p < 0 || p >= NumClasses || t == IgnoreClass) continue;
                _matrix[t * NumClasses + p] += weight;
            }
        }
    }

    /// <inheritdoc/>
    public override double Result()
    {
        double sum = 0, valid = 0;
        foreach (int c in _targets)
        {
            long truth = 0, predicted = 0;
            for (int k = 0; k < NumClasses; k++)
            {
                truth += _matrix[c * NumClasses + k];
                predicted += _matrix[k * NumClasses + c];
            }
            long tp = _matrix[c * NumClasses + c];
            double union = truth + predicted - tp;
            if (union > 1e-9)
            {
                valid++;
                sum += tp / (union + Epsilon);
            }
        }
        return sum / (valid + Epsilon);
    }
}

/// <summary>
/// Keras <c>MeanIoU</c>: <see cref="IoU"/> averaged over every class <c>0 … numClasses − 1</c>. Keras' defaults take class
/// ids on both sides; for a softmax output pass <c>sparseYPred: false</c> (argmax).
/// </summary>
/// <param name="numClasses">Classes the labels and predictions index.</param>
/// <param name="ignoreClass">A label id not counted.</param>
/// <param name="sparseYTrue">Labels are class ids (default); false: one-hot.</param>
/// <param name="sparseYPred">Predictions are class ids (Keras default); false: scores, taken by argmax.</param>
/// <param name="name">Display name; default <c>"mean_io_u"</c> (Keras' snake case of the class name).</param>
public sealed class MeanIoU(int numClasses, int? ignoreClass = null, bool sparseYTrue = true, bool sparseYPred = true, string? name = null)
    : IoU(numClasses, [.. Enumerable.Range(0, Math.Max(numClasses, 1))], ignoreClass, sparseYTrue, sparseYPred, name ?? "mean_io_u");

/// <summary>
/// Keras <c>BinaryIoU</c>: <see cref="IoU"/> over two classes, each prediction being class 1 when <c>p ≥ threshold</c>
/// (note ≥, unlike the accuracy metrics' &gt;) and each label its (truncated) 0/1 value, averaged over
/// <c>targetClassIds</c> (default both).
/// </summary>
public sealed class BinaryIoU : IoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="targetClassIds">Classes averaged: <c>[0, 1]</c> (default), <c>[1]</c> or <c>[0]</c>.</param>
    /// <param name="threshold">Predictions at or above it are class 1 (default 0.5).</param>
    /// <param name="name">Display name; default <c>"binary_io_u"</c> (Keras' snake case of the class name).</param>
    public BinaryIoU(int[]? targetClassIds = null, double threshold = 0.5, string? name = null)
        : base(2, targetClassIds ?? [0, 1], null, sparseYTrue: true, sparseYPred: true, name ?? "binary_io_u")
    {
        Threshold = (float)threshold;
    }

    /// <summary>Predictions at or above it are class 1.</summary>
    public float Threshold { get; }

    private protected override long PredictedClass(ReadOnlySpan<float> row, int j) => row[j] >= Threshold ? 1 : 0;
}
