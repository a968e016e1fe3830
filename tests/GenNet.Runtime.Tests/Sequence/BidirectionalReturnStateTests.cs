using GenNet.Tests.Models;

namespace GenNet.Tests.Sequence;

/// <summary>Keras' Bidirectional(LSTM(return_sequences=True, return_state=True)): [output, fw_h, fw_c, bw_h, bw_c] as model outputs.</summary>
[Functional(5, 3, Outputs = new[] { "bidirectional", "bidirectional:1", "bidirectional:2", "bidirectional:3", "bidirectional:4" })]
[Bidirectional]
[LSTM(4, ReturnSequences = true, ReturnState = true)]
public partial class BiLstmAllOutputsModel { }

/// <summary>A Bidirectional GRU read through its states only ([output, fw_h, bw_h]): the merged output is computed, nothing reads it.</summary>
[Functional(6, 2)]
[Bidirectional(MergeMode = "sum")]
[GRU(3, ReturnState = true)]
[Concatenate("bidirectional:1", "bidirectional:2")]
[Dense(2)]
public partial class BiGruStatesHeadModel { }

/// <summary>A Bidirectional SimpleRNN's backward state beside the merged output.</summary>
[Functional(4, 2, Outputs = new[] { "bidirectional", "bidirectional:2" })]
[Bidirectional(MergeMode = "ave")]
[SimpleRNN(3, ReturnState = true)]
public partial class BiRnnBackwardStateModel { }

/// <summary>
/// ReturnState inside Bidirectional: the states against a float64 LSTM (RecurrentDropoutTests.Reference, written from
/// keras/src/layers/rnn/lstm.py; the backward half's states are that LSTM's on the reversed steps). The models also run
/// ReturnStateTests' theories: gradients through the states by central differences, ONNX Runtime against Predict,
/// allocations and 1 vs 2 threads.
/// </summary>
public class BidirectionalReturnStateTests
{
    private static float[] Random(int count, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
    }

    [Fact]
    public void BidirectionalLstm_ReturnsKerasOrder_FwHFwCBwHBwC_OfTheFloat64Reference()
    {
        var model = new BiLstmAllOutputsModel(seed: 3);
        Onnx.OnnxExportTests.Randomize(model, new Random(4));
        const int batch = 3, steps = 5, inputs = 3, u = 4;
        float[] x = Random(batch * steps * inputs, 5);
        var y = new float[batch * model.Info.OutputSize];
        model.Predict(x, y);
        Assert.Equal(new[] { "bidirectional", "bidirectional:1", "bidirectional:2", "bidirectional:3", "bidirectional:4" }, model.Info.Outputs.Select(o => o.Name));
        Assert.Equal(steps * 2 * u + 4 * u, model.Info.OutputSize);

        static double[] D(ReadOnlySpan<float> a) => a.ToArray().Select(v => (double)v).ToArray();
        double[] reversed = new double[x.Length];
        for (int n = 0; n < batch; n++)
            for (int t = 0; t < steps; t++)
                for (int i = 0; i < inputs; i++) reversed[(n * steps + t) * inputs + i] = x[(n * steps + steps - 1 - t) * inputs + i];
        var ones = Enumerable.Repeat(1.0, batch * 4 * u).ToArray();
        var fc = new double[batch * u];
        var bc = new double[batch * u];
        double[] f = RecurrentDropoutTests.Reference(true, D(x), D(model.BidirectionalForwardLstmKernel), D(model.BidirectionalForwardLstmRecurrentKernel),
            D(model.BidirectionalForwardLstmBias), ones, batch, steps, inputs, u, fc);
        double[] b = RecurrentDropoutTests.Reference(true, reversed, D(model.BidirectionalBackwardLstmKernel), D(model.BidirectionalBackwardLstmRecurrentKernel),
            D(model.BidirectionalBackwardLstmBias), ones, batch, steps, inputs, u, bc);
        int row = model.Info.OutputSize, states = steps * 2 * u;
        for (int n = 0; n < batch; n++)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int j = 0; j < u; j++)
                {
                    // concat: forward step t, then the backward half flipped back to input step t.
                    Close(f[(n * steps + t) * u + j], y[n * row + t * 2 * u + j], $"forward[{n}, {t}, {j}]");
                    Close(b[(n * steps + steps - 1 - t) * u + j], y[n * row + t * 2 * u + u + j], $"backward[{n}, {t}, {j}]");
                }
            }
            for (int j = 0; j < u; j++)
            {
                Close(f[(n * steps + steps - 1) * u + j], y[n * row + states + j], $"fw_h[{n}, {j}]");
                Close(fc[n * u + j], y[n * row + states + u + j], $"fw_c[{n}, {j}]");
                Close(b[(n * steps + steps - 1) * u + j], y[n * row + states + 2 * u + j], $"bw_h[{n}, {j}]");
                Close(bc[n * u + j], y[n * row + states + 3 * u + j], $"bw_c[{n}, {j}]");
            }
        }

        static void Close(double expected, float actual, string what) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-5 + 1e-5 * Math.Abs(expected), $"{what}: {actual} vs float64 {expected}");
    }
}
