using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

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
