using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>RepeatVector(n)</c>: <c>y[b, t, :] = x[b, :]</c> for <c>t &lt; n</c>; the gradient
/// <c>dx[b, :] = Σ_t dy[b, t, :]</c>, summed in step order. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RepeatVectorKernel
{
    /// <summary>Writes <paramref name="repeats"/> copies of each sample's <paramref name="features"/> values.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int repeats, int features)
    {
        Check(x.Length, y.Length, nameof(y), batch, repeats, features);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> row = x.Slice(b * features, features);
            for (int t = 0; t < repeats; t++) row.CopyTo(y.Slice((b * repeats + t) * features, features));
        }
    }

    /// <summary>Overwrites <paramref name="dx"/> with the step sums of <paramref name="dy"/>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int repeats, int features)
    {
        Check(dx.Length, dy.Length, nameof(dy), batch, repeats, features);
        for (int b = 0; b < batch; b++)
        {
            Span<float> row = dx.Slice(b * features, features);
            dy.Slice(b * repeats * features, features).CopyTo(row);
            for (int t = 1; t < repeats; t++) TensorPrimitives.Add(row, dy.Slice((b * repeats + t) * features, features), row);
        }
    }

    private static void Check(int vectorLength, int sequenceLength, string sequenceName, int batch, int repeats, int features)
    {
        if (batch < 0 || repeats <= 0 || features <= 0)
            throw new ArgumentException($"Expected a non-negative batch and positive repeats and features, but they are {batch}, {repeats}, {features}.");
        Conv2DKernel.CheckLength(batch * features, vectorLength, "x", "batch·features");
        Conv2DKernel.CheckLength(batch * repeats * features, sequenceLength, sequenceName, "batch·repeats·features");
    }
}
