using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

/// <summary>
/// The element-wise operations the recurrent cells' vector paths need beyond <see cref="Gemm.IGemmVector{TVector}"/>'s
/// loads, broadcasts and multiply-adds, for the same four widths (Vector512, Vector256, Vector128, one float).
/// </summary>
internal interface IRecurrentVector<TVector> where TVector : struct
{
    static abstract TVector Subtract(TVector a, TVector b);
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>
    /// <c>1/d</c> to about one ulp: the hardware estimate (AVX-512 <c>vrcp14ps</c>, relative error ≤ 2⁻¹⁴; SSE/AVX
    /// <c>rcpps</c>, ≤ 1.5·2⁻¹²) and one Newton step <c>x₁ = x₀ + x₀·(1 − d·x₀)</c>, which squares the error; a division
    /// where neither exists. Several times the throughput of <c>vdivps</c>.
    /// </summary>
    static abstract TVector Reciprocal(TVector d);
    static abstract TVector Abs(TVector a);
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>Per lane <c>x &lt; y ? whenLess : otherwise</c>.</summary>
    static abstract TVector SelectLess(TVector x, TVector y, TVector whenLess, TVector otherwise);

    /// <summary>Round to the nearest integer, ties to even.</summary>
    static abstract TVector Round(TVector a);

    /// <summary><c>2ⁿ</c> for lanes holding integers <c>n ∈ [−126, 127]</c> (built from the exponent bits, exact).</summary>
    static abstract TVector Pow2(TVector n);
}

public static partial class Gemm
{
    internal readonly partial struct V512 : IRecurrentVector<Vector512<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Reciprocal(Vector512<float> d)
        {
            Vector512<float> x = Avx512F.IsSupported ? Avx512F.Reciprocal14(d) : Vector512<float>.One / d;
            return Vector512.MultiplyAddEstimate(x, Vector512.MultiplyAddEstimate(-d, x, Vector512<float>.One), x);
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> SelectLess(Vector512<float> x, Vector512<float> y, Vector512<float> whenLess, Vector512<float> otherwise) =>
            Vector512.ConditionalSelect(Vector512.LessThan(x, y), whenLess, otherwise);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Round(Vector512<float> a) => Vector512.Round(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Pow2(Vector512<float> n) => Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
    }

    internal readonly partial struct V256 : IRecurrentVector<Vector256<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Reciprocal(Vector256<float> d)
        {
            Vector256<float> x = Avx512F.VL.IsSupported ? Avx512F.VL.Reciprocal14(d) : Avx.IsSupported ? Avx.Reciprocal(d) : Vector256<float>.One / d;
            return Vector256.MultiplyAddEstimate(x, Vector256.MultiplyAddEstimate(-d, x, Vector256<float>.One), x);
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> SelectLess(Vector256<float> x, Vector256<float> y, Vector256<float> whenLess, Vector256<float> otherwise) =>
            Vector256.ConditionalSelect(Vector256.LessThan(x, y), whenLess, otherwise);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Round(Vector256<float> a) => Vector256.Round(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Pow2(Vector256<float> n) => Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
    }

    internal readonly partial struct V128 : IRecurrentVector<Vector128<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Reciprocal(Vector128<float> d)
        {
            Vector128<float> x = Avx512F.VL.IsSupported ? Avx512F.VL.Reciprocal14(d) : Sse.IsSupported ? Sse.Reciprocal(d) : Vector128<float>.One / d;
            return Vector128.MultiplyAddEstimate(x, Vector128.MultiplyAddEstimate(-d, x, Vector128<float>.One), x);
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SelectLess(Vector128<float> x, Vector128<float> y, Vector128<float> whenLess, Vector128<float> otherwise) =>
            Vector128.ConditionalSelect(Vector128.LessThan(x, y), whenLess, otherwise);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Round(Vector128<float> a) => Vector128.Round(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Pow2(Vector128<float> n) => Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();
    }

    internal readonly partial struct Scalar : IRecurrentVector<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Subtract(float a, float b) => a - b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Reciprocal(float d) => 1f / d;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Abs(float a) => MathF.Abs(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Max(float a, float b) => MathF.Max(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float SelectLess(float x, float y, float whenLess, float otherwise) => x < y ? whenLess : otherwise;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Round(float a) => MathF.Round(a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Pow2(float n) => BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }
}

/// <summary>
/// σ and tanh for the recurrent cells, written once over a vector width and exact to a few float ulps, without calls:
/// both come from one range-reduced <c>expm1</c> of a non-positive argument.
/// </summary>
/// <remarks>
/// <para><b>Reduction.</b> For <c>y ∈ [−87, 0]</c>: <c>n = round(y/ln 2)</c>, <c>r = y − n·ln 2</c> with ln 2 split in a
/// high part of 9 significant bits (so <c>n·ln2_hi</c> is exact for |n| ≤ 126) and the rest (Cody and Waite, "Software
/// Manual for the Elementary Functions", 1980), so <c>|r| ≤ ln 2 / 2 ≈ 0.347</c>.</para>
/// <para><b>Polynomial.</b> <c>expm1(r) ≈ r + r²·(1/2 + r/6 + r²/24 + r³/120 + r⁴/720 + r⁵/5040)</c>, the Taylor series
/// to r⁷; the remainder is below <c>r⁸/8! ≤ 5.2e-9</c>, under 0.2 ulp of <c>expm1(r)</c> at the ends of the interval.</para>
/// <para><b>Reconstruction.</b> With <c>s = 2ⁿ</c> (exponent bits): <c>exp(y) = s + s·p</c> and
/// <c>expm1(y) = (s − 1) + s·p</c>, each one multiply-add; <c>s − 1</c> is exact for <c>n ≥ −24</c> and rounds to −1 below,
/// where expm1 is −1 to float precision anyway.</para>
/// <para><b>σ</b> as <see cref="Activations.SigmoidPair(System.Numerics.Vector{float})"/> does it: <c>e = exp(−|x|)</c>,
/// <c>σ(x) = 1/(1 + e)</c> for <c>x ≥ 0</c> and <c>e/(1 + e)</c> below (no overflow, full relative digits on both
/// sides; |x| &gt; 87 gives 1 or 0, a difference below 2e-38). <b>tanh</b>: <c>m = expm1(−2|x|) ∈ (−1, 0]</c>,
/// <c>tanh|x| = −m/(2 + m)</c>, sign restored, full digits near 0 where <c>1 − 2/(1 + e^{2x})</c> would cancel.</para>
/// <para>Only multiplies, adds, one reciprocal (estimate and Newton step) and selects per value, in a fixed order: the result depends on the value
/// and the vector width alone (the same on every thread and batch position).</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
internal static class RecurrentMath
{
    private const float Log2E = 1.44269504f, Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f, Lowest = -87f;

    /// <summary><c>(s, p)</c> with <c>e^y = s·(1 + p)</c>, <c>s = 2ⁿ</c>, <c>p = expm1(r)</c>, for <c>y ≤ 0</c> (clamped at −87).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Reduce<TV, TVec>(TVec y, out TVec scale)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        y = TV.Max(y, TV.Broadcast(Lowest));
        TVec n = TV.Round(TV.Multiply(y, TV.Broadcast(Log2E)));
        TVec r = TV.MultiplyAdd(n, TV.Broadcast(-Ln2High), y);
        r = TV.MultiplyAdd(n, TV.Broadcast(-Ln2Low), r);
        TVec q = TV.MultiplyAdd(TV.Broadcast(1f / 5040), r, TV.Broadcast(1f / 720));
        q = TV.MultiplyAdd(q, r, TV.Broadcast(1f / 120));
        q = TV.MultiplyAdd(q, r, TV.Broadcast(1f / 24));
        q = TV.MultiplyAdd(q, r, TV.Broadcast(1f / 6));
        q = TV.MultiplyAdd(q, r, TV.Broadcast(0.5f));
        scale = TV.Pow2(n);
        return TV.MultiplyAdd(TV.Multiply(r, r), q, r);
    }

    /// <summary><c>σ(x) = 1/(1 + e^−x)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid<TV, TVec>(TVec x)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        TVec p = Reduce<TV, TVec>(TV.Subtract(TV.Zero, TV.Abs(x)), out TVec s);
        TVec e = TV.MultiplyAdd(s, p, s);                                  // exp(−|x|) ∈ (0, 1]
        TVec positive = TV.Reciprocal(TV.Add(TV.Broadcast(1f), e));
        return TV.SelectLess(x, TV.Zero, TV.Multiply(e, positive), positive);
    }

    /// <summary><c>tanh(x)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh<TV, TVec>(TVec x)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        TVec p = Reduce<TV, TVec>(TV.Multiply(TV.Broadcast(-2f), TV.Abs(x)), out TVec s);
        TVec m = TV.MultiplyAdd(s, p, TV.Subtract(s, TV.Broadcast(1f)));   // expm1(−2|x|) ∈ (−1, 0]
        TVec t = TV.Multiply(TV.Subtract(TV.Zero, m), TV.Reciprocal(TV.Add(TV.Broadcast(2f), m)));
        return TV.SelectLess(x, TV.Zero, TV.Subtract(TV.Zero, t), t);
    }
}
