namespace GenNet;

/// <summary>
/// Rows of float data for <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>: a flat row-major array
/// (<c>count × size</c>), a <c>float[,]</c> or a jagged <c>float[][]</c>. The model divides the length by its own
/// per-sample size, so a flat array needs no shape; the 2-D forms also state their row width, which is checked.
/// </summary>
public readonly struct Samples
{
    /// <summary>Wraps a flat row-major array without copying.</summary>
    public Samples(float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
    }

    private Samples(float[] data, int width)
    {
        Data = data;
        Width = width;
    }

    /// <summary>The flat row-major data.</summary>
    public float[] Data { get; }

    /// <summary>Row width stated by a 2-D source, or 0 for a flat array.</summary>
    public int Width { get; }

    /// <summary>Wraps a flat array (no copy).</summary>
    public static implicit operator Samples(float[] data) => new(data);

    /// <summary>Copies a rectangular array row by row.</summary>
    public static implicit operator Samples(float[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var flat = new float[data.Length];
        Buffer.BlockCopy(data, 0, flat, 0, data.Length * sizeof(float));
        return new(flat, data.GetLength(1));
    }

    /// <summary>Copies a jagged array; every row must have the first row's length.</summary>
    public static implicit operator Samples(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int width = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != width)
                throw new ArgumentException($"Every row must have {width} values (row 0's length); row {i} has {rows[i].Length}.", nameof(rows));
            rows[i].CopyTo(flat, i * width);
        }
        return new(flat, width);
    }

    /// <summary>Number of rows of <paramref name="rowSize"/> floats, or an exception naming what was expected.</summary>
    internal int CountRows(int rowSize, string what)
    {
        if (Data is null) throw new ArgumentNullException(what, $"Expected {what} data, got null.");
        if (Width != 0 && Width != rowSize)
            throw new ArgumentException($"Expected {what} rows of {rowSize} values, got rows of {Width}.", what);
        if (Data.Length % rowSize != 0)
            throw new ArgumentException($"Expected {what} length to be a multiple of {rowSize} (values per sample), got {Data.Length}.", what);
        return Data.Length / rowSize;
    }
}
