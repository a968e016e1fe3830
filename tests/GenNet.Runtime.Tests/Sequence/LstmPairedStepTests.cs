using GenNet.Kernels;

namespace GenNet.Tests.Sequence;

/// <summary>
/// LstmKernel's fused recurrence runs two samples per pass over U on AVX-512 (LstmKernel.PairStep.cs): every sample must
/// get the bits it gets alone, in training (gate values stored) and from a projection table, masked or not.
/// </summary>
public class LstmPairedStepTests
{
    private static (float[] Y, float[] Gates) Run(int batch, int units, bool pairs, bool table, bool masked)
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
        bool before = LstmKernel.PairSamples;
        LstmKernel.PairSamples = pairs;
        try
        {
            LstmKernel.Forward(x, kernel, recurrent, bias, gates, cells, states, step, y, batch, g, mask: masked ? ids : default,
                projectionTable: table ? projection : default, ids: table ? ids : default);
        }
        finally
        {
            LstmKernel.PairSamples = before;
        }
        return (y, gates);
    }

    [Theory]
    [InlineData(16, false, false)]
    [InlineData(32, false, true)]
    [InlineData(32, true, false)]
    [InlineData(16, true, true)]
    [InlineData(48, true, true)]
    public void PairedSamples_GetTheBitsOfSingleSamples(int units, bool table, bool masked)
    {
        foreach (int batch in new[] { 2, 5, 8 })
        {
            var paired = Run(batch, units, pairs: true, table, masked);
            var single = Run(batch, units, pairs: false, table, masked);
            Assert.Equal(single.Y, paired.Y);
            if (!table) Assert.Equal(single.Gates, paired.Gates);
            // And a batch's sample is the sample alone.
            Assert.Equal(Run(1, units, pairs: true, table, masked).Y, paired.Y.AsSpan(0, 9 * units).ToArray());
        }
    }

    [Fact]
    public void FromATable_IsTheComputedProjection_BitForBit()
    {
        foreach (bool masked in new[] { false, true })
            Assert.Equal(Run(8, 32, pairs: true, table: false, masked).Y, Run(8, 32, pairs: true, table: true, masked).Y);
    }
}
