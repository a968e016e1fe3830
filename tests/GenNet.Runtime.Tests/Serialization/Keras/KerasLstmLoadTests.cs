using GenNet.Serialization.Keras;
using GenNet.Tests.Support;

namespace GenNet.Tests.Serialization.Keras;

// The regressor of ../shared/keras-files/stock_lstm.keras, declared as its config.json says:
// Input (10, 6) → LSTM(100, return_sequences) → Dropout(0.3) → LSTM(64) → Dense(1, relu).
[Sequential(10, 6)]
[LSTM(100, ReturnSequences = true)]
[Dropout(0.3)]
[LSTM(64)]
[Dense(1, Activation = Act.Relu)]
public partial class KerasStockLstm { }

// The same with 32 units in the second LSTM: the file must not load.
[Sequential(10, 6)]
[LSTM(100, ReturnSequences = true)]
[Dropout(0.3)]
[LSTM(32)]
[Dense(1, Activation = Act.Relu)]
public partial class KerasStockLstmNarrow { }

public class KerasLstmLoadTests
{
    private static string Lstm => Path.Combine(RepositoryRoot.SharedFolder!, "keras-files", "stock_lstm.keras");

    /// <summary>Deterministic inputs in the range of scaled prices: (samples, 10, 6).</summary>
    internal static float[] Inputs(int samples)
    {
        var x = new float[samples * 60];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.5 + 0.45 * Math.Sin(0.37 * i + 0.11 * (i % 7)));
        return x;
    }

    [SharedFolderFact]
    public void KerasZip_LoadsIntoDeclaredLstm_PredictsAsFloat64Reference()
    {
        var model = new KerasStockLstm();
        model.LoadKeras(Lstm);
        var layers = KerasFile.Read(Lstm, []);
        const int samples = 8;
        var x = Inputs(samples);
        var y = new float[samples];
        model.Predict(x, y);
        var want = StockLstmReference.Forward(layers, x, samples);
        for (int s = 0; s < samples; s++) Assert.True(Math.Abs(y[s] - want[s]) < 1e-5, $"sample {s}: {y[s]} vs float64 {want[s]}");
        // A regressor whose relu output is all zeros would hide a wrong load: the reference must be informative.
        Assert.Contains(want, v => v > 1e-3);
    }

    [SharedFolderFact]
    public void KerasZip_WrongUnits_NamesLayerAndShapes_LoadsNothing()
    {
        var model = new KerasStockLstmNarrow();
        var before = model.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => model.LoadKeras(Lstm));
        Assert.Contains("layer 'lstm_1'", e.Message);
        Assert.Contains("(100, 128)", e.Message);
        Assert.Contains("(100, 256)", e.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }
}

/// <summary>
/// An independent float64 forward pass of the stock LSTM file's weights, written from Keras' LSTM semantics
/// (keras/src/layers/rnn/lstm.py): z = x_t·W + h·U + b split into i, f, c, o (each <c>units</c> wide);
/// c = σ(f)·c + σ(i)·tanh(c̃); h = σ(o)·tanh(c); from h = c = 0. Dropout is the identity in inference.
/// </summary>
internal static class StockLstmReference
{
    public static double[] Forward(IReadOnlyList<KerasLayer> layers, float[] x, int samples)
    {
        var result = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            var seq = new double[10][];
            for (int t = 0; t < 10; t++) seq[t] = Enumerable.Range(0, 6).Select(k => (double)x[s * 60 + t * 6 + k]).ToArray();
            var first = Lstm(layers[0], seq);
            var second = Lstm(layers[2], first);
            var h = second[^1];
            var dense = layers[3].Weights;
            double z = dense[1].Values[0];
            for (int k = 0; k < h.Length; k++) z += h[k] * dense[0].Values[k];
            result[s] = Math.Max(0, z);
        }
        return result;
    }

    private static double[][] Lstm(KerasLayer layer, double[][] seq)
    {
        var w = layer.Weights[0];
        var u = layer.Weights[1].Values;
        var b = layer.Weights[2].Values;
        int inputs = w.Shape[0], units = w.Shape[1] / 4;
        var h = new double[units];
        var c = new double[units];
        var outputs = new double[seq.Length][];
        for (int t = 0; t < seq.Length; t++)
        {
            var z = new double[4 * units];
            for (int j = 0; j < 4 * units; j++)
            {
                double sum = b[j];
                for (int k = 0; k < inputs; k++) sum += seq[t][k] * w.Values[k * 4 * units + j];
                for (int k = 0; k < units; k++) sum += h[k] * u[k * 4 * units + j];
                z[j] = sum;
            }
            var next = new double[units];
            for (int j = 0; j < units; j++)
            {
                double i = Sigmoid(z[j]), f = Sigmoid(z[units + j]), g = Math.Tanh(z[2 * units + j]), o = Sigmoid(z[3 * units + j]);
                c[j] = f * c[j] + i * g;
                next[j] = o * Math.Tanh(c[j]);
            }
            h = next;
            outputs[t] = next;
        }
        return outputs;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
