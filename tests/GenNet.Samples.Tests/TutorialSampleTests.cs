using GenNet;
using System.Globalization;
using Tutorials.LogisticRegression;
using Tutorials.OrGate;
using Tutorials.SumClassifier;

namespace GenNet.Samples.Tests;

/// <summary>Each tutorial sample reaches the tutorial's result and ends with "metric: value".</summary>
public class TutorialSampleTests
{
    [Fact]
    public void LogisticRegression_ClassifiesAllEightInputs()
    {
        var output = new StringWriter();
        double accuracy = LogisticRegressionSample.Run(output);
        Assert.Equal(1.0, accuracy);
        Assert.Equal(accuracy, LastMetric(output, "accuracy"));

        // The tutorial's probabilities: about 0.005 for no bit set, 0.16 for one, 0.88 for two, 0.996 for three.
        var model = new MajorityModel(seed: 1);
        model.Compile(Loss.BinaryCrossentropy, new SGD(0.1f));
        model.Fit(LogisticRegressionSample.Inputs(), LogisticRegressionSample.Labels(), epochs: 200, batchSize: 1, verbose: 0);
        var p = model.Predict(LogisticRegressionSample.Inputs());
        Assert.InRange(p[0], 0f, 0.05f);      // [0,0,0]
        Assert.InRange(p[1], 0.05f, 0.35f);   // one bit
        Assert.InRange(p[3], 0.7f, 0.97f);    // two bits
        Assert.InRange(p[7], 0.97f, 1f);      // [1,1,1]
    }

    [Fact]
    public void OrGate_LearnsTheTruthTable()
    {
        var output = new StringWriter();
        Assert.Equal(1.0, OrGateSample.Run(output));
        Assert.Equal(1.0, LastMetric(output, "accuracy"));
    }

    [Fact]
    public void SumClassifier_BothVariantsReachNinetyPercentOnFreshData()
    {
        var output = new StringWriter();
        var result = SumClassifierSample.Run(output);
        Assert.True(result.SoftmaxAccuracy >= 0.90, $"softmax variant: {result.SoftmaxAccuracy}");
        Assert.True(result.HingeAccuracy >= 0.90, $"hinge variant: {result.HingeAccuracy}");
        Assert.Equal(Math.Round(result.HingeAccuracy, 4), LastMetric(output, "accuracy"));
    }

    private static double LastMetric(StringWriter output, string metric)
    {
        string last = output.ToString().TrimEnd().Split('\n')[^1].TrimEnd('\r');
        Assert.StartsWith(metric + ": ", last);
        return double.Parse(last[(metric.Length + 2)..], CultureInfo.InvariantCulture);
    }
}
