using GenNet.Kernels;

namespace GenNet.Quantization;

/// <summary>How a <see cref="CompactWeights"/> stores its values.</summary>
internal enum WeightCoding
{
    /// <summary>int8, symmetric, one scale per column (a Dense unit, a filter, a recurrent gate unit): <c>w ≈ q · s[c]</c>.</summary>
    Int8Columns,
    /// <summary>int8, symmetric, one scale per row (an Embedding table: one scale per token's vector).</summary>
    Int8Rows,
    /// <summary>IEEE binary16 bits.</summary>
    Float16,
    /// <summary>bfloat16 bits (the top half of the float, rounded to nearest even).</summary>
    BFloat16,
}

/// <summary>
/// One weight tensor of a sequence model stored in 8 or 16 bits, seen as the float model's row-major matrix
/// <c>[Rows, Columns]</c> (a kernel <c>[inputs, units]</c>, a Conv1D kernel <c>[width·channels, filters]</c>, an Embedding
/// table <c>[input_dim, output_dim]</c>). <see cref="Decode"/> gives the floats the fp32 kernels then run on:
/// <c>(float)q · s</c> for int8 (one float multiply, which is what ONNX's <c>DequantizeLinear</c> computes, so the
/// exported graph sees the same weights bit for bit) and the exact widening for 16 bits.
/// </summary>
internal sealed class CompactWeights
{
    private CompactWeights(string name, int rows, int columns, WeightCoding coding, sbyte[] int8, ushort[] half, float[] scales)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        Coding = coding;
        Int8 = int8;
        Half = half;
        Scales = scales;
    }

    /// <summary>The float model's weight name (<c>lstm.kernel</c>).</summary>
    public string Name { get; }

    public int Rows { get; }

    public int Columns { get; }

    public WeightCoding Coding { get; }

    /// <summary>int8 values, row-major (int8 codings; else empty).</summary>
    public sbyte[] Int8 { get; }

    /// <summary>16-bit patterns, row-major (16-bit codings; else empty).</summary>
    public ushort[] Half { get; }

    /// <summary>One scale per column (<see cref="WeightCoding.Int8Columns"/>) or per row (<see cref="WeightCoding.Int8Rows"/>).</summary>
    public float[] Scales { get; }

    public int Length => Rows * Columns;

    /// <summary>Bytes of the stored values (scales not counted).</summary>
    public long Bytes => Coding is WeightCoding.Int8Columns or WeightCoding.Int8Rows ? Length : 2L * Length;

    /// <summary>Stores <paramref name="w"/> (<c>rows × columns</c>, row-major) in <paramref name="coding"/>.</summary>
    public static CompactWeights Encode(string name, ReadOnlySpan<float> w, int rows, int columns, WeightCoding coding)
    {
        if (w.Length != rows * columns) throw new ArgumentException($"Weight {name}: expected {rows} × {columns} = {rows * columns} values, got {w.Length}.", nameof(w));
        switch (coding)
        {
            case WeightCoding.Float16:
            {
                var bits = new ushort[w.Length];
                for (int i = 0; i < w.Length; i++) bits[i] = BitConverter.HalfToUInt16Bits((Half)w[i]);
                return new CompactWeights(name, rows, columns, coding, [], bits, []);
            }
            case WeightCoding.BFloat16:
            {
                var bits = new ushort[w.Length];
                for (int i = 0; i < w.Length; i++) bits[i] = HalfGemm.ToBFloat16(w[i]);
                return new CompactWeights(name, rows, columns, coding, [], bits, []);
            }
        }
        bool perRow = coding == WeightCoding.Int8Rows;
        var scales = new float[perRow ? rows : columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                ref float s = ref scales[perRow ? r : c];
                s = MathF.Max(s, MathF.Abs(w[r * columns + c]));
            }
        // max/127 as the Dense/Conv2D int8 weights (QuantizedLayer); an all-zero channel gets scale 1 (its q are 0).
        for (int i = 0; i < scales.Length; i++) scales[i] = scales[i] > 0f ? scales[i] / 127f : 1f;
        var q = new sbyte[w.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                q[r * columns + c] = (sbyte)Math.Clamp(MathF.Round(w[r * columns + c] / scales[perRow ? r : c]), -127f, 127f);
        return new CompactWeights(name, rows, columns, coding, q, [], scales);
    }

    /// <summary>Stored values as they were saved (<see cref="QuantizedModel.Load(Model, Stream)"/>), checked.</summary>
    public static CompactWeights FromStored(string name, int rows, int columns, WeightCoding coding, sbyte[] int8, ushort[] half, float[] scales)
    {
        bool int8Coding = coding is WeightCoding.Int8Columns or WeightCoding.Int8Rows;
        int expectedScales = coding == WeightCoding.Int8Columns ? columns : coding == WeightCoding.Int8Rows ? rows : 0;
        if ((int8Coding ? int8.Length : half.Length) != rows * columns || scales.Length != expectedScales)
            throw new InvalidDataException($"Weight {name}: expected {rows * columns} values and {expectedScales} scales, got {(int8Coding ? int8.Length : half.Length)} and {scales.Length}.");
        foreach (float s in scales)
            if (!(s > 0f) || !float.IsFinite(s)) throw new InvalidDataException($"Weight {name}: expected positive finite scales, got {s}.");
        return new CompactWeights(name, rows, columns, coding, int8, half, scales);
    }

    /// <summary>All values as floats into <paramref name="values"/> (at least <see cref="Length"/>).</summary>
    public void Decode(Span<float> values)
    {
        if (Coding is WeightCoding.Float16 or WeightCoding.BFloat16)
        {
            HalfGemm.Widen(Half, values.Slice(0, Length), Coding == WeightCoding.BFloat16);
            return;
        }
        for (int r = 0; r < Rows; r++) DecodeRow(r, values.Slice(r * Columns, Columns));
    }

    /// <summary>Row <paramref name="row"/> as floats into <paramref name="values"/> (<see cref="Columns"/> of them).</summary>
    public void DecodeRow(int row, Span<float> values)
    {
        int n = Columns;
        switch (Coding)
        {
            case WeightCoding.Int8Columns:
            {
                ReadOnlySpan<sbyte> q = Int8.AsSpan(row * n, n);
                for (int c = 0; c < n; c++) values[c] = q[c] * Scales[c];
                break;
            }
            case WeightCoding.Int8Rows:
            {
                ReadOnlySpan<sbyte> q = Int8.AsSpan(row * n, n);
                float s = Scales[row];
                for (int c = 0; c < n; c++) values[c] = q[c] * s;
                break;
            }
            default:
                HalfGemm.Widen(Half.AsSpan(row * n, n), values.Slice(0, n), Coding == WeightCoding.BFloat16);
                break;
        }
    }
}
