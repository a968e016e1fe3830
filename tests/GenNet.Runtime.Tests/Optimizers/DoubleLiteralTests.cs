namespace GenNet.Tests.Optimizers;

/// <summary>
/// The double literals Keras code is written with compile as hyper-parameters (<c>Adam(1e-2)</c> once failed with CS1503,
/// double to float) and are kept as float, the precision the update runs in. This file compiling is half the test.
/// </summary>
public class DoubleLiteralTests
{
    [Fact]
    public void Optimizers_TakeDoubleLiterals()
    {
        Assert.Equal(0.01f, new Adam(1e-2).LearningRate);
        var sgd = new SGD(0.1, momentum: 0.9, nesterov: true);
        Assert.Equal((0.1f, 0.9f), (sgd.LearningRate, sgd.Momentum));
        var rmsprop = new RMSprop(1e-3, rho: 0.95, momentum: 0.5, epsilon: 1e-6);
        Assert.Equal((0.001f, 0.95f, 0.5f, 1e-6f), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Momentum, rmsprop.Epsilon));
        Assert.Equal(0.2f, new Adagrad(0.01, initialAccumulatorValue: 0.2).InitialAccumulatorValue);
        Assert.Equal(0.9f, new Adadelta(1.0, rho: 0.9).Rho);
        var adam = new Adam(learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-8) { ClipNorm = 1.0 };
        Assert.Equal((3e-4f, 0.8f, 0.99f, 1e-8f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon));
        Assert.Equal((double)1f, adam.ClipNorm);
        Assert.Equal((double)1e-4f, new AdamW(1e-3, weightDecay: 1e-4).WeightDecay);
        Assert.Equal(0.5f, new Adamax(0.002, beta1: 0.5).Beta1);
        Assert.Equal(0.95f, new Nadam(0.002, beta2: 0.95).Beta2);
        Assert.Equal((double)0.5f, new SGD { GlobalClipNorm = 0.5 }.GlobalClipNorm);
        Assert.Equal((double)0.25f, new SGD { ClipValue = 0.25 }.ClipValue);
    }

    [Fact]
    public void LossHyperParameters_TakeDoubleLiterals()
    {
        Assert.Equal(0.1f, new global::GenNet.Losses.BinaryCrossentropy(labelSmoothing: 0.1).LabelSmoothing);
        Assert.Equal(0.2f, new global::GenNet.Losses.CategoricalCrossentropy(labelSmoothing: 0.2).LabelSmoothing);
        Assert.Equal(0.5f, new global::GenNet.Losses.Huber(0.5).Delta);
        Assert.Throws<ArgumentOutOfRangeException>(() => new global::GenNet.Losses.BinaryCrossentropy(labelSmoothing: 1.5));
    }

    [Fact]
    public void MetricThresholds_TakeDoubleLiterals()
    {
        Assert.Equal(0.7f, new global::GenNet.Metrics.BinaryAccuracy(0.7).Threshold);
        Assert.Equal(0.3f, new global::GenNet.Metrics.BinaryIoU(threshold: 0.3).Threshold);
        Assert.Equal(0.4f, new global::GenNet.Metrics.F1Score(threshold: 0.4).Threshold);
        Assert.Equal(0.6f, new global::GenNet.Metrics.FBetaScore(beta: 2.0, threshold: 0.6).Threshold);
    }

    [Fact]
    public void ClipAndDecayLimits_StoredAsFloat_StepAsBefore()
    {
        // ‖(3, 4)‖ = 5 → scaled to the limit 1 (clipnorm compares in double against the float limit).
        var sgd = new SGD(1.0) { ClipNorm = 1.0 };
        sgd.Build(2, []);
        float[] p = new float[2];
        sgd.Apply(p, [3f, 4f]);
        Assert.Equal([-0.6f, -0.8f], p, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Callbacks_TakeDoubleLiterals()
    {
        _ = new ReduceLROnPlateau(factor: 0.5, patience: 2, minDelta: 1e-3, minLr: 1e-6);
        _ = new EarlyStopping(minDelta: 0.01, baseline: 0.5);
        _ = new LearningRateScheduler((epoch, lr) => epoch < 5 ? lr : lr * 0.9);
        _ = new ExponentialDecay(1e-2, decaySteps: 1e4, decayRate: 0.9);
        _ = new CosineDecay(1e-3, decaySteps: 1000, alpha: 0.1, warmupTarget: 1e-2, warmupSteps: 100);
    }
}
