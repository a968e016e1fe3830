using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Optimizers;

/// <summary>
/// A <see cref="LearningRateSchedule"/> as an optimizer's learning rate: step = Iterations before the step (Keras passes
/// <c>optimizer.iterations</c>, incremented after the update), in Apply, in the block-wise step and through Fit.
/// </summary>
public class ScheduledOptimizerTests
{
    [Fact]
    public void Sgd_WithExponentialDecay_MatchesHandSteppedWeights()
    {
        var schedule = new ExponentialDecay(0.5, decaySteps: 2, decayRate: 0.5);
        var sgd = new SGD(schedule);
        const int n = 5, steps = 6;
        sgd.Build(n, []);
        float[] p = [0.5f, -1f, 2f, 0f, 0.25f];
        double[] reference = [.. p.Select(v => (double)v)];
        for (int t = 0; t < steps; t++)
        {
            float[] g = [.. Enumerable.Range(0, n).Select(i => (float)Math.Sin(1 + i + 3 * t))];
            double lr = 0.5 * Math.Pow(0.5, t / 2.0); // step t uses the schedule at t: 0.5 on the first step
            for (int i = 0; i < n; i++) reference[i] -= lr * g[i];
            sgd.Apply(p, g);
        }
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(p[i] - reference[i]) < 1e-6, $"p[{i}] = {p[i]}, expected {reference[i]}");
        Assert.Equal(steps, sgd.Iterations);
        Assert.Equal((float)(0.5 * Math.Pow(0.5, steps / 2.0)), sgd.LearningRate); // the rate of the next step
    }

    [Fact]
    public void FirstStep_UsesTheScheduleAtStepZero()
    {
        // Staircase halving every step: 1, 0.5, 0.25. Starting at step 1 would give −0.5 − 0.25 instead.
        var sgd = new SGD(new ExponentialDecay(1.0, decaySteps: 1, decayRate: 0.5, staircase: true));
        sgd.Build(1, []);
        float[] p = [0f];
        sgd.Apply(p, [1f]);
        Assert.Equal(-1f, p[0]);
        sgd.Apply(p, [1f]);
        Assert.Equal(-1.5f, p[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fit_WithSchedule_EqualsTheRateSetByHandBeforeEachBatch(int threads)
    {
        // 100-row batches run as two chunks, so the optimizer steps block by block on the training threads.
        var schedule = new CosineDecay(0.05, decaySteps: 12, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 3);
        var (x, y) = RegressionData(400);
        var scheduled = new RegressionModel(seed: 7) { Threads = threads, Output = TextWriter.Null };
        scheduled.Compile(Loss.MeanSquaredError, new SGD(schedule, momentum: 0.5));
        var byHand = new RegressionModel(seed: 7) { Threads = threads, Output = TextWriter.Null };
        var fixedRate = new SGD(learningRate: 1.0, momentum: 0.5);
        byHand.Compile(Loss.MeanSquaredError, fixedRate);
        var setRate = new LambdaCallback(onTrainBatchBegin: _ => fixedRate.LearningRate = (float)schedule.LearningRateAt(fixedRate.Iterations));

        var h1 = scheduled.Fit(x, y, epochs: 5, batchSize: 100, verbose: 0);
        var h2 = byHand.Fit(x, y, epochs: 5, batchSize: 100, verbose: 0, callbacks: [setRate]);

        Assert.Equal(20, scheduled.Optimizer.Iterations);
        Assert.Equal(byHand.Parameters.ToArray(), scheduled.Parameters.ToArray());
        Assert.Equal(h2["loss"], h1["loss"]);
    }

    [Fact]
    public void Fit_WithSchedule_OneAndTwoThreads_AreBitIdentical()
    {
        var (x, y) = RegressionData(512);
        float[] Train(int threads)
        {
            var model = new RegressionModel(seed: 3) { Threads = threads, Output = TextWriter.Null };
            model.Compile(Loss.MeanSquaredError, new Adam(new CosineDecayRestarts(0.01, firstDecaySteps: 3)));
            model.Fit(x, y, epochs: 3, batchSize: 128, verbose: 0);
            return model.Parameters.ToArray();
        }
        Assert.Equal(Train(1), Train(2));
    }

    [Fact]
    public void LearningRate_WithSchedule_IsTheScheduleAtIterationsAndCannotBeSet()
    {
        var schedule = new PiecewiseConstantDecay([1], [0.1, 0.01]);
        var adam = new Adam(learningRate: schedule);
        Assert.Same(schedule, adam.Schedule);
        Assert.Equal(0.1f, adam.LearningRate);
        adam.Build(3, []);
        adam.Apply(new float[3], [1f, 1f, 1f]);
        adam.Apply(new float[3], [1f, 1f, 1f]);
        Assert.Equal(0.01f, adam.LearningRate); // Iterations = 2 > boundary 1
        var e = Assert.Throws<InvalidOperationException>(() => adam.LearningRate = 0.5f);
        Assert.Contains("PiecewiseConstantDecay", e.Message);
        Assert.Contains("not settable", e.Message);
        Assert.Throws<ArgumentNullException>(() => adam.Schedule = null);
    }

    [Fact]
    public void Schedule_SetAsProperty_DrivesTheRate()
    {
        var rmsprop = new RMSprop { Schedule = new InverseTimeDecay(0.1, decaySteps: 1, decayRate: 1) };
        rmsprop.Build(1, []);
        rmsprop.Apply(new float[1], [1f]);
        Assert.Equal(0.05f, rmsprop.LearningRate); // 0.1 / (1 + 1)
    }

    [Fact]
    public void StateCount_WithSchedule_HasNoLearningRateVariable()
    {
        // Keras tracks a learning_rate variable only for a fixed rate: Optimizer params = slots + iterations.
        var adam = new Adam(new ExponentialDecay(1e-3, 100, 0.9));
        adam.Build(10, []);
        Assert.Equal(2 * 10 + 1, adam.StateCount);
    }

    [Fact]
    public void WeightDecay_UsesTheScheduledRate()
    {
        // AdamW decays v ← v − v·wd·lr with the step's rate; with g = 0 Adam's own update is 0.
        var adamw = new AdamW(new PiecewiseConstantDecay([0], [0.5, 0.25]), weightDecay: 0.1);
        adamw.Build(1, []);
        float[] p = [1f];
        adamw.Apply(p, [0f]);
        Assert.Equal(1 - 0.1 * 0.5, p[0], 6);
        adamw.Apply(p, [0f]);
        Assert.Equal((1 - 0.1 * 0.5) * (1 - 0.1 * 0.25), p[0], 6);
    }

    [Fact]
    public void ReduceLROnPlateau_WithSchedule_ThrowsBeforeTraining()
    {
        var (x, y) = RegressionData(20);
        var model = new RegressionModel(seed: 1) { Output = TextWriter.Null };
        model.Compile(Loss.MeanSquaredError, new SGD(new ExponentialDecay(0.01, 10, 0.9)));
        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, epochs: 3, verbose: 0, callbacks: [new ReduceLROnPlateau(monitor: "loss")]));
        Assert.Contains("ReduceLROnPlateau", e.Message);
        Assert.Contains("ExponentialDecay", e.Message);
        Assert.Equal(0, model.Optimizer.Iterations);
    }

    [Fact]
    public void LearningRateScheduler_WithSchedule_ThrowsBeforeTraining()
    {
        var (x, y) = RegressionData(20);
        var model = new RegressionModel(seed: 1) { Output = TextWriter.Null };
        model.Compile(Loss.MeanSquaredError, new Adam(new CosineDecay(0.01, 10)));
        var e = Assert.Throws<InvalidOperationException>(() =>
            model.Fit(x, y, epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => lr * 0.5)]));
        Assert.Contains("CosineDecay", e.Message);
        Assert.Equal(0, model.Optimizer.Iterations);
    }

    public static TheoryData<string> Schedules() => new(ScheduleCases.Keys);

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Apply_WithEachSchedule_AfterWarmUp_AllocatesNothing(string name)
    {
        var adam = new Adam(ScheduleCases[name]());
        const int count = 1003;
        adam.Build(count, [(0, 500), (500, 503)]);
        float[] parameters = OptimizerVariants.Values(count, 1), gradients = OptimizerVariants.Values(count, 2);
        Allocations.AssertNoneAfterWarmUp(() => adam.Apply(parameters, gradients));
    }

    [Fact]
    public void TrainOnBatch_WithSchedule_AfterWarmUp_AllocatesNothing()
    {
        var (x, y) = RegressionData(128); // two chunks: the block-wise step
        var model = new RegressionModel(seed: 2) { Threads = 2 };
        model.Compile(Loss.MeanSquaredError, new Nadam(new PolynomialDecay(0.01, decaySteps: 50, cycle: true)));
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, y));
    }

    private static readonly Dictionary<string, Func<LearningRateSchedule>> ScheduleCases = new()
    {
        ["exponential"] = () => new ExponentialDecay(0.01, 10, 0.9, staircase: true),
        ["inverse_time"] = () => new InverseTimeDecay(0.01, 10, 0.5),
        ["piecewise"] = () => new PiecewiseConstantDecay([5, 10], [0.01, 0.005, 0.001]),
        ["polynomial"] = () => new PolynomialDecay(0.01, 10, power: 0.5, cycle: true),
        ["cosine"] = () => new CosineDecay(0, 10, warmupTarget: 0.01, warmupSteps: 5),
        ["cosine_restarts"] = () => new CosineDecayRestarts(0.01, 3, tMul: 1.5, mMul: 0.9),
    };

    internal static (float[] X, float[] Y) RegressionData(int rows)
    {
        var rng = new Rng(11);
        float[] x = [.. Enumerable.Range(0, rows * RegressionModel.InputSize).Select(_ => rng.NextSingle() * 2 - 1)];
        var y = new float[rows * RegressionModel.OutputSize];
        for (int r = 0; r < rows; r++)
        {
            y[2 * r] = x[3 * r] - 0.5f * x[3 * r + 1];
            y[2 * r + 1] = x[3 * r + 2] * x[3 * r];
        }
        return (x, y);
    }
}
