using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet;

/// <summary>
/// The NaN/infinity check Fit and Evaluate run over the caller's whole arrays before the first step (a poisoned value
/// would silently spread into every weight, so it is refused before anything changes). It reads tens of millions of
/// values on every Fit call, so it is a bandwidth-bound vector pass, split over the model's threads for large arrays.
/// </summary>
internal static class FiniteScan
{
    // Values one parallel item checks: large enough that claiming an item costs nothing beside it, small enough that
    // both threads get several items of MNIST's 47 M inputs.
    private const int ParallelBlock = 1 << 18;

    // The serial pass's block: a vector check per block, a scalar pass to name the culprit only in a block that holds one.
    private const int SerialBlock = 4096;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> (for <paramref name="paramName"/>) naming the row and column of the first
    /// NaN or infinity in <paramref name="data"/>; rows are numbered from <paramref name="firstRow"/>.
    /// </summary>
    public static void Require(ReadOnlySpan<float> data, int rowSize, string what, string paramName, int firstRow = 0)
    {
        for (int start = 0; start < data.Length; start += SerialBlock)
        {
            var values = data.Slice(start, Math.Min(SerialBlock, data.Length - start));
            if (!AllFinite(values)) Throw(values, start, rowSize, what, paramName, firstRow);
        }
    }

    /// <summary>
    /// <see cref="Require(ReadOnlySpan{float}, int, string, string, int)"/> on up to <paramref name="threads"/> threads.
    /// Which value is named does not depend on the thread count: blocks are checked in any order, and the first failing
    /// block (in array order) is searched for the first culprit.
    /// </summary>
    public static void Require(float[] data, int rowSize, string what, string paramName, int threads)
    {
        int blocks = (data.Length + ParallelBlock - 1) / ParallelBlock;
        if (threads <= 1 || blocks < 2 || blocks > WorkerPool.MaxItems)
        {
            Require(data, rowSize, what, paramName);
            return;
        }
        var job = new Job(data, blocks);
        WorkerPool.Run(job, blocks, threads);
        for (int b = 0; b < blocks; b++)
        {
            if (!job.Finite[b]) Require(job.Block(b), rowSize, what, paramName, firstRow: 0, offset: b * ParallelBlock);
        }
    }

    // The serial check of one block that starts at `offset` in the whole array, so the message names whole-array rows.
    private static void Require(ReadOnlySpan<float> block, int rowSize, string what, string paramName, int firstRow, int offset)
    {
        for (int i = 0; i < block.Length; i++)
        {
            if (!float.IsFinite(block[i])) Throw(block.Slice(i, 1), offset + i, rowSize, what, paramName, firstRow);
        }
    }

    private static void Throw(ReadOnlySpan<float> values, int start, int rowSize, string what, string paramName, int firstRow)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"Expected finite values in {what}, got {values[i]} at row {firstRow + (start + i) / rowSize}, column {(start + i) % rowSize}.", paramName);
        }
    }

    /// <summary>
    /// x·0 is 0 for finite x and NaN for ±∞ and NaN: the lanes of Σ x·0 are all 0 exactly when every x is finite. Four
    /// independent sums, so the loop runs at the speed of memory rather than of one add chain's latency.
    /// </summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int n = Vector512<float>.Count;
            Vector512<float> a = default, b = default, c = default, d = default;
            for (; i <= values.Length - 4 * n; i += 4 * n)
            {
                a += Vector512.LoadUnsafe(ref start, (nuint)i) * Vector512<float>.Zero;
                b += Vector512.LoadUnsafe(ref start, (nuint)(i + n)) * Vector512<float>.Zero;
                c += Vector512.LoadUnsafe(ref start, (nuint)(i + 2 * n)) * Vector512<float>.Zero;
                d += Vector512.LoadUnsafe(ref start, (nuint)(i + 3 * n)) * Vector512<float>.Zero;
            }
            if (!Vector512.EqualsAll(a + b + (c + d), Vector512<float>.Zero)) return false;
        }
        else
        {
            int n = Vector<float>.Count;
            Vector<float> a = default, b = default, c = default, d = default;
            for (; i <= values.Length - 4 * n; i += 4 * n)
            {
                a += new Vector<float>(values.Slice(i)) * Vector<float>.Zero;
                b += new Vector<float>(values.Slice(i + n)) * Vector<float>.Zero;
                c += new Vector<float>(values.Slice(i + 2 * n)) * Vector<float>.Zero;
                d += new Vector<float>(values.Slice(i + 3 * n)) * Vector<float>.Zero;
            }
            if (!Vector.EqualsAll(a + b + (c + d), Vector<float>.Zero)) return false;
        }
        for (; i < values.Length; i++) if (!float.IsFinite(values[i])) return false;
        return true;
    }

    /// <summary>Checks block <c>index</c> of the array; each item writes only its own flag.</summary>
    private sealed class Job(float[] data, int blocks) : ParallelJob
    {
        public readonly bool[] Finite = new bool[blocks];

        public ReadOnlySpan<float> Block(int index) =>
            data.AsSpan(index * ParallelBlock, Math.Min(ParallelBlock, data.Length - index * ParallelBlock));

        public override void Execute(int index) => Finite[index] = AllFinite(Block(index));
    }
}
