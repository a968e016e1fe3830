namespace GenNet.Tests.Optimizers;

/// <summary>
/// Each schedule against Keras 3's formula (keras/src/optimizers/schedules/learning_rate_schedule.py), written out here
/// in float64 and evaluated at steps around every boundary, plus values worked out by hand.
/// </summary>
public class LearningRateScheduleTests
{
    private static readonly long[] Steps = [0, 1, 2, 3, 5, 7, 9, 10, 11, 14, 15, 16, 19, 20, 21, 29, 30, 31, 44, 45, 46, 69, 70, 71, 99, 100, 101, 150, 1000, 12345];

    private static void AssertMatches(LearningRateSchedule schedule, Func<long, double> reference)
    {
        foreach (long step in Steps)
        {
            double expected = reference(step), actual = schedule.LearningRateAt(step);
            Assert.True(Math.Abs(actual - expected) <= 1e-15 + 1e-12 * Math.Abs(expected), $"step {step}: expected {expected:R}, got {actual:R}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExponentialDecay_FollowsTheFormula(bool staircase) =>
        AssertMatches(new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.96, staircase),
            step => 0.1 * Math.Pow(0.96, staircase ? Math.Floor(step / 10.0) : step / 10.0));

    [Fact]
    public void ExponentialDecay_ByHand()
    {
        var schedule = new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.5);
        Assert.Equal(0.025, schedule.LearningRateAt(20), 15);
        Assert.Equal(0.1 * Math.Sqrt(0.5), schedule.LearningRateAt(5), 15);
        Assert.Equal(0.05, new ExponentialDecay(0.1, 10, 0.5, staircase: true).LearningRateAt(15), 15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InverseTimeDecay_FollowsTheFormula(bool staircase) =>
        AssertMatches(new InverseTimeDecay(0.1, decaySteps: 15, decayRate: 0.5, staircase),
            step => 0.1 / (1 + 0.5 * (staircase ? Math.Floor(step / 15.0) : step / 15.0)));

    [Fact]
    public void InverseTimeDecay_ByHand()
    {
        Assert.Equal(0.05, new InverseTimeDecay(0.1, decaySteps: 1.0, decayRate: 0.5).LearningRateAt(2), 15); // 0.1 / (1 + 1)
        Assert.Equal(0.1 / 1.5, new InverseTimeDecay(0.1, 10, 0.5, staircase: true).LearningRateAt(19), 15);
    }

    [Fact]
    public void PiecewiseConstantDecay_FirstValueUpToAndAtTheFirstBoundary_ThenEachNext()
    {
        var schedule = new PiecewiseConstantDecay([10, 20, 45], [1.0, 0.5, 0.1, 0.01]);
        AssertMatches(schedule, step => step <= 10 ? 1.0 : step <= 20 ? 0.5 : step <= 45 ? 0.1 : 0.01);
        Assert.Equal([10L, 20, 45], schedule.Boundaries);
    }

    [Theory]
    [InlineData(1.0, false)]
    [InlineData(0.5, false)]
    [InlineData(2.0, true)]
    [InlineData(1.0, true)]
    public void PolynomialDecay_FollowsTheFormula(double power, bool cycle)
    {
        const double initial = 0.1, end = 0.01, d = 30;
        AssertMatches(new PolynomialDecay(initial, d, end, power, cycle), step =>
        {
            double s = step, steps = d;
            if (cycle) steps = d * (step == 0 ? 1 : Math.Ceiling(s / d));
            else s = Math.Min(s, d);
            return (initial - end) * Math.Pow(1 - s / steps, power) + end;
        });
    }

    [Fact]
    public void PolynomialDecay_ByHand()
    {
        var linear = new PolynomialDecay(0.1, decaySteps: 10, endLearningRate: 0.0);
        Assert.Equal(0.05, linear.LearningRateAt(5), 15);
        Assert.Equal(0.0, linear.LearningRateAt(50), 15); // held at the end rate
        var cycling = new PolynomialDecay(0.1, decaySteps: 10, endLearningRate: 0.0, cycle: true);
        Assert.Equal(0.1 * (1 - 15.0 / 20), cycling.LearningRateAt(15), 15); // second period: d = 20
        Assert.Equal(0.0, cycling.LearningRateAt(10), 15); // exactly at a multiple: the period ends there
        Assert.Equal(0.0001, new PolynomialDecay(1.0, 10).LearningRateAt(10), 15); // Keras' default end rate
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void CosineDecay_WithoutWarmup_FollowsTheFormula(double alpha) =>
        AssertMatches(new CosineDecay(0.1, decaySteps: 70, alpha), step =>
            0.1 * ((1 - alpha) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, 70) / 70)) + alpha));

    [Fact]
    public void CosineDecay_WithWarmup_RisesLinearlyThenDecaysFromTheTarget()
    {
        const double initial = 0.0, target = 0.2, warmup = 10, d = 35, alpha = 0.05;
        AssertMatches(new CosineDecay(initial, d, alpha, warmupTarget: target, warmupSteps: warmup), step =>
        {
            double s = Math.Min(step, d + warmup);
            if (s < warmup) return initial + (target - initial) * s / warmup;
            return target * ((1 - alpha) * 0.5 * (1 + Math.Cos(Math.PI * (s - warmup) / d)) + alpha);
        });
        var schedule = new CosineDecay(0.0, decaySteps: 100, warmupTarget: 0.1, warmupSteps: 10);
        Assert.Equal(0.05, schedule.LearningRateAt(5), 15);   // half-way up
        Assert.Equal(0.1, schedule.LearningRateAt(10), 15);   // the top: decay starts
        Assert.Equal(0.05, schedule.LearningRateAt(60), 15);  // half-way down: cos(π/2) = 0
        Assert.Equal(0.0, schedule.LearningRateAt(500), 15);
    }

    [Theory]
    [InlineData(2.0, 1.0, 0.0)]
    [InlineData(1.0, 0.5, 0.1)]
    [InlineData(3.0, 0.9, 0.0)]
    [InlineData(1.5, 1.0, 0.2)]
    public void CosineDecayRestarts_MatchesPeriodByPeriod(double tMul, double mMul, double alpha)
    {
        const double initial = 0.1, first = 10;
        // Walk the periods one by one: an independent way to find the period and the fraction of it a step is at.
        AssertMatches(new CosineDecayRestarts(initial, first, tMul, mMul, alpha), step =>
        {
            double start = 0, length = first, height = 1;
            while (step >= start + length)
            {
                start += length;
                length *= tMul;
                height *= mMul;
            }
            double f = (step - start) / length;
            return initial * ((1 - alpha) * 0.5 * height * (1 + Math.Cos(Math.PI * f)) + alpha);
        });
    }

    [Fact]
    public void CosineDecayRestarts_RestartsAtTheFullRate()
    {
        var schedule = new CosineDecayRestarts(0.1, firstDecaySteps: 10); // periods of 10, 20, 40, … steps
        Assert.Equal(0.1, schedule.LearningRateAt(0), 15);
        Assert.Equal(0.05, schedule.LearningRateAt(5), 15);
        Assert.Equal(0.1, schedule.LearningRateAt(10), 15);  // restart
        Assert.Equal(0.05, schedule.LearningRateAt(20), 15); // half of the 20-step period
        Assert.Equal(0.1, schedule.LearningRateAt(30), 15);  // restart
        var tripling = new CosineDecayRestarts(1.0, firstDecaySteps: 1, tMul: 3, mMul: 0.5); // periods start at 0, 1, 4, 13, 40, 121
        Assert.Equal(0.125, tripling.LearningRateAt(13), 15);
        // Keras' period index ⌊log(1 + 2·121) / log 3⌋ is 4 in doubles (log 243 / log 3 = 4.999…), yet step 121 starts period 5.
        Assert.Equal(0.03125, tripling.LearningRateAt(121), 15);
        Assert.True(tripling.LearningRateAt(120) < 0.001); // the end of period 4
    }

    [Fact]
    public void CosineDecayRestarts_ShrinkingPeriodsRunOut_Throws()
    {
        var schedule = new CosineDecayRestarts(0.1, firstDecaySteps: 10, tMul: 0.5); // 10 + 5 + 2.5 + … = 20 steps
        Assert.True(schedule.LearningRateAt(19) >= 0);
        var e = Assert.Throws<InvalidOperationException>(() => schedule.LearningRateAt(20));
        Assert.Contains("step 20", e.Message);
    }

    [Fact]
    public void Constructors_RejectWhatKerasRejects()
    {
        Assert.Contains("decaySteps", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 0, 0.9)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.1, -1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDecay(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 10, warmupTarget: 0.2, warmupSteps: -1));
        Assert.Contains("firstDecaySteps", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecayRestarts(0.1, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(double.NaN, 10, 0.9));
        var lengths = Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([10, 20], [1.0, 0.5]));
        Assert.Contains("2 boundaries and 2 values", lengths.Message);
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([20, 10], [1.0, 0.5, 0.1])).Message);
    }
}
