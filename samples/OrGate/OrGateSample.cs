using GenNet;
using System.Globalization;

namespace Tutorials.OrGate;

/// <summary>Dense(1) then Activation("sigmoid"), as the tutorial writes it.</summary>
[Sequential(2)]
[Dense(1)]
[Activation(Act.Sigmoid)]
public partial class OrGateModel { }

public static class OrGateSample
{
    /// <summary>Trains on the four rows of the OR truth table (SGD 0.1, batch 1, 300 epochs); returns the accuracy.</summary>
    public static double Run(TextWriter output, int seed = 1)
    {
        float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
        float[] y = { 0, 1, 1, 1 };
        var model = new OrGateModel(seed) { Output = output };
        model.Compile(Loss.BinaryCrossentropy, new SGD(learningRate: 0.1f), Metric.Accuracy);
        model.Summary();
        var history = model.Fit(x, y, epochs: 300, batchSize: 1, verbose: 0);
        output.WriteLine(FormattableString.Invariant($"loss after 300 epochs: {history["loss"][^1]:0.0000}"));

        var probabilities = model.Predict(x);
        int correct = 0;
        for (int i = 0; i < 4; i++)
        {
            int predicted = probabilities[i] > 0.5f ? 1 : 0;
            if (predicted == (int)y[i]) correct++;
            output.WriteLine(FormattableString.Invariant($"{x[i, 0]} OR {x[i, 1]} -> p = {probabilities[i]:0.0000}, predicted {predicted}"));
        }
        double accuracy = correct / 4.0;
        output.WriteLine("accuracy: " + accuracy.ToString("0.0000", CultureInfo.InvariantCulture));
        return accuracy;
    }
}
