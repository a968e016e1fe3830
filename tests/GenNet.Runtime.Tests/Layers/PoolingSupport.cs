using System.Text.Json;
using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>Reads a pooling case's geometry (Keras's <c>strides=None</c> means the pool size).</summary>
internal static class PoolingSupport
{
    public static (PoolGeometry Geometry, int Batch) Geometry(JsonElement c)
    {
        JsonElement config = c.GetProperty("config");
        int[] x = LayerCases.Shape(c, "inputs", "x");
        int[] pool = config.GetProperty("pool_size").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        bool same = config.GetProperty("padding").GetString() == "same";
        JsonElement strides = config.GetProperty("strides");
        PoolGeometry g = strides.ValueKind == JsonValueKind.Null
            ? PoolGeometry.Create(x[1], x[2], x[3], pool[0], pool[1], same)
            : PoolGeometry.Create(x[1], x[2], x[3], pool[0], pool[1], strides[0].GetInt32(), strides[1].GetInt32(), same);
        Assert.Equal(new[] { x[0], g.OutHeight, g.OutWidth, g.Channels }, LayerCases.Shape(c, "outputs", "y"));
        return (g, x[0]);
    }

    /// <summary>Distinct values at least 0.1 apart, shuffled: every window has a clear winner for ±1/64 steps.</summary>
    public static float[] DistinctValues(Rng rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 2) * 0.125f;
        rng.Shuffle(v.AsSpan());
        return v;
    }

    public static TheoryData<string> GradientGeometries() => new(
        // "h w c pool_h pool_w stride_h stride_w padding"
        "5 7 2 2 2 2 2 valid", "5 7 2 2 2 2 2 same", "7 6 2 3 3 2 2 valid", "6 7 3 3 3 2 2 same",
        "4 4 3 2 2 1 1 valid", "5 5 1 3 2 1 2 same", "6 6 2 3 3 3 3 same");

    public static PoolGeometry Parse(string spec)
    {
        string[] p = spec.Split(' ');
        int[] v = p.Take(7).Select(int.Parse).ToArray();
        return PoolGeometry.Create(v[0], v[1], v[2], v[3], v[4], v[5], v[6], same: p[7] == "same");
    }
}
