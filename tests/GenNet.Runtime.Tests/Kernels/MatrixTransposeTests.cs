using GenNet.Kernels;

namespace GenNet.Tests.KernelTests;

/// <summary>MatrixTranspose against the definition for shapes below, at and past its 8 × 8 blocks.</summary>
public class MatrixTransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(8, 8)]
    [InlineData(9, 8)]
    [InlineData(8, 17)]
    [InlineData(16, 32)]
    [InlineData(27, 33)]
    public void Transpose_EqualsTheDefinition(int rows, int columns)
    {
        float[] source = Enumerable.Range(0, rows * columns).Select(i => i * 0.5f - 3f).ToArray();
        var target = Enumerable.Repeat(float.NaN, rows * columns + 3).ToArray();
        MatrixTranspose.Transpose(source, target, rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                Assert.Equal(source[i * columns + j], target[j * rows + i]);
        Assert.All(target[(rows * columns)..], v => Assert.True(float.IsNaN(v)));   // nothing written past the matrix
    }
}
