using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>PReLU(shared_axes)</c>: <c>y = relu(x) − α·relu(−x)</c>, i.e. <c>x</c> where <c>x &gt; 0</c> and <c>α·x</c>
/// elsewhere, with a trainable <c>α</c> per element of a sample, or one per group of elements when axes are shared. The
/// sample's element <c>p</c> uses <c>alpha[map[p]]</c>; an empty <c>map</c> means one α per element (<c>map[p] = p</c>).
/// Gradients (TensorFlow's relu′(0) = 0): <c>dx = dy</c> where <c>x &gt; 0</c>, <c>α·dy</c> where <c>x &lt; 0</c>, 0 at 0;
/// <c>dα[a] = Σ_{n, p: map[p] = a} min(x, 0)·dy</c>, summed in sample, then element order. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PReLUKernel
{
    /// <summary><c>y[n, p] = x &gt; 0 ? x : alpha[map[p]]·x</c> over <paramref name="batch"/> samples of <paramref name="sampleSize"/> floats.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> alpha, Span<float> y, ReadOnlySpan<int> map, int batch, int sampleSize)
    {
        Check(x.Length, alpha.Length, y.Length, nameof(y), map.Length, batch, sampleSize);
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * sampleSize, sampleSize);
            Span<float> ys = y.Slice(n * sampleSize, sampleSize);
            if (map.IsEmpty)
            {
                int p = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    ref float xr = ref MemoryMarshal.GetReference(xs);
                    ref float ar = ref MemoryMarshal.GetReference(alpha);
                    ref float yr = ref MemoryMarshal.GetReference(ys);
                    for (; p <= sampleSize - Vector<float>.Count; p += Vector<float>.Count)
                    {
                        var v = Vector.LoadUnsafe(ref xr, (nuint)p);
                        var scaled = v * Vector.LoadUnsafe(ref ar, (nuint)p);
                        Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, scaled).StoreUnsafe(ref yr, (nuint)p);
                    }
                }
                for (; p < sampleSize; p++) ys[p] = xs[p] > 0 ? xs[p] : alpha[p] * xs[p];
            }
            else
            {
                for (int p = 0; p < sampleSize; p++) ys[p] = xs[p] > 0 ? xs[p] : alpha[map[p]] * xs[p];
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="dx"/> (unless it is empty: the first layer's input needs none) and overwrites
    /// <paramref name="dAlpha"/> with the sums in the type's summary.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> alpha, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dAlpha,
        ReadOnlySpan<int> map, int batch, int sampleSize)
    {
        Check(x.Length, alpha.Length, dy.Length, nameof(dy), map.Length, batch, sampleSize);
        if (!dx.IsEmpty) Conv2DKernel.CheckLength(x.Length, dx.Length, nameof(dx), "the length of x");
        Conv2DKernel.CheckLength(alpha.Length, dAlpha.Length, nameof(dAlpha), "the length of alpha");
        dAlpha.Clear();
        for (int n = 0; n < batch; n++)
        {
            int start = n * sampleSize;
            for (int p = 0; p < sampleSize; p++)
            {
                float v = x[start + p], g = dy[start + p];
                int a = map.IsEmpty ? p : map[p];
                if (v < 0) dAlpha[a] += v * g;
                if (!dx.IsEmpty) dx[start + p] = v > 0 ? g : v < 0 ? alpha[a] * g : 0f;
            }
        }
    }

    /// <summary>
    /// For each element of a sample of <paramref name="shape"/> (row-major), the index of its α in
    /// <paramref name="alphaShape"/>, which is <paramref name="shape"/> with the shared axes set to 1: the element's index
    /// with those axes' coordinates dropped. Built once per layer (a static field of the generated model).
    /// </summary>
    public static int[] AlphaMap(int[] shape, int[] alphaShape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(alphaShape);
        if (shape.Length != alphaShape.Length)
            throw new ArgumentException($"Expected alphaShape to have rank {shape.Length} (the rank of shape), but its rank is {alphaShape.Length}.", nameof(alphaShape));
        int size = 1;
        for (int k = 0; k < shape.Length; k++)
        {
            if (shape[k] <= 0 || (alphaShape[k] != 1 && alphaShape[k] != shape[k]))
                throw new ArgumentException($"Expected axis {k} of alphaShape to be 1 or {shape[k]} (shape's), but it is {alphaShape[k]}.", nameof(alphaShape));
            size *= shape[k];
        }
        var map = new int[size];
        Span<int> index = stackalloc int[shape.Length];
        for (int p = 0; p < size; p++)
        {
            int a = 0;
            for (int k = 0; k < shape.Length; k++) a = a * alphaShape[k] + (alphaShape[k] == 1 ? 0 : index[k]);
            map[p] = a;
            for (int k = shape.Length - 1; k >= 0 && ++index[k] == shape[k]; k--) index[k] = 0;
        }
        return map;
    }

    private static void Check(int xLength, int alphaLength, int yLength, string yName, int mapLength, int batch, int sampleSize)
    {
        if (batch < 0 || sampleSize <= 0)
            throw new ArgumentException($"Expected a non-negative batch and a positive sampleSize, but they are {batch}, {sampleSize}.");
        if (mapLength != 0 && mapLength != sampleSize)
            throw new ArgumentException($"Expected map to be empty or to have length {sampleSize} (sampleSize), but its length is {mapLength}.", "map");
        if (mapLength == 0) Conv2DKernel.CheckLength(sampleSize, alphaLength, "alpha", "sampleSize, without a map");
        Conv2DKernel.CheckLength(batch * sampleSize, xLength, "x", "batch·sampleSize");
        Conv2DKernel.CheckLength(batch * sampleSize, yLength, yName, "batch·sampleSize");
    }
}
