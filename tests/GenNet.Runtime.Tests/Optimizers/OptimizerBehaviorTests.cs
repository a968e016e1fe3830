using System.Numerics;
using Xunit;

namespace GenNet.Tests.Optimizers;

public class OptimizerBehaviorTests
{
    [Fact]
    public void Defaults_AreKeras3()
    {
        var sgd = new SGD();
        Assert.Equal((0.01f, 0f, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        var rmsprop = new RMSprop();
        Assert.Equal((0.001f, 0.9f, 0f, 1e-7f, false), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Momentum, rmsprop.Epsilon, rmsprop.Centered));
        var adagrad = new Adagrad();
        Assert.Equal((0.001f, 0.1f, 1e-7f), (adagrad.LearningRate, adagrad.InitialAccumulatorValue, adagrad.Epsilon));
        var adadelta = new Adadelta();
        Assert.Equal((0.001f, 0.95f, 1e-7f), (adadelta.LearningRate, adadelta.Rho, adadelta.Epsilon));
        var adam = new Adam();
        Assert.Equal((0.001f, 0.9f, 0.999f, 1e-7f, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        var adamw = new AdamW();
        Assert.Equal((0.001f, 0.004f, 0.9f, 0.999f, 1e-7f), (adamw.LearningRate, adamw.WeightDecay, adamw.Beta1, adamw.Beta2, adamw.Epsilon));
        var adamax = new Adamax();
        Assert.Equal((0.001f, 0.9f, 0.999f, 1e-7f), (adamax.LearningRate, adamax.Beta1, adamax.Beta2, adamax.Epsilon));
        var nadam = new Nadam();
        Assert.Equal((0.001f, 0.9f, 0.999f, 1e-7f), (nadam.LearningRate, nadam.Beta1, nadam.Beta2, nadam.Epsilon));
        Assert.Null(adam.WeightDecay);
        Assert.Null(adam.ClipNorm);
    }

    [Theory]
    [InlineData("sgd", typeof(SGD))]
    [InlineData("rmsprop", typeof(RMSprop))]
    [InlineData("adagrad", typeof(Adagrad))]
    [InlineData("adadelta", typeof(Adadelta))]
    [InlineData("adam", typeof(Adam))]
    [InlineData("Adam", typeof(Adam))]
    [InlineData("adamw", typeof(AdamW))]
    [InlineData("adamax", typeof(Adamax))]
    [InlineData("nadam", typeof(Nadam))]
    public void FromName_KerasName_GivesThatOptimizer(string name, Type expected)
    {
        Optimizer optimizer = Optimizer.FromName(name);
        Assert.IsType(expected, optimizer);
        Assert.Equal(name.ToLowerInvariant(), optimizer.Name);
        Optimizer implicitly = name;
        Assert.IsType(expected, implicitly);
    }

    [Fact]
    public void FromName_Unknown_ThrowsListingValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizer.FromName("adamm"));
        Assert.Contains("adamm", e.Message);
        foreach (string name in Optimizer.KnownNames) Assert.Contains(name, e.Message);
    }

    [Theory]
    [InlineData("sgd", 0)]
    [InlineData("sgd_momentum", 1)]
    [InlineData("rmsprop", 1)]
    [InlineData("rmsprop_momentum", 2)]
    [InlineData("rmsprop_centered", 2)]
    [InlineData("rmsprop_centered_momentum", 3)]
    [InlineData("adagrad", 1)]
    [InlineData("adadelta", 2)]
    [InlineData("adam", 2)]
    [InlineData("adam_amsgrad", 3)]
    [InlineData("adamw", 2)]
    [InlineData("adamax", 2)]
    [InlineData("nadam", 2)]
    public void StateCount_IsSlotsTimesParametersPlusTwo(string variant, int slots)
    {
        Optimizer optimizer = OptimizerVariants.Create(variant);
        Assert.Equal(slots, optimizer.SlotsPerParameter);
        Assert.Equal(2, optimizer.StateCount);
        optimizer.Build(100, [(0, 60), (60, 40)]);
        Assert.Equal(slots * 100 + 2, optimizer.StateCount);
        Assert.Equal(slots * 100, optimizer.Slots.Length);
    }

    [Fact]
    public void Adagrad_Build_StartsAccumulatorAtInitialValue()
    {
        var adagrad = new Adagrad(initialAccumulatorValue: 0.25f);
        adagrad.Build(7, []);
        Assert.All(adagrad.Slots.ToArray(), a => Assert.Equal(0.25f, a));
    }

    /// <summary>
    /// The SIMD pass and its tail must agree: a buffer of any length up to a few vectors plus one gives bit for bit
    /// what each element gives alone (a length-1 buffer always takes the tail path).
    /// </summary>
    [Theory]
    [MemberData(nameof(ElementWiseVariants))]
    public void Apply_AnyLength_MatchesElementByElement(string variant)
    {
        int maxLength = 3 * Vector<float>.Count + 1;
        for (int length = 1; length <= maxLength; length++)
        {
            float[] parameters = OptimizerVariants.Values(length, 1);
            float[] expected = (float[])parameters.Clone();
            Optimizer whole = OptimizerVariants.Create(variant);
            whole.Build(length, []);
            var single = new Optimizer[length];
            for (int i = 0; i < length; i++)
            {
                single[i] = OptimizerVariants.Create(variant);
                single[i].Build(1, []);
            }
            for (int step = 0; step < 3; step++)
            {
                float[] gradients = OptimizerVariants.Values(length, 100 + step);
                float[] copy = (float[])gradients.Clone();
                whole.Apply(parameters, gradients);
                for (int i = 0; i < length; i++) single[i].Apply(expected.AsSpan(i, 1), copy.AsSpan(i, 1));
            }
            Assert.Equal(expected, parameters);
        }
    }

    public static TheoryData<string> ElementWiseVariants() => new(OptimizerVariants.ElementWise);

    [Fact]
    public void ClipNorm_IsPerVariable()
    {
        // Variable 0: g = (3, 4), ‖g‖ = 5 → scaled to norm 1. Variable 1: g = (0.6), within the limit → unchanged.
        var sgd = new SGD(learningRate: 1f) { ClipNorm = 1f };
        sgd.Build(3, [(0, 2), (2, 1)]);
        float[] p = new float[3];
        float[] g = [3f, 4f, 0.6f];
        sgd.Apply(p, g);
        Assert.Equal([-0.6f, -0.8f, -0.6f], p, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void GlobalClipNorm_ScalesAllVariablesTogether()
    {
        var sgd = new SGD(learningRate: 1f) { GlobalClipNorm = 1f };
        sgd.Build(3, [(0, 2), (2, 1)]);
        float[] p = new float[3];
        float[] g = [0f, 3f, 4f];
        sgd.Apply(p, g);
        Assert.Equal([0f, -0.6f, -0.8f], p, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Build_SameCountAgain_KeepsState()
    {
        var adam = new Adam();
        adam.Build(4, []);
        adam.Apply(new float[4], [1f, 2f, 3f, 4f]);
        float[] slots = adam.Slots.ToArray();
        adam.Build(4, [(0, 4)]);
        Assert.Equal(1, adam.Iterations);
        Assert.Equal(slots, adam.Slots.ToArray());
    }

    [Fact]
    public void LearningRate_ChangedBetweenSteps_IsUsed()
    {
        var sgd = new SGD(learningRate: 0.1f);
        sgd.Build(1, []);
        float[] p = [0f];
        sgd.Apply(p, [1f]);
        sgd.LearningRate = 0.5f;
        sgd.Apply(p, [1f]);
        Assert.Equal(-0.6f, p[0], 6);
    }
}
