namespace GenNet.Metrics;

/// <summary>How <see cref="R2Score"/> combines the outputs (Keras' <c>class_aggregation</c>).</summary>
public enum R2Aggregation
{
    /// <summary>The mean of the per-output scores (Keras default <c>"uniform_average"</c>).</summary>
    UniformAverage,
    /// <summary>The per-output scores weighted by each output's total sum of squares.</summary>
    VarianceWeightedAverage,
    /// <summary>One score per output (Keras <c>None</c>).</summary>
    None,
}

/// <summary>
/// Keras <c>R2Score</c>, the coefficient of determination per output over everything since the reset:
/// <c>R² = 1 − Σw(t − p)² / (Σw·t² − (Σw·t)²/Σw)</c> (an infinite score counts as 0). With <c>num_regressors = k</c>
/// the adjusted score <c>1 − (1 − R²)(N − 1)/(N − k − 1)</c>, N = samples with a non-zero weight; Keras falls back to
/// plain R² when <c>k ≥ N − 1</c>.
/// </summary>
public sealed class R2Score : Metric
{
    private readonly string _name;
    private double[] _sum = [], _squaredSum = [], _residual = [], _count = [];
    private double _samples;

    /// <summary>Creates the metric.</summary>
    /// <param name="classAggregation">UniformAverage (default), VarianceWeightedAverage or None.</param>
    /// <param name="numRegressors">Independent regressors for the adjusted score; 0 (default) gives plain R².</param>
    /// <param name="name">Display name; default <c>"r2_score"</c>.</param>
    public R2Score(R2Aggregation classAggregation = R2Aggregation.UniformAverage, int numRegressors = 0, string? name = null)
    {
        if (!Enum.IsDefined(classAggregation))
            throw new ArgumentOutOfRangeException(nameof(classAggregation), classAggregation, "Expected UniformAverage, VarianceWeightedAverage or None.");
        if (numRegressors < 0)
            throw new ArgumentOutOfRangeException(nameof(numRegressors), numRegressors, "Invalid num_regressors: expected a value >= 0.");
        ClassAggregation = classAggregation;
        NumRegressors = numRegressors;
        _name = name ?? "r2_score";
    }

    /// <summary>How outputs are combined.</summary>
    public R2Aggregation ClassAggregation { get; }

    /// <summary>Independent regressors of the adjusted score (0: plain R²).</summary>
    public int NumRegressors { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override int ResultCount => ClassAggregation == R2Aggregation.None ? _sum.Length : 1;

    private protected override void DetachState() => (_sum, _squaredSum, _residual, _count) = ([], [], [], []);

    /// <inheritdoc/>
    public override void Build(int n, int labelSize)
    {
        if (labelSize != n)
            throw new ArgumentException($"{Name} expects one target per output (y_true shaped like y_pred); got {labelSize} label floats for {n} outputs.");
        (_sum, _squaredSum, _residual, _count) = (new double[n], new double[n], new double[n], new double[n]);
        ResetState();
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Clear(_sum);
        Array.Clear(_squaredSum);
        Array.Clear(_residual);
        Array.Clear(_count);
        _samples = 0;
    }

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        MetricChecks.Update(yTrue, yPred, sampleWeight, batch, n, n);
        if (_sum.Length != n) throw new InvalidOperationException($"Build the metric for {n} outputs before updating it.");
        for (int i = 0; i < batch; i++)
        {
            double w = MetricChecks.Weight(sampleWeight, i);
            for (int j = 0; j < n; j++)
            {
                double t = yTrue[i * n + j], e = t - yPred[i * n + j];
                _sum[j] += t * w;
                _squaredSum[j] += t * t * w;
                _residual[j] += e * e * w;
                _count[j] += w;
            }
            if (w != 0) _samples++;
        }
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (ResultCount != 1) throw VectorResult();
        int n = _sum.Length;
        double score;
        if (ClassAggregation == R2Aggregation.UniformAverage)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Raw(j);
            score = sum / n;
        }
        else if (ClassAggregation == R2Aggregation.VarianceWeightedAverage)
        {
            double weighted = 0, weights = 0;
            for (int j = 0; j < n; j++)
            {
                weighted += Total(j) * Raw(j);
                weights += Total(j);
            }
            score = weighted / weights;
        }
        else
        {
            score = Raw(0);
        }
        return Adjusted(score);
    }

    /// <inheritdoc/>
    public override void Results(Span<double> values)
    {
        if (ClassAggregation != R2Aggregation.None)
        {
            base.Results(values);
            return;
        }
        for (int j = 0; j < _sum.Length; j++) values[j] = Adjusted(Raw(j));
    }

    private double Total(int j) => _squaredSum[j] - _sum[j] * (_sum[j] / _count[j]);

    private double Raw(int j)
    {
        double raw = 1 - _residual[j] / Total(j);
        return double.IsInfinity(raw) ? 0 : raw;
    }

    private double Adjusted(double r2)
    {
        // Keras warns and falls back to plain R² when there are too few samples for the adjustment.
        if (NumRegressors == 0 || NumRegressors >= _samples - 1) return r2;
        return 1 - (1 - r2) * (_samples - 1) / (_samples - NumRegressors - 1);
    }
}
