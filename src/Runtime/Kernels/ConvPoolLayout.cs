using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// A convolution followed by a max pooling of its output, as <see cref="Int8Gemm.ConvolvePoolRequantize(ReadOnlySpan{byte}, ConvPoolLayout, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{float}, int, int, Span{byte})"/>
/// runs them in one pass: the convolution's output pixels listed window by window (every pixel of pooled output 0, then
/// of pooled output 1, …), each as the byte offset of its receptive field in the image, plus the offsets of a field's
/// quads (<see cref="Int8Gemm.PackRuns"/>' layout). Made once per layer; the kernel only reads the tables.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ConvPoolLayout
{
    // The running maxima of the pooled sums wait on the stack, two 8-lane vectors per 16 filters.
    internal const int MaxFilters = 1024;

    private readonly int[] _rows, _quads;

    /// <summary>The layout of <paramref name="conv"/> then <paramref name="pool"/>; requires <see cref="Supports"/>.</summary>
    /// <exception cref="ArgumentException">The pair is not supported: the message says which condition fails.</exception>
    public ConvPoolLayout(Conv2DGeometry conv, PoolGeometry pool)
    {
        if (Unsupported(conv, pool) is { } why) throw new ArgumentException($"Cannot fuse this convolution and pooling: {why}.", nameof(pool));
        Conv = conv;
        Pool = pool;
        Window = pool.PoolHeight * pool.PoolWidth;
        int pixelBytes = conv.Channels, imageRow = conv.Width * pixelBytes;
        _rows = new int[pool.OutHeight * pool.OutWidth * Window];
        int r = 0;
        for (int i = 0; i < pool.OutHeight; i++)
            for (int j = 0; j < pool.OutWidth; j++)
                for (int a = 0; a < pool.PoolHeight; a++)
                    for (int b = 0; b < pool.PoolWidth; b++)
                    {
                        // Convolution output pixel (oi, oj) reads the image from pixel (oi·StrideH, oj·StrideW) on (no padding).
                        int oi = i * pool.StrideH + a, oj = j * pool.StrideW + b;
                        _rows[r++] = oi * conv.StrideH * imageRow + oj * conv.StrideW * pixelBytes;
                    }
        int perRun = (conv.KernelWidth * conv.Channels + 3) / 4;
        _quads = new int[Int8Gemm.RunQuads(conv)];
        for (int a = 0; a < conv.KernelHeight; a++)
            for (int t = 0; t < perRun; t++)
                _quads[a * perRun + t] = a * conv.DilationH * imageRow + 4 * t;
    }

    /// <summary>The convolution.</summary>
    public Conv2DGeometry Conv { get; }

    /// <summary>The pooling of the convolution's output.</summary>
    public PoolGeometry Pool { get; }

    /// <summary>Convolution outputs per pooled output: <c>PoolHeight·PoolWidth</c>.</summary>
    public int Window { get; }

    /// <summary>Bytes per pooled image: <c>Pool.OutputSize</c>.</summary>
    public int OutputSize => Pool.OutputSize;

    internal ReadOnlySpan<int> Rows => _rows;

    internal ReadOnlySpan<int> Quads => _quads;

    /// <summary>
    /// Whether the pair can be fused on this machine: the convolution runs in place (<see cref="Int8Gemm.CanConvolveDirect"/>),
    /// the pooling reads its output, every window lies inside it (no padding) and holds at least 2 pixels, and there are
    /// at most 1024 filters.
    /// </summary>
    public static bool Supports(Conv2DGeometry conv, PoolGeometry pool) => Unsupported(conv, pool) is null;

    private static string? Unsupported(Conv2DGeometry conv, PoolGeometry pool)
    {
        if (!Int8Gemm.CanConvolveDirect(conv)) return "the convolution needs im2col (see Int8Gemm.CanConvolveDirect)";
        if (pool.Height != conv.OutHeight || pool.Width != conv.OutWidth || pool.Channels != conv.Filters)
            return $"the pooling reads {pool.Height}×{pool.Width}×{pool.Channels}, the convolution writes {conv.OutHeight}×{conv.OutWidth}×{conv.Filters}";
        if (pool.PadTop != 0 || pool.PadLeft != 0 || (pool.OutHeight - 1) * pool.StrideH + pool.PoolHeight > pool.Height ||
            (pool.OutWidth - 1) * pool.StrideW + pool.PoolWidth > pool.Width)
            return "a pooling window reaches past the convolution's output";
        if (pool.PoolHeight * pool.PoolWidth < 2) return "a 1×1 pooling window";
        if (conv.Filters > MaxFilters) return $"{conv.Filters} filters, more than {MaxFilters}";
        return null;
    }
}
