using GenNet.Kernels;

namespace GenNet.Tests.Sequence;

/// <summary>
/// LstmKernel.Forward from a projection table (rows read in place with prefetching, or gathered first;
/// LstmKernel.TableRows.cs) gives the bits of the computed projection, masked or not, at every batch size.
/// </summary>
public class LstmTableStepTests
{
    private static float[] Run(int batch, int units, bool table, bool masked, bool gather = false, bool prefetch = true)
    {
        const int steps = 9, inputs = 5, rows = 30;
        var g = new RecurrentGeometry(steps, inputs, units, false, true, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid);
        var rng = new Random(units);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] kernel = R(inputs * 4 * units), recurrent = R(units * 4 * units), bias = R(4 * units), embeddings = R(rows * inputs);
        float[] ids = Enumerable.Range(0, batch * steps).Select(i => (float)((i * 7 + i / steps) % rows)).ToArray();
        if (masked) for (int i = 0; i < ids.Length; i += 4) ids[i] = 0;   // id 0 masks: scattered, so pairs meet masked partners
        float[] x = new float[batch * steps * inputs];
        EmbeddingKernel.Forward(ids, embeddings, x, batch, steps, rows, inputs, "embedding");
        float[] projection = new float[rows * 4 * units];
        ProjectionTableKernel.Build(embeddings, kernel, bias, projection, rows, inputs, 4 * units);
        float[] gates = new float[batch * steps * 4 * units], cells = new float[batch * steps * units], states = new float[batch * steps * units];
        float[] step = new float[batch * 4 * units], y = new float[batch * steps * units];
        (LstmKernel.GatherTableRows, LstmKernel.PrefetchTableRows) = (gather, prefetch);
        try
        {
            LstmKernel.Forward(x, kernel, recurrent, bias, gates, cells, states, step, y, batch, g, mask: masked ? ids : default,
                projectionTable: table ? projection : default, ids: table ? ids : default);
        }
        finally
        {
            (LstmKernel.GatherTableRows, LstmKernel.PrefetchTableRows) = (false, true);
        }
        return y;
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(32, true)]
    [InlineData(5, true)]
    public void FromATable_IsTheComputedProjection_BitForBit(int units, bool masked)
    {
        foreach (int batch in new[] { 1, 2, 5, 8 })
        {
            float[] computed = Run(batch, units, table: false, masked);
            Assert.Equal(computed, Run(batch, units, table: true, masked));
            Assert.Equal(computed, Run(batch, units, table: true, masked, gather: true));
            Assert.Equal(computed, Run(batch, units, table: true, masked, prefetch: false));
        }
    }
}
