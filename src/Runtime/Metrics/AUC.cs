namespace GenNet.Metrics;

/// <summary>Which curve <see cref="AUC"/> integrates (Keras' <c>curve</c>).</summary>
public enum AucCurve
{
    /// <summary>Receiver operating characteristic: recall against the false-positive rate.</summary>
    ROC,
    /// <summary>Precision against recall.</summary>
    PR,
    /// <summary>Precision gain against recall gain (Flach and Kull, 2015).</summary>
    PRGain,
}

/// <summary>How <see cref="AUC"/> sums the areas between thresholds (Keras' <c>summation_method</c>).</summary>
public enum AucSummationMethod
{
    /// <summary>Trapezoids; for PR, Davis and Goadrich's interpolation of precision (Keras' default).</summary>
    Interpolation,
    /// <summary>The larger of the two heights (an upper Riemann sum).</summary>
    Majoring,
    /// <summary>The smaller of the two heights (a lower Riemann sum).</summary>
    Minoring,
}

/// <summary>
/// Keras <c>AUC</c>: the area under the ROC or PR curve, approximated from confusion counts at <c>num_thresholds</c>
/// thresholds <c>[−ε, 1/(T−1), …, (T−2)/(T−1), 1 + ε]</c> accumulated over every batch since the reset. Every element of
/// <c>y_pred</c> is one prediction (or, multi-label, each output has a curve of its own); labels are positive when
/// non-zero; rows weigh their sample weight.
/// </summary>
/// <remarks>
/// ROC: <c>Σ_i (fpr_i − fpr_{i+1})·(tpr_i + tpr_{i+1})/2</c>. PR with interpolation: Keras' <c>interpolate_pr_auc</c>, which
/// integrates precision as <c>TP/P</c> with TP linear in P between thresholds (Davis and Goadrich, 2006). Ratios are
/// <c>divide_no_nan</c>; counts are kept in double.
/// </remarks>
public sealed class AUC : Metric
{
    private ConfusionCounts _counts;
    private ConfusionCounts[] _perLabel = []; // multi_label: one column each, made by Build
    private readonly float[]? _labelWeights;
    private readonly string _name;
    private float[] _row = []; // one row's sigmoids (fromLogits); grows once

    /// <summary>Creates the metric.</summary>
    /// <param name="numThresholds">Thresholds used to discretize the curve (Keras default 200); must be &gt; 1. Ignored when <paramref name="thresholds"/> is given.</param>
    /// <param name="curve">ROC (default), PR or PRGain.</param>
    /// <param name="summationMethod">Interpolation (default), Majoring or Minoring.</param>
    /// <param name="thresholds">Inner thresholds in [0, 1] to use instead of the even ones (sorted; −ε and 1 + ε are added).</param>
    /// <param name="fromLogits">Apply a sigmoid to the predictions first.</param>
    /// <param name="multiLabel">Each output is its own binary problem: one curve per output, their AUCs averaged (weighted by
    /// <paramref name="labelWeights"/> when given). Otherwise every element is one prediction of a single curve.</param>
    /// <param name="labelWeights">A weight per output: the average's weights (multi-label), or a factor on each element's
    /// weight in the counts (otherwise).</param>
    /// <param name="name">Display name; default <c>"auc"</c>.</param>
    public AUC(int numThresholds = 200, AucCurve curve = AucCurve.ROC, AucSummationMethod summationMethod = AucSummationMethod.Interpolation,
        float[]? thresholds = null, bool fromLogits = false, bool multiLabel = false, float[]? labelWeights = null, string? name = null)
    {
        if (!Enum.IsDefined(curve)) throw new ArgumentOutOfRangeException(nameof(curve), curve, "Expected ROC, PR or PRGain.");
        if (!Enum.IsDefined(summationMethod))
            throw new ArgumentOutOfRangeException(nameof(summationMethod), summationMethod, "Expected Interpolation, Majoring or Minoring.");
        float[] inner;
        if (thresholds is not null)
        {
            inner = ConfusionCounts.Parse(thresholds, 0f, nameof(thresholds));
            Array.Sort(inner);
        }
        else
        {
            if (numThresholds <= 1)
                throw new ArgumentOutOfRangeException(nameof(numThresholds), numThresholds, "Argument num_thresholds must be an integer > 1.");
            inner = new float[numThresholds - 2];
            for (int i = 0; i < inner.Length; i++) inner[i] = (float)((i + 1) * 1.0 / (numThresholds - 1));
        }
        const double epsilon = 1e-7; // keras.backend.epsilon()
        if (labelWeights is not null && labelWeights.Any(w => !(w >= 0f)))
            throw new ArgumentOutOfRangeException(nameof(labelWeights), "Expected non-negative label weights.");
        _labelWeights = labelWeights is null ? null : [.. labelWeights];
        MultiLabel = multiLabel;
        _counts = new ConfusionCounts([(float)(0.0 - epsilon), .. inner, (float)(1.0 + epsilon)], topK: null, classId: null, withEpsilon: true,
            labelWeights: multiLabel ? null : _labelWeights);
        Curve = curve;
        SummationMethod = summationMethod;
        FromLogits = fromLogits;
        _name = name ?? "auc";
    }

    /// <summary>Thresholds used, the ε-widened ends included (Keras' <c>thresholds</c>).</summary>
    public ReadOnlySpan<float> Thresholds => _counts.Thresholds;

    /// <summary>Thresholds used, the two ends included.</summary>
    public int NumThresholds => _counts.Count;

    /// <summary>The curve integrated.</summary>
    public AucCurve Curve { get; }

    /// <summary>How areas between thresholds are summed.</summary>
    public AucSummationMethod SummationMethod { get; }

    /// <summary>Whether predictions are logits (a sigmoid is applied first).</summary>
    public bool FromLogits { get; }

    /// <summary>Whether each output has its own curve (their AUCs averaged).</summary>
    public bool MultiLabel { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    private protected override void DetachState()
    {
        _counts = _counts.Copy();
        _perLabel = [];
        _row = [];
    }

    /// <inheritdoc/>
    public override void Build(int n, int labelSize)
    {
        _counts.Build(n, labelSize, Name);
        if (MultiLabel)
        {
            if (_labelWeights is not null && _labelWeights.Length != n)
                throw new ArgumentException($"{Name}: expected one label weight per output ({n}), got {_labelWeights.Length}.");
            _perLabel = new ConfusionCounts[n];
            for (int j = 0; j < n; j++)
            {
                _perLabel[j] = new ConfusionCounts(_counts.Thresholds.ToArray(), topK: null, classId: j, withEpsilon: true);
                _perLabel[j].Build(n, labelSize, Name);
            }
        }
        ResetState();
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        _counts.Reset();
        foreach (var counts in _perLabel) counts.Reset();
    }

    private void Count(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        if (!MultiLabel)
        {
            _counts.Update(yTrue, yPred, sampleWeight, batch, n);
            return;
        }
        if (_perLabel.Length != n) throw new InvalidOperationException($"Build the metric for {n} outputs before updating it.");
        foreach (var counts in _perLabel) counts.Update(yTrue, yPred, sampleWeight, batch, n);
    }

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        if (!FromLogits)
        {
            Count(yTrue, yPred, sampleWeight, batch, n);
            return;
        }
        // Sigmoid row by row through a buffer that grows once, so steady-state updates allocate nothing.
        MetricChecks.Update(yTrue, yPred, sampleWeight, batch, n, n);
        if (_row.Length < n) _row = new float[n];
        var row = _row.AsSpan(0, n);
        for (int i = 0; i < batch; i++)
        {
            for (int j = 0; j < n; j++) row[j] = (float)Losses.LossMath.Sigmoid(yPred[i * n + j]);
            Count(yTrue.Slice(i * n, n), row, sampleWeight.IsEmpty ? default : sampleWeight.Slice(i, 1), 1, n);
        }
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (!MultiLabel) return Area(_counts);
        // Keras: the mean of the per-label AUCs, or divide_no_nan(Σ auc·w, Σ w) with label weights.
        double sum = 0, weights = 0;
        for (int j = 0; j < _perLabel.Length; j++)
        {
            double w = _labelWeights?[j] ?? 1;
            sum += Area(_perLabel[j]) * w;
            weights += w;
        }
        return ConfusionCounts.Ratio(sum, weights);
    }

    /// <summary>The area under this metric's curve for one set of counts.</summary>
    private double Area(ConfusionCounts counts)
    {
        double[] tp = counts.TruePositives, fp = counts.FalsePositives, tn = counts.TrueNegatives, fn = counts.FalseNegatives;
        int count = counts.Count;
        if (Curve == AucCurve.PR && SummationMethod == AucSummationMethod.Interpolation) return InterpolatedPrAuc(tp, fp, fn);
        double sum = 0;
        for (int i = 0; i < count - 1; i++)
        {
            var (x0, y0) = Point(i);
            var (x1, y1) = Point(i + 1);
            double height = SummationMethod switch
            {
                AucSummationMethod.Interpolation => (y0 + y1) / 2,
                AucSummationMethod.Minoring => Math.Min(y0, y1),
                _ => Math.Max(y0, y1),
            };
            sum += (x0 - x1) * height;
        }
        return sum;

        (double X, double Y) Point(int i)
        {
            double recall = ConfusionCounts.Ratio(tp[i], tp[i] + fn[i]);
            switch (Curve)
            {
                case AucCurve.ROC:
                    return (ConfusionCounts.Ratio(fp[i], fp[i] + tn[i]), recall);
                case AucCurve.PR:
                    return (recall, ConfusionCounts.Ratio(tp[i], tp[i] + fp[i]));
                default:
                    double scale = ConfusionCounts.Ratio(tp[i] + fn[i], tn[i] + fp[i]);
                    double recallGain = tp[i] == 0 ? 0 : 1 - scale * ConfusionCounts.Ratio(fn[i], tp[i]);
                    double precisionGain = tp[i] == 0 ? 1 : 1 - scale * ConfusionCounts.Ratio(fp[i], tp[i]);
                    return (Math.Max(recallGain, 0), precisionGain);
            }
        }
    }

    /// <summary>Keras' <c>interpolate_pr_auc</c>: between thresholds, TP is linear in P = TP + FP, so precision is integrated exactly.</summary>
    private static double InterpolatedPrAuc(double[] tp, double[] fp, double[] fn)
    {
        double sum = 0;
        for (int i = 0; i < tp.Length - 1; i++)
        {
            double p0 = tp[i] + fp[i], p1 = tp[i + 1] + fp[i + 1];
            double dtp = tp[i] - tp[i + 1], dp = p0 - p1;
            double slope = ConfusionCounts.Ratio(dtp, Math.Max(dp, 0));
            double intercept = tp[i + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? ConfusionCounts.Ratio(p0, Math.Max(p1, 0)) : 1;
            sum += ConfusionCounts.Ratio(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(tp[i + 1] + fn[i + 1], 0));
        }
        return sum;
    }
}
