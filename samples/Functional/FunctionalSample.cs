using System.Globalization;
using GenNet;
using Tutorials.Mnist;

namespace Tutorials.Functional;

/// <summary>
/// Two branches on one image, as Keras writes it:
/// <code>
/// x = Input((28, 28, 1))
/// c = Flatten(name="conv_features")(MaxPooling2D(2)(Conv2D(32, 3, activation="relu")(MaxPooling2D(2)(Conv2D(16, 3, activation="relu")(x)))))
/// d = Dense(64, activation="relu", name="pixels")(Flatten()(x))
/// y = Dense(10, activation="softmax")(Dense(64, activation="relu")(Concatenate()([c, d])))
/// </code>
/// A layer without <c>From</c> reads the attribute before it, so only the second branch and the merge are wired by name.
/// </summary>
[Functional(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten(Name = "conv_features")]
[Flatten(From = "input_layer")]
[Dense(64, Activation = Act.Relu, Name = "pixels")]
[Concatenate("conv_features", "pixels")]
[Dense(64, Activation = Act.Relu)]
[Dense(10, Activation = Act.Softmax)]
public partial class TwoBranchModel { }

public static class FunctionalSample
{
    /// <summary>Trains on Fashion-MNIST with Adam, batch 128; prints the summary, the epochs and the test accuracy last.</summary>
    public static double Run(TextWriter output, int epochs = 2, int verbose = 1)
    {
        var (train, test) = MnistSamples.Load("fashion");
        float[] yTrain = Encoding.OneHot(train.Labels, 10), yTest = Encoding.OneHot(test.Labels, 10);

        var model = new TwoBranchModel(seed: 1) { Output = output };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        model.Summary();
        model.Fit(train.Images, yTrain, epochs: epochs, batchSize: 128, verbose: verbose, validationData: (test.Images, yTest));

        var (loss, accuracy) = model.Evaluate(test.Images, yTest, batchSize: 128, verbose: 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {loss:0.0000}"));
        output.WriteLine("accuracy: " + accuracy.ToString("0.0000", CultureInfo.InvariantCulture));
        return accuracy;
    }
}
