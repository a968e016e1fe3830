namespace GenNet.Metrics;

/// <summary>How <see cref="FBetaScore"/> combines the classes (Keras' <c>average</c>).</summary>
public enum FScoreAverage
{
    /// <summary>No averaging: one score per class (Keras <c>None</c>).</summary>
    None,
    /// <summary>Counts summed over classes first, then one score.</summary>
    Micro,
    /// <summary>The unweighted mean of the per-class scores.</summary>
    Macro,
    /// <summary>The per-class scores weighted by each class's (weighted) number of positive labels.</summary>
    Weighted,
}

/// <summary>
/// Keras <c>FBetaScore</c>: <c>(1 + β²)·P·R / (β²·P + R)</c> per class from counts accumulated since the reset, with
/// Keras' ε guards: <c>P = TP/(TP + FP + ε)</c>, <c>R = TP/(TP + FN + ε)</c>, <c>F = (1 + β²)·P·R/(β²·P + R + ε)</c>.
/// A prediction is positive when above <c>threshold</c>, or, without one, when it is its row's largest (ties all count)
/// and <c>|p| &gt; 1e-9</c>. Labels are used as given (multiplied), so they should be 0/1, one float per class.
/// </summary>
public class FBetaScore : Metric
{
    private const double Epsilon = 1e-7; // keras.backend.epsilon()
    private readonly string _name;
    private double[] _tp = [], _fp = [], _fn = [], _support = [];

    /// <summary>Creates the metric.</summary>
    /// <param name="average">None (default: one score per class), Micro, Macro or Weighted.</param>
    /// <param name="beta">Weight of recall against precision; must be &gt; 0 (Keras default 1).</param>
    /// <param name="threshold">Predictions above it are positive; must be in (0, 1]; null: each row's largest.</param>
    /// <param name="name">Display name; default <c>"fbeta_score"</c>.</param>
    public FBetaScore(FScoreAverage average = FScoreAverage.None, double beta = 1.0, double? threshold = null, string? name = null)
        : this(average, beta, threshold, name ?? "fbeta_score", nameof(beta))
    {
    }

    private protected FBetaScore(FScoreAverage average, double beta, double? threshold, string name, string betaName)
    {
        if (!Enum.IsDefined(average)) throw new ArgumentOutOfRangeException(nameof(average), average, "Expected None, Micro, Macro or Weighted.");
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(betaName, beta, "Invalid beta: it should be > 0.");
        if (threshold is double t && !(t > 0 && t <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), t, "Invalid threshold: it should verify 0 < threshold <= 1.");
        Average = average;
        Beta = beta;
        Threshold = (float?)threshold;
        _name = name;
    }

    /// <summary>How classes are combined.</summary>
    public FScoreAverage Average { get; }

    /// <summary>Weight of recall against precision.</summary>
    public double Beta { get; }

    /// <summary>Predictions above it are positive; null: each row's largest.</summary>
    public float? Threshold { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override int ResultCount => Average == FScoreAverage.None ? _tp.Length : 1;

    private protected override void DetachState() => (_tp, _fp, _fn, _support) = ([], [], [], []);

    /// <inheritdoc/>
    public override void Build(int n, int labelSize)
    {
        if (labelSize != n)
            throw new ArgumentException($"{Name} expects y_true shaped like y_pred (one 0/1 label per class, e.g. one-hot); got {labelSize} label floats for {n} outputs.");
        // Micro sums every class into one count (Keras' axis=None).
        int size = Average == FScoreAverage.Micro ? 1 : n;
        (_tp, _fp, _fn, _support) = (new double[size], new double[size], new double[size], new double[size]);
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Clear(_tp);
        Array.Clear(_fp);
        Array.Clear(_fn);
        Array.Clear(_support);
    }

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        MetricChecks.Update(yTrue, yPred, sampleWeight, batch, n, n);
        if (_tp.Length == 0) throw new InvalidOperationException("Build the metric before updating it.");
        bool micro = Average == FScoreAverage.Micro;
        for (int i = 0; i < batch; i++)
        {
            var row = yPred.Slice(i * n, n);
            float max = float.NegativeInfinity;
            if (Threshold is null) foreach (float v in row) max = Math.Max(max, v);
            double w = MetricChecks.Weight(sampleWeight, i);
            for (int j = 0; j < n; j++)
            {
                double predicted = (Threshold is float t ? row[j] > t : row[j] >= max && Math.Abs(row[j]) > 1e-9) ? 1 : 0;
                double label = yTrue[i * n + j];
                int c = micro ? 0 : j;
                _tp[c] += predicted * label * w;
                _fp[c] += predicted * (1 - label) * w;
                _fn[c] += (1 - predicted) * label * w;
                _support[c] += label * w;
            }
        }
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (ResultCount != 1) throw VectorResult();
        if (Average == FScoreAverage.None || Average == FScoreAverage.Micro) return Score(0);
        double sum = 0;
        if (Average == FScoreAverage.Macro)
        {
            for (int c = 0; c < _tp.Length; c++) sum += Score(c);
            return sum / _tp.Length;
        }
        double support = _support.Sum();
        for (int c = 0; c < _tp.Length; c++) sum += Score(c) * (_support[c] / (support + Epsilon));
        return sum;
    }

    /// <inheritdoc/>
    public override void Results(Span<double> values)
    {
        if (Average != FScoreAverage.None)
        {
            base.Results(values);
            return;
        }
        for (int c = 0; c < _tp.Length; c++) values[c] = Score(c);
    }

    private double Score(int c)
    {
        double precision = _tp[c] / (_tp[c] + _fp[c] + Epsilon), recall = _tp[c] / (_tp[c] + _fn[c] + Epsilon);
        double beta2 = Beta * Beta;
        return precision * recall / (beta2 * precision + recall + Epsilon) * (1 + beta2);
    }
}

/// <summary>Keras <c>F1Score</c>: <see cref="FBetaScore"/> with β = 1, named <c>"f1_score"</c>.</summary>
/// <param name="average">None (default: one score per class), Micro, Macro or Weighted.</param>
/// <param name="threshold">Predictions above it are positive; must be in (0, 1]; null: each row's largest.</param>
/// <param name="name">Display name; default <c>"f1_score"</c>.</param>
public sealed class F1Score(FScoreAverage average = FScoreAverage.None, double? threshold = null, string? name = null)
    : FBetaScore(average, 1.0, threshold, name ?? "f1_score", "beta");
