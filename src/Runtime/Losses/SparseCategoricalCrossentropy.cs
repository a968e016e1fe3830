namespace GenNet.Losses;

/// <summary>
/// Keras <c>sparse_categorical_crossentropy</c>: categorical cross-entropy with <c>t = one_hot(label)</c>; the label is a class
/// id stored as a float, one per sample (<see cref="LabelSize"/> = 1).
/// Probabilities: <c>q = p/Σp</c>, <c>l_i = −log clip(q_c, ε, 1 − ε)</c>, <c>∂l_i/∂p_k = (1 − [k = c]/q_c)/Σp</c> when q_c is inside
/// the clip, else 0. Logits: <c>l_i = logsumexp(z) − z_c</c>, <c>∂l_i/∂z = softmax(z) − one_hot(c)</c>.
/// </summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether the model output is logits z (linear output) rather than probabilities.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false) => FromLogits = fromLogits;

    /// <summary>Whether the model output is logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc/>
    public override string Name => "sparse_categorical_crossentropy";

    /// <summary>One float (the class id) per sample.</summary>
    public override int LabelSize(int outputSize) => 1;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A label is not an integer in <c>[0, n − 1]</c>.</exception>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n)
    {
        LossChecks.PerSample(yTrue, yPred, perSample, batch, n, 1);
        for (int i = 0; i < batch; i++)
        {
            int label = Label(yTrue, i, n);
            var p = yPred.Slice(i * n, n);
            perSample[i] = FromLogits
                ? (float)(Softmax.LogSumExp(p) - p[label])
                : (float)-Math.Log(Math.Clamp(p[label] / Softmax.Sum(p), LossMath.Epsilon, 1.0 - LossMath.Epsilon));
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A label is not an integer in <c>[0, n − 1]</c>.</exception>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n)
    {
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dyPred, batch, n, 1);
        for (int i = 0; i < batch; i++)
        {
            int label = Label(yTrue, i, n);
            double c = scale * LossMath.Weight(sampleWeight, i);
            var p = yPred.Slice(i * n, n);
            var d = dyPred.Slice(i * n, n);
            if (FromLogits)
            {
                double max = Softmax.Max(p), expSum = Softmax.ExpSum(p, max);
                for (int j = 0; j < n; j++) d[j] = (float)(c * (Math.Exp(p[j] - max) / expSum - (j == label ? 1.0 : 0.0)));
            }
            else
            {
                double sum = Softmax.Sum(p), q = p[label] / sum;
                bool active = Softmax.InsideClip(q);
                for (int j = 0; j < n; j++)
                    d[j] = active ? (float)(c * (1.0 - (j == label ? 1.0 / q : 0.0)) / sum) : 0f;
            }
        }
    }

    /// <summary>
    /// Softmax output with probabilities: the gradient with respect to the softmax input,
    /// <c>dLogits[i, j] = scale · w_i · (p_j − [j = label])</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is not an integer in <c>[0, n − 1]</c>.</exception>
    public override bool TryLogitGradient(string outputActivation, ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred,
        ReadOnlySpan<float> sampleWeight, float scale, Span<float> dLogits, int batch, int n)
    {
        if (FromLogits || !string.Equals(outputActivation, Act.Softmax, StringComparison.Ordinal)) return false;
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dLogits, batch, n, 1, nameof(dLogits));
        for (int i = 0; i < batch; i++)
        {
            int label = Label(yTrue, i, n);
            double c = scale * LossMath.Weight(sampleWeight, i);
            for (int j = 0; j < n; j++)
                dLogits[i * n + j] = (float)(c * (yPred[i * n + j] - (j == label ? 1.0 : 0.0)));
        }
        return true;
    }

    /// <summary>Row <paramref name="row"/>'s class id, checked: Keras would index out of bounds or one-hot to zeros.</summary>
    private static int Label(ReadOnlySpan<float> yTrue, int row, int n)
    {
        float value = yTrue[row];
        if (!(value >= 0f && value <= n - 1) || value != MathF.Floor(value))
            throw new ArgumentOutOfRangeException(nameof(yTrue), value,
                $"sparse_categorical_crossentropy: label {value} in row {row} is not a class id; valid labels are the integers 0 to {n - 1}.");
        return (int)value;
    }
}
