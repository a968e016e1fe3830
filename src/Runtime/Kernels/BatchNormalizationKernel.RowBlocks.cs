using System.Numerics;

namespace GenNet.Kernels;

// BatchNormalizationKernel's training passes over row blocks the workers share (KernelThreads). The blocks depend on the
// row count alone; each block's per-channel sums go into a slot of their own (BatchNormalizationSums, its even/odd order
// within the block) and the slots are added in block order, so 1 and 2 threads give the same bits. A pass of one block
// (fewer than 2 · MinBlockRows rows) sums exactly as the undivided pass. Change together with BatchNormalizationKernel.cs.
public static partial class BatchNormalizationKernel
{
    // At least this many rows a block (a claim costs about a microsecond); at most MaxRowBlocks (partial sums on the stack).
    private const int MinBlockRows = 1024;
    private const int MaxRowBlocks = 16;

    [ThreadStatic] private static RowPassJob? t_rowPassJob;

    /// <summary>Row blocks of a pass over <paramref name="rows"/> rows: a power of two (so 2 or 4 threads share evenly), from the rows alone.</summary>
    internal static int RowBlocks(int rows) => 1 << BitOperations.Log2((uint)Math.Clamp(rows / MinBlockRows, 1, MaxRowBlocks));

    private enum RowPassKind { Columns, SquaredDeviations, Normalize, Gradients, InputGradient }

    /// <summary>
    /// One pass over the row blocks of <c>x[Rows, Channels]</c> for the channels <c>[C0, C0 + Width)</c>. Pointers into
    /// buffers the caller keeps pinned (and its stack) until the pass returns, so a worker can run any block.
    /// </summary>
    private unsafe struct RowPass
    {
        public RowPassKind Kind;
        public int Rows, Channels, C0, Width, Blocks;
        public float* X, Dy, Output;  // Output: y (Normalize) or dx (InputGradient)
        public float* Gamma, Beta;    // all channels, or null: γ = 1, β = 0
        public float* Mean, Inverse;  // this channel group's statistics, Width each
        public double* First, Second; // per-block sums [Blocks × Width]; for InputGradient the batch's sums [Width]

        public readonly void Run(int block)
        {
            var (start, rows) = Model.ChunkRange(Rows, Blocks, block);
            int offset = start * Channels, length = rows * Channels;
            var x = new ReadOnlySpan<float>(X + offset, length);
            var mean = new ReadOnlySpan<float>(Mean, Width);
            var inverse = new ReadOnlySpan<float>(Inverse, Width);
            switch (Kind)
            {
                case RowPassKind.Columns:
                    BatchNormalizationSums.Columns(x, rows, Channels, C0, new Span<double>(First + block * Width, Width));
                    break;
                case RowPassKind.SquaredDeviations:
                    BatchNormalizationSums.SquaredDeviations(x, mean, rows, Channels, C0, new Span<double>(First + block * Width, Width));
                    break;
                case RowPassKind.Normalize:
                    NormalizeBlock(x, Gamma == null ? default : new ReadOnlySpan<float>(Gamma, Channels),
                        Beta == null ? default : new ReadOnlySpan<float>(Beta, Channels), mean, inverse,
                        new Span<float>(Output + offset, length), rows, Channels, C0);
                    break;
                case RowPassKind.Gradients:
                    BatchNormalizationSums.Gradients(x, new ReadOnlySpan<float>(Dy + offset, length), mean, inverse, rows, Channels, C0,
                        new Span<double>(First + block * Width, Width), new Span<double>(Second + block * Width, Width));
                    break;
                case RowPassKind.InputGradient:
                    BatchNormalizationSums.InputGradient(x, Gamma == null ? default : new ReadOnlySpan<float>(Gamma + C0, Width), mean, inverse,
                        new ReadOnlySpan<float>(Dy + offset, length), new Span<float>(Output + offset, length), rows, Channels, C0,
                        new ReadOnlySpan<double>(First, Width), new ReadOnlySpan<double>(Second, Width), Rows);
                    break;
            }
        }
    }

    /// <summary>Runs every block of <paramref name="pass"/>: on this thread, or shared with the workers <see cref="KernelThreads"/> allows.</summary>
    private static void RunRows(in RowPass pass)
    {
        int threads = KernelThreads.Current;
        if (threads == 1 || pass.Blocks == 1)
        {
            for (int b = 0; b < pass.Blocks; b++) pass.Run(b);
            return;
        }
        var job = t_rowPassJob ??= new RowPassJob();
        job.Pass = pass;
        WorkerPool.Run(job, pass.Blocks, threads);
        job.Pass = default;
    }

    /// <summary><c>sum[k] = Σ_b partial[b·width + k]</c>, the blocks added in block order.</summary>
    private static unsafe void AddBlocks(double* partial, int blocks, Span<double> sum)
    {
        int width = sum.Length;
        for (int k = 0; k < width; k++) sum[k] = partial[k];
        for (int b = 1; b < blocks; b++)
        {
            double* block = partial + b * width;
            for (int k = 0; k < width; k++) sum[k] += block[k];
        }
    }

    private sealed class RowPassJob : ParallelJob
    {
        public RowPass Pass;

        public override void Execute(int index) => Pass.Run(index);
    }
}
