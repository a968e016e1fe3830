using System.Numerics;
using System.Numerics.Tensors;
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
        if (rowLength <= Vector512<float>.Count && Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
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
    /// <see cref="Softmax"/> for rows that fit one 512-bit vector (a 10-class head): each row in one masked vector, so
    /// a row costs a handful of vector operations instead of five span calls that each fall back to scalar code (the
    /// exponentials most of all) on fewer values than a vector.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SoftmaxShortRows(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        var live = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(rowLength)).AsSingle();
        var negativeInfinity = Vector512.Create(float.NegativeInfinity);
        fixed (float* xp = x, yp = y)
        {
            for (int offset = 0; offset < x.Length; offset += rowLength)
            {
                // Dead lanes read −∞: they leave the max alone and their exponentials are 0, so they leave the sum alone too.
                var row = Avx512F.MaskLoad(xp + offset, live, negativeInfinity);
                var e = Vector512.Exp(row - Vector512.Create(MaxOf(row)));
                Avx512F.MaskStore(yp + offset, live, e / Vector512.Create(Vector512.Sum(e)));
            }
        }
    }

    /// <summary>The largest lane, by halving: 16 → 8 → 4 → 2 → 1.</summary>
    private static float MaxOf(Vector512<float> v)
    {
        var m8 = Vector256.Max(v.GetLower(), v.GetUpper());
        var m4 = Vector128.Max(m8.GetLower(), m8.GetUpper());
        var m2 = Vector128.Max(m4, Vector128.Shuffle(m4, Vector128.Create(2, 3, 0, 1)));
        return MathF.Max(m2.ToScalar(), m2.GetElement(1));
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
