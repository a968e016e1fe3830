using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// Keras <c>softmax</c> (axis −1) over each row of <paramref name="rowLength"/> values:
    /// <c>y = e^(x − max)/Σ e^(x − max)</c>. Subtracting the row max keeps every exponent ≤ 0, so no input overflows.
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        CheckLength(x.Length, y.Length, nameof(y));
        CheckRowLength(x.Length, rowLength);
        if (rowLength <= 16 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            SoftmaxShortRows(x, y, rowLength);
            return;
        }
        for (int offset = 0; offset < x.Length; offset += rowLength)
        {
            ReadOnlySpan<float> xRow = x.Slice(offset, rowLength);
            Span<float> yRow = y.Slice(offset, rowLength);
            // TensorPrimitives.SoftMax does not subtract the max (it overflows for x ≳ 89), so it is composed here.
            TensorPrimitives.Subtract(xRow, TensorPrimitives.Max(xRow), yRow);
            TensorPrimitives.Exp(yRow, yRow);
            TensorPrimitives.Divide(yRow, TensorPrimitives.Sum<float>(yRow), yRow);
        }
    }

    /// <summary>
    /// <see cref="Softmax"/> for rows of at most one 16-float vector (a classifier's outputs): the four passes over a
    /// 10-value row cost more in per-call set-up than in arithmetic (0.23 µs a row, a sixth of the seed MLP's batch-1000
    /// inference). Each row is one masked load (lanes past the row read as −∞, whose exponential is 0, and never touch
    /// memory) and one masked store. Same results: Vector512.Exp is what TensorPrimitives.Exp runs, the max propagates
    /// NaN as TensorPrimitives.Max does, and the sum adds the same terms (in another order: the last bit may differ).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SoftmaxShortRows(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        Vector512<float> live = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)rowLength));
        Vector512<float> padding = Vector512.Create(float.NegativeInfinity);
        fixed (float* xp = x, yp = y)
        {
            for (int offset = 0; offset < x.Length; offset += rowLength)
            {
                float max = xp[offset];
                for (int i = 1; i < rowLength; i++) max = MathF.Max(max, xp[offset + i]);
                Vector512<float> e = Vector512.Exp(Avx512F.MaskLoad(xp + offset, live, padding) - Vector512.Create(max));
                Avx512F.MaskStore(yp + offset, live, e / Vector512.Create(Vector512.Sum(e)));
            }
        }
    }

    /// <summary>Gradient of <see cref="Softmax"/>, per row: <c>dx = y ⊙ (dy − Σ dy⊙y)</c>.</summary>
    public static void SoftmaxGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        int rowLength)
    {
        CheckLengths(x, y, dy, dx);
        CheckRowLength(x.Length, rowLength);
        for (int offset = 0; offset < x.Length; offset += rowLength)
        {
            ReadOnlySpan<float> yRow = y.Slice(offset, rowLength);
            ReadOnlySpan<float> dyRow = dy.Slice(offset, rowLength);
            float dot = TensorPrimitives.Dot(dyRow, yRow);
            TensorPrimitives.AddMultiply(dyRow, -dot, yRow, dx.Slice(offset, rowLength));
        }
    }

    /// <summary>
    /// Keras <c>log_softmax</c> (axis −1) over each row: <c>y = x − max − log Σ e^(x − max)</c>.
    /// </summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        CheckLength(x.Length, y.Length, nameof(y));
        CheckRowLength(x.Length, rowLength);
        for (int offset = 0; offset < x.Length; offset += rowLength)
        {
            ReadOnlySpan<float> xRow = x.Slice(offset, rowLength);
            Span<float> yRow = y.Slice(offset, rowLength);
            TensorPrimitives.Subtract(xRow, TensorPrimitives.Max(xRow), yRow);
            TensorPrimitives.Subtract(yRow, MathF.Log(SumExp(yRow)), yRow);
        }
    }

    /// <summary>Gradient of <see cref="LogSoftmax"/>, per row: <c>dx = dy − softmax(x)·Σ dy</c>, with softmax(x) = e^y.</summary>
    public static void LogSoftmaxGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        int rowLength)
    {
        CheckLengths(x, y, dy, dx);
        CheckRowLength(x.Length, rowLength);
        for (int offset = 0; offset < x.Length; offset += rowLength)
        {
            ReadOnlySpan<float> dyRow = dy.Slice(offset, rowLength);
            var op = new LogSoftmaxGradientOperator(TensorPrimitives.Sum(dyRow));
            MapGradient(op, x.Slice(offset, rowLength), y.Slice(offset, rowLength), dyRow, dx.Slice(offset, rowLength));
        }
    }

    /// <summary><c>Σ eˣ</c> over a row whose values are all ≤ 0 (so each term is in (0, 1]).</summary>
    private static float SumExp(ReadOnlySpan<float> x)
    {
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            Vector<float> acc = Vector<float>.Zero;
            ref float xr = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                acc += Vector.Exp(Vector.LoadUnsafe(ref xr, (nuint)i));
            sum = Vector.Sum(acc);
        }
        for (; i < x.Length; i++) sum += MathF.Exp(x[i]);
        return sum;
    }

    /// <summary><c>dx = dy − e^y·Σdy</c> for one row.</summary>
    private readonly struct LogSoftmaxGradientOperator(float rowSum) : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => dy - MathF.Exp(y) * rowSum;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) =>
            dy - Vector.Exp(y) * new Vector<float>(rowSum);
    }
}
