using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>ZeroPadding1D(padding)</c> on sequences: <c>y[n, t + left, c] = x[n, t, c]</c>, every other element of
/// <c>y[batch, left + steps + right, channels]</c> zero. Its gradient is the inner window
/// <c>dx[n, t, c] = dy[n, t + left, c]</c>. Each sample's steps are one contiguous run of <c>steps·channels</c> floats in
/// both, so each is one copy per sample. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ZeroPadding1DKernel
{
    /// <summary>Pads <c>x[batch, steps, channels]</c> with zero steps into <paramref name="y"/> (overwritten).</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int steps, int channels, int left, int right)
    {
        Check(x.Length, nameof(x), y.Length, nameof(y), batch, steps, channels, left, right);
        int inner = steps * channels, outer = (left + steps + right) * channels;
        for (int n = 0; n < batch; n++)
        {
            Span<float> sample = y.Slice(n * outer, outer);
            sample.Slice(0, left * channels).Clear();
            x.Slice(n * inner, inner).CopyTo(sample.Slice(left * channels, inner));
            sample.Slice((left + steps) * channels).Clear();
        }
    }

    /// <summary><c>dx</c> = the inner <c>steps</c> of <c>dy</c>; <paramref name="dx"/> is overwritten.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int steps, int channels, int left, int right)
    {
        Check(dx.Length, nameof(dx), dy.Length, nameof(dy), batch, steps, channels, left, right);
        int inner = steps * channels, outer = (left + steps + right) * channels;
        for (int n = 0; n < batch; n++) dy.Slice(n * outer + left * channels, inner).CopyTo(dx.Slice(n * inner, inner));
    }

    private static void Check(int innerLength, string innerName, int outerLength, string outerName, int batch, int steps, int channels, int left, int right)
    {
        if (left < 0 || right < 0) throw new ArgumentException($"Expected non-negative left and right padding, but they are {left} and {right}.");
        if (batch < 0 || steps <= 0 || channels <= 0)
            throw new ArgumentException($"Expected a non-negative batch and positive steps and channels, but they are {batch}, {steps}, {channels}.");
        Conv2DKernel.CheckLength(batch * steps * channels, innerLength, innerName, "batch·steps·channels");
        Conv2DKernel.CheckLength(batch * (left + steps + right) * channels, outerLength, outerName, "batch·(left + steps + right)·channels");
    }
}
