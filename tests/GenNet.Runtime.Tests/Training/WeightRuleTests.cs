using GenNet.Tests.Support;
using static GenNet.Tests.Checkpoints.CheckpointData;

namespace GenNet.Tests.Training;

[Sequential(6)]
[Dense(5, Activation = Act.Tanh, KernelRegularizer = "l1_l2(l1=0.01, l2=0.02)", BiasRegularizer = "l2(0.1)")]
[Dense(3, Activation = Act.Softmax, KernelRegularizer = "L2(0.05)")]
public partial class RegularizedDenseModel { }

[Sequential(6)]
[Dense(5, Activation = Act.Tanh)]
[Dense(3, Activation = Act.Softmax)]
public partial class PlainDenseModel { }

[Sequential(6)]
[Dense(5, Activation = Act.Tanh, KernelConstraint = "max_norm(0.4)", BiasConstraint = "non_neg")]
[Dense(3, Activation = Act.Softmax, KernelConstraint = "unit_norm", BiasConstraint = "min_max_norm(0.2, 0.5, rate=0.5)")]
public partial class ConstrainedDenseModel { }

[Sequential(5, 5, 2)]
[Conv2D(3, 3, Activation = Act.Tanh, KernelConstraint = "max_norm(0.3, axis=[0, 1, 2])", KernelRegularizer = "l2")]
[Flatten]
[Dense(3, Activation = Act.Softmax, KernelConstraint = "MaxNorm(0.5, axis=-1)")]
public partial class RuledConvModel { }

[Sequential(5, 5, 2)]
[Conv2D(3, 3, Activation = Act.Tanh)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class PlainConvModel { }

[Sequential(4, 3)]
[Bidirectional]
[LSTM(2, KernelRegularizer = "l2(0.1)", RecurrentConstraint = "max_norm(1)")]
[Dense(3, Activation = Act.Softmax)]
public partial class RuledBidirectionalModel { }

/// <summary>
/// Keras' kernel/bias regularizers and constraints: the penalty joins the reported loss, its gradient the step, and the
/// constraints project the weights after it — each checked against a float64 computation of Keras' formulas on a twin
/// model without them (same seed, so the same initial weights and the same data gradient on the first step).
/// </summary>
public sealed class WeightRuleTests
{
    private const float LearningRate = 0.1f;
    private static readonly (float[] X, float[] Y) Data = Classes(64, seed: 41);

    private static (float[] X, float[] Y) Images(int count)
    {
        var rng = new Rng(43);
        var x = new float[count * 50];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextSingle() * 2 - 1;
        return (x, Data.Y[..(count * 3)]);
    }

    private static double[] Doubles(ReadOnlySpan<float> values) => values.ToArray().Select(v => (double)v).ToArray();

    private static double[] Weight(Model model, string key)
    {
        var w = model.Info.Weights.Single(w => w.Name == key);
        return Doubles(model.Parameters.Slice(w.Offset, w.Length));
    }

    /// <summary>Keras' penalty <c>Σ l1·Σ|w| + l2·Σw²</c> of <see cref="RegularizedDenseModel"/> in float64 (frozen layers excluded).</summary>
    private static double Penalty(Model model, bool firstLayerFrozen = false)
    {
        double p = 0;
        if (!firstLayerFrozen)
        {
            p += Weight(model, "dense.kernel").Sum(w => 0.01 * Math.Abs(w) + 0.02 * w * w);
            p += Weight(model, "dense.bias").Sum(w => 0.1 * w * w);
        }
        return p + Weight(model, "dense_1.kernel").Sum(w => 0.05 * w * w);
    }

    private static void CompileSgd(params Model[] models)
    {
        foreach (var model in models) model.Compile(Loss.CategoricalCrossentropy, new SGD(LearningRate));
    }

    [Theory]
    [InlineData(20)] // one chunk: the optimizer applies over the whole buffer
    [InlineData(64)] // two chunks: the penalty gradient is added block by block in the summing pass
    public void OneStep_Regularized_StepsByPenaltyGradient_AndReportsDataLossPlusPenalty(int rows)
    {
        var ruled = new RegularizedDenseModel(seed: 5);
        var plain = new PlainDenseModel(seed: 5);
        Assert.Equal(Bits(plain.Parameters), Bits(ruled.Parameters));
        double[] w0 = Doubles(ruled.Parameters);
        double penalty = Penalty(ruled);
        CompileSgd(ruled, plain);

        double ruledLoss = ruled.TrainOnBatch(Data.X.AsSpan(0, rows * 6), Data.Y.AsSpan(0, rows * 3));
        double plainLoss = plain.TrainOnBatch(Data.X.AsSpan(0, rows * 6), Data.Y.AsSpan(0, rows * 3));

        Assert.Equal(plainLoss + penalty, ruledLoss, 1e-6);
        // w_ruled − w_plain = −lr·(l1·sign(w0) + 2·l2·w0), per weight, from the same data gradient.
        var factors = new (string Key, double L1, double L2)[] { ("dense.kernel", 0.01, 0.02), ("dense.bias", 0, 0.1), ("dense_1.kernel", 0, 0.05), ("dense_1.bias", 0, 0) };
        foreach (var (key, l1, l2) in factors)
        {
            var info = ruled.Info.Weights.Single(w => w.Name == key);
            double[] got = Weight(ruled, key), reference = Weight(plain, key);
            for (int i = 0; i < got.Length; i++)
            {
                double w = w0[info.Offset + i];
                double want = reference[i] - LearningRate * (l1 * Math.Sign(w) + 2 * l2 * w);
                Assert.True(Math.Abs(got[i] - want) < 1e-6, $"{key}[{i}]: {got[i]} != {want}");
            }
        }
    }

    [Fact]
    public void PenaltyGradient_MatchesCentralDifferencesOfThePenalty()
    {
        // The gradient the step applied, (w_plain − w_ruled)/lr, against central differences of Keras' penalty in float64.
        var ruled = new RegularizedDenseModel(seed: 6);
        var plain = new PlainDenseModel(seed: 6);
        double[] w0 = Doubles(ruled.Parameters);
        CompileSgd(ruled, plain);
        ruled.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));
        plain.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));
        double[] applied = Doubles(plain.Parameters).Zip(Doubles(ruled.Parameters), (p, r) => (p - r) / LearningRate).ToArray();

        const double h = 1e-3;
        int checkedCount = 0;
        for (int i = 0; i < w0.Length; i++)
        {
            if (Math.Abs(w0[i]) < 2 * h) continue; // L1's kink at 0
            double up = PenaltyAt(ruled.Info, w0, i, w0[i] + h);
            double down = PenaltyAt(ruled.Info, w0, i, w0[i] - h);
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - applied[i]) < 1e-4 + 1e-3 * Math.Abs(numeric), $"parameter {i}: numeric {numeric}, applied {applied[i]}");
            checkedCount++;
        }
        Assert.True(checkedCount > w0.Length / 2);
    }

    /// <summary>The float64 penalty with parameter <paramref name="index"/> set to <paramref name="value"/>.</summary>
    private static double PenaltyAt(ModelInfo model, double[] w0, int index, double value)
    {
        double[] w = (double[])w0.Clone();
        w[index] = value;
        double p = 0;
        foreach (var info in model.Weights)
        {
            var (l1, l2) = info.Regularizer is { } r ? (r.L1, r.L2) : (0f, 0f);
            for (int i = 0; i < info.Length; i++)
            {
                double v = w[info.Offset + i];
                p += (double)l1 * Math.Abs(v) + (double)l2 * v * v;
            }
        }
        return p;
    }

    [Fact]
    public void Evaluate_ReportsDataLossPlusPenalty()
    {
        var ruled = new RegularizedDenseModel(seed: 7);
        var plain = new PlainDenseModel(seed: 7);
        CompileSgd(ruled, plain);
        double want = plain.Evaluate(Data.X, Data.Y, verbose: 0).Loss + Penalty(ruled);
        Assert.Equal(want, ruled.Evaluate(Data.X, Data.Y, verbose: 0).Loss, 1e-6);
    }

    [Fact]
    public void Regularizers_ReachWeightInfo_AsDeclared()
    {
        var info = RegularizedDenseModel.ModelInfo.Weights;
        Assert.Equal(new WeightRegularizer(0.01f, 0.02f), info.Single(w => w.Name == "dense.kernel").Regularizer);
        Assert.Equal(new WeightRegularizer(0f, 0.1f), info.Single(w => w.Name == "dense.bias").Regularizer);
        Assert.Equal(new WeightRegularizer(0f, 0.05f), info.Single(w => w.Name == "dense_1.kernel").Regularizer);
        Assert.Null(info.Single(w => w.Name == "dense_1.bias").Regularizer);
        var conv = RuledConvModel.ModelInfo.Weights.Single(w => w.Name == "conv2d.kernel");
        Assert.Equal(new WeightRegularizer(0f, 0.01f), conv.Regularizer); // the bare "l2": Keras' 0.01
        Assert.Equal([0, 1, 2], conv.Constraint!.Axes);
        Assert.Equal([1], RuledConvModel.ModelInfo.Weights.Single(w => w.Name == "dense.kernel").Constraint!.Axes); // axis=-1 of [27, 3]
    }

    [Fact]
    public void Bidirectional_BothHalvesGetTheWrappedLayersRules()
    {
        var weights = RuledBidirectionalModel.ModelInfo.Weights;
        var kernels = weights.Where(w => w.Name.EndsWith(".kernel", StringComparison.Ordinal) && w.Name.Contains("lstm", StringComparison.Ordinal)).ToArray();
        var recurrent = weights.Where(w => w.Name.EndsWith("recurrent_kernel", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, kernels.Length);
        Assert.All(kernels, w => Assert.Equal(new WeightRegularizer(0f, 0.1f), w.Regularizer));
        Assert.Equal(2, recurrent.Length);
        Assert.All(recurrent, w => Assert.Equal(WeightConstraintKind.MaxNorm, w.Constraint!.Kind));
        Assert.Null(weights.Single(w => w.Name == "dense.kernel").Regularizer);
    }

    /// <summary>Keras' projection of one weight in float64: norms over <paramref name="axes"/>, one per position of the others.</summary>
    private static double[] Project(double[] w, int[] shape, WeightConstraintKind kind, double min, double max, double rate, int[] axes)
    {
        if (kind == WeightConstraintKind.NonNeg) return w.Select(v => Math.Max(v, 0)).ToArray();
        int KeptKey(int flat)
        {
            int key = 0;
            for (int a = shape.Length - 1, rest = flat, scale = 1; a >= 0; a--)
            {
                int index = rest % shape[a];
                rest /= shape[a];
                if (Array.IndexOf(axes, a) >= 0) continue;
                key += index * scale;
                scale *= shape[a];
            }
            return key;
        }
        var sums = new Dictionary<int, double>();
        for (int i = 0; i < w.Length; i++) sums[KeptKey(i)] = sums.GetValueOrDefault(KeptKey(i)) + w[i] * w[i];
        var projected = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            double norm = Math.Sqrt(sums[KeptKey(i)]);
            double desired = kind switch
            {
                WeightConstraintKind.MaxNorm => Math.Clamp(norm, 0, max),
                WeightConstraintKind.MinMaxNorm => rate * Math.Clamp(norm, min, max) + (1 - rate) * norm,
                _ => 1,
            };
            projected[i] = w[i] * desired / (1e-7 + norm);
        }
        return projected;
    }

    private static void AssertProjected(Model ruled, Model plain, string key, WeightConstraintKind kind, double min, double max, double rate, int[] axes)
    {
        var info = ruled.Info.Weights.Single(w => w.Name == key);
        double[] want = Project(Weight(plain, key), info.Shape, kind, min, max, rate, axes), got = Weight(ruled, key);
        for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) < 1e-6, $"{key}[{i}]: {got[i]} != {want[i]}");
    }

    [Fact]
    public void OneStep_Constrained_EqualsKerasProjectionOfTheUnconstrainedStep()
    {
        var ruled = new ConstrainedDenseModel(seed: 8);
        var plain = new PlainDenseModel(seed: 8);
        CompileSgd(ruled, plain);
        ruled.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));
        plain.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));

        AssertProjected(ruled, plain, "dense.kernel", WeightConstraintKind.MaxNorm, 0, 0.4, 1, [0]);
        AssertProjected(ruled, plain, "dense.bias", WeightConstraintKind.NonNeg, 0, 0, 1, []);
        AssertProjected(ruled, plain, "dense_1.kernel", WeightConstraintKind.UnitNorm, 0, 0, 1, [0]);
        AssertProjected(ruled, plain, "dense_1.bias", WeightConstraintKind.MinMaxNorm, 0.2, 0.5, 0.5, [0]);
    }

    [Fact]
    public void OneStep_ConvFilterNorms_EqualKerasProjection_WithTheL2Step()
    {
        var ruled = new RuledConvModel(seed: 9);
        var plain = new PlainConvModel(seed: 9);
        var (x, y) = Images(16);
        double[] kernel0 = Weight(ruled, "conv2d.kernel");
        CompileSgd(ruled, plain);
        ruled.TrainOnBatch(x, y);
        plain.TrainOnBatch(x, y);

        // The conv kernel first steps with the l2 gradient, then is projected per filter; the dense kernel per column.
        var info = ruled.Info.Weights.Single(w => w.Name == "conv2d.kernel");
        double[] stepped = Weight(plain, "conv2d.kernel").Zip(kernel0, (p, w) => p - LearningRate * 2 * 0.01 * w).ToArray();
        double[] want = Project(stepped, info.Shape, WeightConstraintKind.MaxNorm, 0, 0.3, 1, [0, 1, 2]);
        double[] got = Weight(ruled, "conv2d.kernel");
        for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) < 1e-6, $"conv2d.kernel[{i}]: {got[i]} != {want[i]}");
        AssertProjected(ruled, plain, "dense.kernel", WeightConstraintKind.MaxNorm, 0, 0.5, 1, [1]);
    }

    [Fact]
    public void FrozenLayer_GetsNoPenaltyNoPenaltyGradientAndNoProjection()
    {
        var ruled = new RegularizedDenseModel(seed: 10);
        ruled.Layers["dense"].Trainable = false;
        var plain = new PlainDenseModel(seed: 10);
        plain.Layers["dense"].Trainable = false;
        double penalty = Penalty(ruled, firstLayerFrozen: true);
        CompileSgd(ruled, plain);
        double ruledLoss = ruled.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));
        double plainLoss = plain.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));
        Assert.Equal(plainLoss + penalty, ruledLoss, 1e-6);

        var constrained = new ConstrainedDenseModel(seed: 10);
        var kernel = Bits(constrained.Parameters.Slice(0, ConstrainedDenseModel.DenseKernelLength));
        constrained.Layers["dense"].Trainable = false;
        CompileSgd(constrained);
        constrained.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));
        // Glorot columns of a 6×5 kernel have norms near 1, above max_norm's 0.4: a projection would have changed them.
        Assert.Equal(kernel, Bits(constrained.Parameters.Slice(0, ConstrainedDenseModel.DenseKernelLength)));
    }

    [Fact]
    public void Fit_KeepsEveryConstraint()
    {
        var model = new ConstrainedDenseModel(seed: 11);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.05f));
        model.Fit(Data.X, Data.Y, epochs: 5, batchSize: 16, verbose: 0);
        double[] kernel = Weight(model, "dense.kernel"), last = Weight(model, "dense_1.kernel");
        for (int unit = 0; unit < 5; unit++)
            Assert.True(Math.Sqrt(Enumerable.Range(0, 6).Sum(i => kernel[i * 5 + unit] * kernel[i * 5 + unit])) <= 0.4 + 1e-6);
        Assert.All(Weight(model, "dense.bias"), b => Assert.True(b >= 0));
        for (int unit = 0; unit < 3; unit++)
            Assert.Equal(1, Math.Sqrt(Enumerable.Range(0, 5).Sum(i => last[i * 3 + unit] * last[i * 3 + unit])), 1e-5);
    }

    private static (int[] Parameters, double[] Losses) Train(Func<Model> create, Optimizer optimizer, int threads)
    {
        var model = create();
        model.Threads = threads;
        model.Compile(Loss.CategoricalCrossentropy, optimizer);
        var history = model.Fit(Data.X, Data.Y, epochs: 3, batchSize: 64, verbose: 0);
        return (Bits(model.Parameters), history["loss"].ToArray());
    }

    [Theory]
    [InlineData("sgd")] // steps in blocks while the chunk gradients are summed
    [InlineData("adam_clipnorm")] // sums, then clips and steps over the whole buffer
    public void OneAndTwoThreads_BitIdentical(string optimizer)
    {
        foreach (Func<Model> create in new Func<Model>[] { () => new RegularizedDenseModel(seed: 12), () => new ConstrainedDenseModel(seed: 12) })
        {
            var one = Train(create, Optimizer(optimizer), threads: 1);
            var two = Train(create, Optimizer(optimizer), threads: 2);
            Assert.Equal(one.Parameters, two.Parameters);
            Assert.Equal(one.Losses, two.Losses);
        }
    }

    [Fact]
    public void TrainOnBatch_WithRegularizersAndConstraints_AllocatesNothingAfterWarmUp()
    {
        var model = new RuledConvModel(seed: 13);
        model.Compile(Loss.CategoricalCrossentropy, new Adam());
        var (x, y) = Images(64);
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, y));
    }
}
