using GenNet.Tests.Models;
using GenNet.Tests.Optimizers;

namespace GenNet.Tests.Callbacks;

/// <summary>Keras <c>LearningRateScheduler</c> (keras/src/callbacks/learning_rate_scheduler.py).</summary>
public class LearningRateSchedulerTests
{
    private static RegressionModel Compiled(Optimizer optimizer)
    {
        var model = new RegressionModel(seed: 5) { Output = new StringWriter() };
        model.Compile(Loss.MeanSquaredError, optimizer);
        return model;
    }

    [Fact]
    public void Fit_SetsTheRateBeforeEachEpochAndLogsIt()
    {
        var (x, y) = ScheduledOptimizerTests.RegressionData(40);
        var model = Compiled(new SGD(0.1));
        var seen = new List<(int Epoch, double Rate)>();
        var scheduler = new LearningRateScheduler((epoch, lr) =>
        {
            seen.Add((epoch, lr));
            return epoch < 2 ? lr : lr * 0.5;
        });
        var history = model.Fit(x, y, epochs: 4, batchSize: 10, verbose: 0, callbacks: [scheduler]);

        // The schedule sees the optimizer's float32 rate, as Keras passes float(optimizer.learning_rate).
        Assert.Equal([(0, (double)0.1f), (1, (double)0.1f), (2, (double)0.1f), (3, (double)0.05f)], seen);
        Assert.Equal([(double)0.1f, (double)0.1f, (double)0.05f, (double)0.025f], history["learning_rate"]);
        Assert.Equal(0.025f, model.Optimizer.LearningRate);
    }

    [Fact]
    public void Fit_StepsWithTheScheduledRate()
    {
        // The rate the callback sets at epoch e is the one every step of epoch e uses: compare with setting it by hand.
        var (x, y) = ScheduledOptimizerTests.RegressionData(40);
        var withScheduler = Compiled(new SGD(0.2));
        withScheduler.Fit(x, y, epochs: 3, batchSize: 10, verbose: 0, callbacks: [new LearningRateScheduler(epoch => 0.2 / (epoch + 1))]);
        var byHand = Compiled(new SGD(0.2));
        var setRate = new LambdaCallback(onEpochBegin: epoch => byHand.Optimizer.LearningRate = (float)(0.2 / (epoch + 1)));
        byHand.Fit(x, y, epochs: 3, batchSize: 10, verbose: 0, callbacks: [setRate]);
        Assert.Equal(byHand.Parameters.ToArray(), withScheduler.Parameters.ToArray());
    }

    [Fact]
    public void Verbose_PrintsKerasMessage()
    {
        var (x, y) = ScheduledOptimizerTests.RegressionData(10);
        var model = Compiled(new SGD(0.1));
        model.Fit(x, y, epochs: 2, batchSize: 10, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => epoch == 0 ? lr : 1e-05, verbose: 1)]);
        string text = model.Output.ToString()!.ReplaceLineEndings("\n");
        Assert.Contains("\nEpoch 1: LearningRateScheduler setting learning rate to 0.10000000149011612.\n", text);
        Assert.Contains("\nEpoch 2: LearningRateScheduler setting learning rate to 1e-05.\n", text);
    }

    [Fact]
    public void Schedule_ReturningNaN_ThrowsNamingTheEpoch()
    {
        var (x, y) = ScheduledOptimizerTests.RegressionData(10);
        var model = Compiled(new SGD(0.1));
        var e = Assert.Throws<InvalidOperationException>(() =>
            model.Fit(x, y, epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => epoch == 1 ? double.NaN : lr)]));
        Assert.Contains("epoch 1", e.Message);
    }
}
