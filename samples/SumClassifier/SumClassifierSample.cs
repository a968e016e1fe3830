using GenNet;
using System.Globalization;

namespace Tutorials.SumClassifier;

/// <summary>(a) two classes with a softmax output, trained with categorical cross-entropy.</summary>
[Sequential(5)]
[Dense(20, Activation = Act.Relu)]
[Dense(2, Activation = Act.Softmax)]
public partial class SoftmaxClassifier { }

/// <summary>(b) one tanh output whose sign is the class, trained with the hinge loss on labels in {-1, 1}.</summary>
[Sequential(5)]
[Dense(20, Activation = Act.Tanh)]
[Dense(1, Activation = Act.Tanh)]
public partial class HingeClassifier { }

public static class SumClassifierSample
{
    /// <summary>The result of both parts: accuracy on fresh samples.</summary>
    public sealed record Result(double SoftmaxAccuracy, double HingeAccuracy);

    /// <summary><paramref name="count"/> rows of five uniform [0, 1) values and whether each row sums above 2.5.</summary>
    public static (float[] X, bool[] Label) MakeData(int count, Rng rng)
    {
        var x = new float[count * 5];
        var label = new bool[count];
        for (int i = 0; i < count; i++)
        {
            float sum = 0;
            for (int j = 0; j < 5; j++) sum += x[i * 5 + j] = rng.NextSingle();
            label[i] = sum > 2.5f;
        }
        return (x, label);
    }

    public static Result Run(TextWriter output, int seed = 7)
    {
        var rng = new Rng((ulong)seed);
        var (x, label) = MakeData(250, rng);
        var (xFresh, labelFresh) = MakeData(200, rng);

        output.WriteLine("(a) Dense(20, relu) -> Dense(2, softmax), rmsprop, categorical cross-entropy");
        var softmax = new SoftmaxClassifier(seed) { Output = output };
        softmax.Compile(Loss.CategoricalCrossentropy, new RMSprop(), Metric.Accuracy);
        softmax.Summary();
        var oneHot = Encoding.OneHot(label.Select(l => l ? 1 : 0).ToArray(), 2);
        softmax.Fit(x, oneHot, epochs: 100, batchSize: 32, verbose: 0);
        var (trainLoss, trainAccuracy) = softmax.Evaluate(x, oneHot, verbose: 0);
        var classes = softmax.PredictClasses(xFresh);
        double softmaxAccuracy = classes.Where((c, i) => (c == 1) == labelFresh[i]).Count() / (double)classes.Length;
        output.WriteLine(FormattableString.Invariant($"train loss {trainLoss:0.0000}, train accuracy {trainAccuracy:0.0000}, accuracy on 200 fresh samples {softmaxAccuracy:0.0000}"));

        output.WriteLine();
        output.WriteLine("(b) Dense(20, tanh) -> Dense(1, tanh), adam, hinge, labels in {-1, 1}, validation_split 0.2");
        var hinge = new HingeClassifier(seed) { Output = output };
        hinge.Compile(Loss.Hinge, new Adam());
        hinge.Summary();
        var signs = label.Select(l => l ? 1f : -1f).ToArray();
        var history = hinge.Fit(x, signs, epochs: 150, batchSize: 32, validationSplit: 0.2, verbose: 0);
        output.WriteLine(FormattableString.Invariant($"after 150 epochs: loss {history["loss"][^1]:0.0000}, val_loss {history["val_loss"][^1]:0.0000}"));
        var scores = hinge.Predict(xFresh);
        double hingeAccuracy = scores.Where((s, i) => (s > 0) == labelFresh[i]).Count() / (double)scores.Length;
        output.WriteLine("accuracy: " + hingeAccuracy.ToString("0.0000", CultureInfo.InvariantCulture));
        return new Result(softmaxAccuracy, hingeAccuracy);
    }
}
