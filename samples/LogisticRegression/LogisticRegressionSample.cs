using GenNet;
using System.Globalization;

namespace Tutorials.LogisticRegression;

/// <summary>y = sigmoid(x · w + b): logistic regression is one Dense unit with a sigmoid.</summary>
[Sequential(3)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class MajorityModel { }

public static class LogisticRegressionSample
{
    /// <summary>All eight 3-bit inputs, [0,0,0] … [1,1,1].</summary>
    public static float[,] Inputs()
    {
        var x = new float[8, 3];
        for (int i = 0; i < 8; i++)
            for (int bit = 0; bit < 3; bit++)
                x[i, bit] = (i >> (2 - bit)) & 1;
        return x;
    }

    /// <summary>1 where at least two of the three bits are set.</summary>
    public static float[] Labels()
    {
        var y = new float[8];
        for (int i = 0; i < 8; i++) y[i] = System.Numerics.BitOperations.PopCount((uint)i) >= 2 ? 1f : 0f;
        return y;
    }

    /// <summary>Trains with SGD(0.1), batch 1, 200 epochs, prints probabilities and weights; returns the accuracy.</summary>
    public static double Run(TextWriter output, int seed = 1)
    {
        var x = Inputs();
        var y = Labels();
        var model = new MajorityModel(seed) { Output = output };
        model.Compile(Loss.BinaryCrossentropy, new SGD(learningRate: 0.1f), Metric.Accuracy);
        model.Summary();
        model.Fit(x, y, epochs: 200, batchSize: 1, verbose: 0);

        var probabilities = model.Predict(x);
        int correct = 0;
        for (int i = 0; i < 8; i++)
        {
            int predicted = probabilities[i] > 0.5f ? 1 : 0;
            if (predicted == (int)y[i]) correct++;
            output.WriteLine(FormattableString.Invariant($"[{x[i, 0]}, {x[i, 1]}, {x[i, 2]}] -> p = {probabilities[i]:0.0000}, class {predicted}, label {y[i]}"));
        }
        var w = model.DenseKernel;
        output.WriteLine(FormattableString.Invariant($"w = [{w[0]:0.0000}, {w[1]:0.0000}, {w[2]:0.0000}], b = {model.DenseBias[0]:0.0000}"));
        double accuracy = correct / 8.0;
        output.WriteLine("accuracy: " + accuracy.ToString("0.0000", CultureInfo.InvariantCulture));
        return accuracy;
    }
}
