using System.Numerics;

namespace GenNet;

/// <summary>
/// The seeded random source behind initializers, shuffling and dropout: xoshiro256** (Blackman and Vigna,
/// "Scrambled linear pseudorandom number generators", 2018) seeded through SplitMix64. It is our own so that
/// a seed gives the same weights on every .NET version and platform.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose whole sequence is fixed by <paramref name="seed"/>.</summary>
    public Rng(ulong seed) => Reseed(seed);

    /// <summary>
    /// Restarts the generator as if it were new with <paramref name="seed"/>; allocates nothing (the training loop
    /// gives every chunk of every step its own dropout stream this way).
    /// </summary>
    internal void Reseed(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>Copies the four state words into <paramref name="state"/> (for training checkpoints).</summary>
    internal void GetState(Span<ulong> state)
    {
        state[0] = _s0;
        state[1] = _s1;
        state[2] = _s2;
        state[3] = _s3;
    }

    /// <summary>Continues from a state <see cref="GetState"/> wrote; the all-zero state (a fixed point of xoshiro) is refused.</summary>
    internal void SetState(ReadOnlySpan<ulong> state)
    {
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new ArgumentException("The all-zero state is not a valid xoshiro256** state.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>The SplitMix64 output function of <c>x + golden ratio</c>: a cheap, well-mixed hash for deriving seeds.</summary>
    internal static ulong Mix(ulong x) => SplitMix(ref x);

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits (every value exactly representable as float).</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "Expected a positive bound.");
        uint bound = (uint)maxExclusive;
        ulong product = (NextUInt64() >> 32) * bound;
        uint low = (uint)product;
        if (low < bound)
        {
            uint threshold = (0u - bound) % bound;
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * bound;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>Standard normal N(0, 1) by the Box–Muller transform.</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates); allocates nothing.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>
    /// Fills <paramref name="order"/> with a random permutation of 0 … Length − 1, drawn afresh from the identity (not from
    /// its previous contents), so the result depends only on this stream's state; allocates nothing. What a
    /// <see cref="DataSource"/> uses to shuffle its pass order.
    /// </summary>
    public void Permutation(Span<int> order)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Shuffle(order);
    }
}
