using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

/// <summary>
/// The per-channel passes of <see cref="BatchNormalizationKernel"/>'s training mode over <c>x[rows, channels]</c> row-major,
/// for the channels <c>[c0, c0 + width)</c>, vectorised across channels: lane k of a vector is channel <c>c0 + k</c>, and its
/// sums run in double. Even rows add into one partial sum and odd rows into another (two independent add chains per vector
/// hide the add's latency); the total is <c>even + odd</c>. The scalar tail keeps that order, so a channel's sums do not
/// depend on whether it falls in a vector or in the tail, nor on the vector width. Widening a float to double is exact.
/// </summary>
internal static class BatchNormalizationSums
{
    private static int Lanes => Vector<float>.Count;

    private static int Half => Vector<double>.Count;

    /// <summary><c>sum[k] = Σ_r x[r, c0 + k]</c>.</summary>
    public static void Columns(ReadOnlySpan<float> x, int rows, int channels, int c0, Span<double> sum)
    {
        int width = sum.Length, k = 0;
        ref float x0 = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Lanes <= width; k += Lanes)
            {
                Vector<double> evenLo = default, evenHi = default, oddLo = default, oddHi = default;
                int r = 0;
                for (; r + 1 < rows; r += 2)
                {
                    Vector.Widen(Row(ref x0, r, channels, c0 + k), out Vector<double> lo, out Vector<double> hi);
                    evenLo += lo;
                    evenHi += hi;
                    Vector.Widen(Row(ref x0, r + 1, channels, c0 + k), out lo, out hi);
                    oddLo += lo;
                    oddHi += hi;
                }
                if (r < rows)
                {
                    Vector.Widen(Row(ref x0, r, channels, c0 + k), out Vector<double> lo, out Vector<double> hi);
                    evenLo += lo;
                    evenHi += hi;
                }
                Store(sum, k, evenLo + oddLo, evenHi + oddHi);
            }
        }
        for (; k < width; k++)
        {
            double even = 0, odd = 0;
            int r = 0;
            for (; r + 1 < rows; r += 2)
            {
                even += x[r * channels + c0 + k];
                odd += x[(r + 1) * channels + c0 + k];
            }
            if (r < rows) even += x[r * channels + c0 + k];
            sum[k] = even + odd;
        }
    }

    /// <summary><c>sum[k] = Σ_r (x[r, c0 + k] − mean[k])²</c>, the deviations from the float mean taken in double.</summary>
    public static void SquaredDeviations(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, int rows, int channels, int c0, Span<double> sum)
    {
        int width = sum.Length, k = 0;
        ref float x0 = ref MemoryMarshal.GetReference(x);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Lanes <= width; k += Lanes)
            {
                Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(mean), (nuint)k), out Vector<double> meanLo, out Vector<double> meanHi);
                Vector<double> evenLo = default, evenHi = default, oddLo = default, oddHi = default;
                int r = 0;
                for (; r + 1 < rows; r += 2)
                {
                    Vector.Widen(Row(ref x0, r, channels, c0 + k), out Vector<double> lo, out Vector<double> hi);
                    lo -= meanLo;
                    hi -= meanHi;
                    evenLo += lo * lo;
                    evenHi += hi * hi;
                    Vector.Widen(Row(ref x0, r + 1, channels, c0 + k), out lo, out hi);
                    lo -= meanLo;
                    hi -= meanHi;
                    oddLo += lo * lo;
                    oddHi += hi * hi;
                }
                if (r < rows)
                {
                    Vector.Widen(Row(ref x0, r, channels, c0 + k), out Vector<double> lo, out Vector<double> hi);
                    lo -= meanLo;
                    hi -= meanHi;
                    evenLo += lo * lo;
                    evenHi += hi * hi;
                }
                Store(sum, k, evenLo + oddLo, evenHi + oddHi);
            }
        }
        for (; k < width; k++)
        {
            double m = mean[k], even = 0, odd = 0;
            int r = 0;
            for (; r + 1 < rows; r += 2)
            {
                double a = x[r * channels + c0 + k] - m, b = x[(r + 1) * channels + c0 + k] - m;
                even += a * a;
                odd += b * b;
            }
            if (r < rows)
            {
                double a = x[r * channels + c0 + k] - m;
                even += a * a;
            }
            sum[k] = even + odd;
        }
    }

    /// <summary>
    /// <c>sumDy[k] = Σ_r dy[r, c0 + k]</c> and <c>sumDyXhat[k] = Σ_r dy·x̂</c> with <c>x̂ = (x − mean[k])·inverse[k]</c>.
    /// </summary>
    public static void Gradients(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverse,
        int rows, int channels, int c0, Span<double> sumDy, Span<double> sumDyXhat)
    {
        int width = sumDy.Length, k = 0;
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Lanes <= width; k += Lanes)
            {
                Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(mean), (nuint)k), out Vector<double> meanLo, out Vector<double> meanHi);
                Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(inverse), (nuint)k), out Vector<double> invLo, out Vector<double> invHi);
                Vector<double> dyEvenLo = default, dyEvenHi = default, dyOddLo = default, dyOddHi = default;
                Vector<double> xhEvenLo = default, xhEvenHi = default, xhOddLo = default, xhOddHi = default;
                int r = 0;
                for (; r + 1 < rows; r += 2)
                {
                    AddGradientRow(ref dy0, ref x0, r * channels + c0 + k, meanLo, meanHi, invLo, invHi, ref dyEvenLo, ref dyEvenHi, ref xhEvenLo, ref xhEvenHi);
                    AddGradientRow(ref dy0, ref x0, (r + 1) * channels + c0 + k, meanLo, meanHi, invLo, invHi, ref dyOddLo, ref dyOddHi, ref xhOddLo, ref xhOddHi);
                }
                if (r < rows)
                    AddGradientRow(ref dy0, ref x0, r * channels + c0 + k, meanLo, meanHi, invLo, invHi, ref dyEvenLo, ref dyEvenHi, ref xhEvenLo, ref xhEvenHi);
                Store(sumDy, k, dyEvenLo + dyOddLo, dyEvenHi + dyOddHi);
                Store(sumDyXhat, k, xhEvenLo + xhOddLo, xhEvenHi + xhOddHi);
            }
        }
        for (; k < width; k++)
        {
            double m = mean[k], inv = inverse[k], dyEven = 0, dyOdd = 0, xhEven = 0, xhOdd = 0;
            int r = 0;
            for (; r + 1 < rows; r += 2)
            {
                int o = r * channels + c0 + k, p = o + channels;
                double a = dy[o], b = dy[p];
                dyEven += a;
                xhEven += a * ((x[o] - m) * inv);
                dyOdd += b;
                xhOdd += b * ((x[p] - m) * inv);
            }
            if (r < rows)
            {
                int o = r * channels + c0 + k;
                double a = dy[o];
                dyEven += a;
                xhEven += a * ((x[o] - m) * inv);
            }
            sumDy[k] = dyEven + dyOdd;
            sumDyXhat[k] = xhEven + xhOdd;
        }
    }

    /// <summary>
    /// <c>dx = γ·inverse·d</c> in double, rounded once to float, where <c>d = dy − (sumDy + x̂·sumDyXhat)/N</c> in
    /// training (the gradient through the batch statistics; <c>N = batchRows</c>, the rows the sums are over, of which these
    /// <paramref name="rows"/> are a block) and <c>d = dy</c> when <paramref name="sumDy"/> is empty (inference statistics are
    /// constants). An empty <paramref name="gamma"/> is γ = 1.
    /// </summary>
    public static void InputGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverse,
        ReadOnlySpan<float> dy, Span<float> dx, int rows, int channels, int c0, ReadOnlySpan<double> sumDy, ReadOnlySpan<double> sumDyXhat,
        int batchRows)
    {
        int width = mean.Length, k = 0;
        bool training = !sumDy.IsEmpty;
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float dx0 = ref MemoryMarshal.GetReference(dx);
        if (Vector.IsHardwareAccelerated)
        {
            var count = new Vector<double>(batchRows);
            for (; k + Lanes <= width; k += Lanes)
            {
                Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(mean), (nuint)k), out Vector<double> meanLo, out Vector<double> meanHi);
                Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(inverse), (nuint)k), out Vector<double> invLo, out Vector<double> invHi);
                Vector<double> gLo = Vector<double>.One, gHi = Vector<double>.One;
                if (!gamma.IsEmpty) Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(gamma), (nuint)k), out gLo, out gHi);
                Vector<double> scaleLo = gLo * invLo, scaleHi = gHi * invHi;
                Vector<double> sLo = default, sHi = default, tLo = default, tHi = default;
                if (training)
                {
                    sLo = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(sumDy), (nuint)k);
                    sHi = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(sumDy), (nuint)(k + Half));
                    tLo = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(sumDyXhat), (nuint)k);
                    tHi = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(sumDyXhat), (nuint)(k + Half));
                }
                for (int r = 0; r < rows; r++)
                {
                    Vector.Widen(Row(ref dy0, r, channels, c0 + k), out Vector<double> dLo, out Vector<double> dHi);
                    if (training)
                    {
                        Vector.Widen(Row(ref x0, r, channels, c0 + k), out Vector<double> xLo, out Vector<double> xHi);
                        dLo -= (sLo + (xLo - meanLo) * invLo * tLo) / count;
                        dHi -= (sHi + (xHi - meanHi) * invHi * tHi) / count;
                    }
                    Vector.Narrow(scaleLo * dLo, scaleHi * dHi).StoreUnsafe(ref dx0, (nuint)(r * channels + c0 + k));
                }
            }
        }
        for (; k < width; k++)
        {
            double g = gamma.IsEmpty ? 1.0 : gamma[k], m = mean[k], inv = inverse[k], scale = g * inv;
            for (int r = 0; r < rows; r++)
            {
                int o = r * channels + c0 + k;
                double d = dy[o];
                if (training) d -= (sumDy[k] + (x[o] - m) * inv * sumDyXhat[k]) / batchRows;
                dx[o] = (float)(scale * d);
            }
        }
    }

    /// <summary>One row's <c>dy</c> into <c>sumDy</c> and <c>dy·x̂</c> into <c>sumDyXhat</c>, for the lanes at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddGradientRow(ref float dy0, ref float x0, int offset, Vector<double> meanLo, Vector<double> meanHi,
        Vector<double> invLo, Vector<double> invHi, ref Vector<double> dyLo, ref Vector<double> dyHi, ref Vector<double> xhLo, ref Vector<double> xhHi)
    {
        Vector.Widen(Vector.LoadUnsafe(ref dy0, (nuint)offset), out Vector<double> dLo, out Vector<double> dHi);
        Vector.Widen(Vector.LoadUnsafe(ref x0, (nuint)offset), out Vector<double> xLo, out Vector<double> xHi);
        dyLo += dLo;
        dyHi += dHi;
        xhLo += dLo * ((xLo - meanLo) * invLo);
        xhHi += dHi * ((xHi - meanHi) * invHi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Row(ref float origin, int row, int channels, int column) =>
        Vector.LoadUnsafe(ref origin, (nuint)(row * channels + column));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<double> sum, int k, Vector<double> lo, Vector<double> hi)
    {
        ref double s0 = ref MemoryMarshal.GetReference(sum);
        lo.StoreUnsafe(ref s0, (nuint)k);
        hi.StoreUnsafe(ref s0, (nuint)(k + Half));
    }
}
