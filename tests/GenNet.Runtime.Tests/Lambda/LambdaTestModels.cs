namespace GenNet.Tests.Lambda;

// Lambda models built by the real generator, and the static methods they call.

/// <summary>Dense, then squares (with their gradient), then softmax: gradients flow through the user's backward.</summary>
[Sequential(4)]
[Dense(6, Activation = Act.Tanh)]
[Lambda(typeof(LambdaOps), nameof(LambdaOps.Square), Backward = nameof(LambdaOps.SquareBackward))]
[Dense(3, Activation = Act.Softmax)]
public partial class SquareLambdaModel { }

/// <summary>
/// A Lambda as the first layer, without a backward method: quadratic features (x, y, x², y², xy) of a point, so a
/// single sigmoid unit can learn a circle. Nothing trainable lies before it, so the gradient is never needed.
/// </summary>
[Sequential(2)]
[Lambda(nameof(QuadraticFeaturesModel.Quadratic), OutputShape = new[] { 5 })]
[Dense(1, Activation = Act.Sigmoid)]
public partial class QuadraticFeaturesModel
{
    // A private method of the model class: the generated half of the class may call it.
    private static void Quadratic(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        for (int s = 0; s < batch; s++)
        {
            float x = input[2 * s], y = input[2 * s + 1];
            Span<float> o = output.Slice(5 * s, 5);
            o[0] = x;
            o[1] = y;
            o[2] = x * x;
            o[3] = y * y;
            o[4] = x * y;
        }
    }
}

/// <summary>A Lambda as the model output: each (2, 3) sample becomes its two row sums.</summary>
[Sequential(2, 3)]
[Lambda(typeof(LambdaOps), nameof(LambdaOps.RowSums), OutputShape = new[] { 2 }, Name = "row_sums")]
public partial class RowSumsModel { }

/// <summary>Functional: "a" feeds both a squaring Lambda and the Add, so the Lambda's input gradient is accumulated.</summary>
[Functional(4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Lambda(typeof(LambdaOps), nameof(LambdaOps.Square), Backward = nameof(LambdaOps.SquareBackward))]
[Add("a", "lambda")]
[Dense(2, Activation = Act.Softmax)]
public partial class ResidualSquareModel { }

/// <summary>The user's side of the Lambda layers above.</summary>
public static class LambdaOps
{
    /// <summary>y = x².</summary>
    public static void Square(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        for (int i = 0; i < input.Length; i++) output[i] = input[i] * input[i];
    }

    /// <summary>dx = 2x · dy.</summary>
    public static void SquareBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch)
    {
        for (int i = 0; i < input.Length; i++) inputGradient[i] = 2 * input[i] * outputGradient[i];
    }

    /// <summary>Per sample of shape (rows, columns): the sum of each row. Sizes come from the span lengths and the batch.</summary>
    public static void RowSums(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        int rows = output.Length / batch, columns = input.Length / batch / rows;
        for (int r = 0; r < batch * rows; r++)
        {
            float sum = 0;
            foreach (float v in input.Slice(r * columns, columns)) sum += v;
            output[r] = sum;
        }
    }
}
