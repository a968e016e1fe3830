namespace GenNet.Tests.Callbacks;

/// <summary>Python's <c>repr(float)</c> text, which Keras' CSVLogger and callback messages write (expected values printed by python3).</summary>
public class PythonFloatTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345680.0, "1.2345678901234568e+17")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(3.0, "3.0")]
    [InlineData(12.0, "12.0")]
    [InlineData(1234.5, "1234.5")]
    [InlineData(-2.5e-07, "-2.5e-07")]
    [InlineData((double)0.1f, "0.10000000149011612")]
    [InlineData((double)0.05f, "0.05000000074505806")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(9.5367431640625e-07, "9.5367431640625e-07")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.0, "0.0")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Format_WritesWhatPythonReprWrites(double value, string expected) => Assert.Equal(expected, PythonFloat.Format(value));
}
