namespace GenNet.Metrics;

/// <summary>
/// The confusion counts per threshold that TruePositives … FalseNegatives, Precision, Recall and AUC keep: Keras'
/// <c>update_confusion_matrix_variables</c> (keras/src/metrics/metrics_utils.py), not multi-label. Every element of the
/// batch (or only column <c>class_id</c>) is one prediction; its label is positive when non-zero; it weighs its row's
/// sample weight; at threshold <c>θ</c> it is predicted positive when <c>p &gt; θ</c>.
/// </summary>
/// <remarks>
/// Evenly spaced thresholds (three or more, <c>i/(T−1)</c>) take Keras' bucket path instead: <c>p</c> is clipped to [0, 1]
/// and counts as positive at threshold <c>i</c> when <c>i ≤ ⌈p·(T−1)⌉ − 1</c> (in float32), with the bucket floored at 0
/// when the ends are widened by ε (AUC's). The two agree for <c>p</c> in [0, 1] up to rounding, as in Keras.
/// top_k first keeps each row's k largest scores (lower index first on ties) and sets the others to −1e10.
/// Counts are summed in double; state is allocated in <see cref="Build"/>.
/// </remarks>
internal sealed class ConfusionCounts
{
    /// <summary>Keras' <c>NEG_INF</c>: filtered-out scores, and the threshold with top_k.</summary>
    public const float NegativeInfinity = -1e10f;

    private readonly float[] _thresholds;
    private readonly bool _evenly, _withEpsilon;
    private readonly int? _topK, _classId;
    private readonly float[]? _labelWeights;

    /// <param name="thresholds">Predicted positive above each; in [0, 1] (AUC's ends widened by ε).</param>
    /// <param name="topK">Keep only each row's k largest scores (null: all).</param>
    /// <param name="classId">Count only this column (null: every element).</param>
    /// <param name="withEpsilon">The ends are AUC's −ε and 1 + ε.</param>
    /// <param name="labelWeights">A weight per column multiplying the sample weight (AUC's <c>label_weights</c>); null: 1.</param>
    public ConfusionCounts(float[] thresholds, int? topK, int? classId, bool withEpsilon = false, float[]? labelWeights = null)
    {
        _labelWeights = labelWeights;
        _thresholds = thresholds;
        _topK = topK;
        _classId = classId;
        _evenly = IsEvenlyDistributed(thresholds, withEpsilon);
        _withEpsilon = withEpsilon;
    }

    public int Count => _thresholds.Length;

    /// <summary>The same configuration with state of its own (allocated by <see cref="Build"/>).</summary>
    public ConfusionCounts Copy() => (ConfusionCounts)MemberwiseClone();

    public ReadOnlySpan<float> Thresholds => _thresholds;

    public double[] TruePositives { get; private set; } = [];
    public double[] FalsePositives { get; private set; } = [];
    public double[] TrueNegatives { get; private set; } = [];
    public double[] FalseNegatives { get; private set; } = [];

    /// <summary>
    /// Keras' thresholds argument: null → <paramref name="defaultThreshold"/>; given ones must lie in [0, 1].
    /// </summary>
    public static float[] Parse(float[]? thresholds, float defaultThreshold, string paramName)
    {
        if (thresholds is null) return [defaultThreshold];
        if (thresholds.Length == 0) throw new ArgumentException("Expected at least one threshold, got none.", paramName);
        var invalid = thresholds.Where(t => !(t >= 0f && t <= 1f)).ToArray();
        if (invalid.Length > 0)
            throw new ArgumentOutOfRangeException(paramName, $"Threshold values must be in [0, 1]. Received: [{string.Join(", ", invalid)}].");
        return [.. thresholds];
    }

    /// <summary>Checks the shapes (labels like predictions; class_id and top_k within the classes) and allocates the counts.</summary>
    public void Build(int n, int labelSize, string metric)
    {
        if (labelSize != n)
            throw new ArgumentException(
                $"{metric} expects y_true shaped like y_pred (0/1 per output, e.g. one-hot labels); got {labelSize} label floats for {n} outputs.");
        if (_labelWeights is not null && _labelWeights.Length != n)
            throw new ArgumentException($"{metric}: expected one label weight per output ({n}), got {_labelWeights.Length}.");
        if (_classId is int c && c >= n)
            throw new ArgumentOutOfRangeException(nameof(n), $"{metric}: class_id {c} is out of range for {n} outputs [0, {n}).");
        TruePositives = new double[Count];
        FalsePositives = new double[Count];
        TrueNegatives = new double[Count];
        FalseNegatives = new double[Count];
    }

    public void Reset()
    {
        Array.Clear(TruePositives);
        Array.Clear(FalsePositives);
        Array.Clear(TrueNegatives);
        Array.Clear(FalseNegatives);
    }

    public void Update(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        MetricChecks.Update(yTrue, yPred, sampleWeight, batch, n, n);
        if (TruePositives.Length != Count) throw new InvalidOperationException("Build the metric before updating it.");
        int first = _classId ?? 0, last = _classId ?? n - 1;
        for (int i = 0; i < batch; i++)
        {
            var row = yPred.Slice(i * n, n);
            double w = MetricChecks.Weight(sampleWeight, i);
            for (int j = first; j <= last; j++)
            {
                float p = _topK is int k && !InTopK(row, j, k) ? NegativeInfinity : row[j];
                Add(yTrue[i * n + j] != 0f, p, _labelWeights is null ? w : w * _labelWeights[j]);
            }
        }
    }

    private void Add(bool positive, float p, double w)
    {
        int predictedUpTo; // predicted positive at thresholds [0, predictedUpTo)
        if (_evenly)
        {
            float clipped = Math.Clamp(p, 0f, 1f);
            int bucket = (int)(MathF.Ceiling(clipped * (Count - 1)) - 1f);
            if (_withEpsilon) bucket = Math.Max(bucket, 0);
            predictedUpTo = bucket + 1;
        }
        else
        {
            predictedUpTo = -1;
        }
        for (int t = 0; t < Count; t++)
        {
            bool predicted = predictedUpTo >= 0 ? t < predictedUpTo : p > _thresholds[t];
            if (positive)
            {
                if (predicted) TruePositives[t] += w;
                else FalseNegatives[t] += w;
            }
            else
            {
                if (predicted) FalsePositives[t] += w;
                else TrueNegatives[t] += w;
            }
        }
    }

    /// <summary>Whether column <paramref name="j"/> is among the row's k largest (ties: the lower index ranks first, as top_k).</summary>
    private static bool InTopK(ReadOnlySpan<float> row, int j, int k)
    {
        int ahead = 0;
        for (int c = 0; c < row.Length; c++)
            if (row[c] > row[j] || (row[c] == row[j] && c < j)) ahead++;
        return ahead < k;
    }

    /// <summary>
    /// Keras' <c>is_evenly_distributed_thresholds</c>: three or more thresholds within <c>np.allclose</c> (rtol 1e-5,
    /// atol ε) of <c>i/(T−1)</c>; AUC's, widened by ε at the ends, are checked without the ends' ε.
    /// </summary>
    private static bool IsEvenlyDistributed(float[] thresholds, bool withEpsilon)
    {
        int count = thresholds.Length;
        if (count < 3) return false;
        for (int i = 0; i < count; i++)
        {
            double even = (double)(float)i / (count - 1);
            double t = withEpsilon && (i == 0 || i == count - 1) ? even : thresholds[i];
            if (Math.Abs(t - even) > 1e-7 + 1e-5 * Math.Abs(even)) return false;
        }
        return true;
    }

    /// <summary><c>divide_no_nan(a, b)</c>: 0 where the denominator is 0.</summary>
    public static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
}
