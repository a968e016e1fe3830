using System.Globalization;
using GenNet;
using GenNet.Data;
using Tutorials.Mnist;

namespace Tutorials.Functional;

/// <summary>
/// Two inputs, one shared encoder, two outputs, as Keras writes it:
/// <code>
/// image, mirrored = Input((28, 28, 1), name="image"), Input((28, 28, 1), name="mirrored")
/// encoder = Dense(128, activation="relu", name="encoder")
/// features = Average()([encoder(Flatten()(image)), encoder(Flatten()(mirrored))])
/// item = Dense(10, activation="softmax", name="item")(features)
/// footwear = Dense(1, activation="sigmoid", name="footwear")(features)
/// Model([image, mirrored], [item, footwear])
/// </code>
/// The encoder's weights are stored once and learn from both call sites.
/// </summary>
[Functional(Outputs = new[] { "item", "footwear" })]
[Input("image", 28, 28, 1)]
[Flatten]
[Dense(128, Activation = Act.Relu, Name = "encoder")]
[Input("mirrored", 28, 28, 1)]
[Flatten]
[Reuse("encoder")]
[Average("encoder", "encoder_call", Name = "features")]
[Dense(10, Activation = Act.Softmax, Name = "item")]
[Dense(1, Activation = Act.Sigmoid, From = "features", Name = "footwear")]
public partial class MirroredPairModel { }

public static class MultiOutputSample
{
    /// <summary>
    /// Trains on Fashion-MNIST images and their mirror images: "item" is the class (categorical cross-entropy), "footwear"
    /// whether it is a sandal, sneaker or ankle boot (binary cross-entropy, weight 0.5). Prints the summary, the epochs
    /// and, last, the test accuracy of each output; returns them.
    /// </summary>
    public static (double Item, double Footwear) Run(TextWriter output, int epochs = 2, int verbose = 1)
    {
        var (train, test) = MnistSamples.Load("fashion");
        Samples[] Inputs(LabeledImages set) => [set.Images, Mirror(set.Images)];
        Samples[] Labels(LabeledImages set) =>
            [Encoding.OneHot(set.Labels, 10), set.Labels.Select(c => c is 5 or 7 or 9 ? 1f : 0f).ToArray()];

        var model = new MirroredPairModel(seed: 1) { Output = output };
        model.Compile(new Dictionary<string, Loss> { ["item"] = Loss.CategoricalCrossentropy, ["footwear"] = Loss.BinaryCrossentropy },
            new Adam(), new Dictionary<string, float> { ["footwear"] = 0.5f },
            new Dictionary<string, Metric[]> { ["item"] = [Metric.Accuracy], ["footwear"] = [Metric.Accuracy] });
        model.Summary();
        model.Fit(Inputs(train), Labels(train), epochs: epochs, batchSize: 128, verbose: verbose, validationData: (Inputs(test), Labels(test)));

        var evaluation = model.Evaluate(Inputs(test), Labels(test), batchSize: 128, verbose: 0);
        double item = evaluation.Metrics["item_accuracy"], footwear = evaluation.Metrics["footwear_accuracy"];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {evaluation.Loss:0.0000}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"item accuracy: {item:0.0000}, footwear accuracy: {footwear:0.0000}"));
        return (item, footwear);
    }

    /// <summary>Each 28×28 image flipped left to right.</summary>
    private static float[] Mirror(float[] images)
    {
        var mirrored = new float[images.Length];
        for (int row = 0; row < images.Length / 28; row++)
        {
            for (int x = 0; x < 28; x++) mirrored[row * 28 + x] = images[row * 28 + 27 - x];
        }
        return mirrored;
    }
}
