namespace GenNet;

/// <summary>
/// Keras <c>Lambda(function, output_shape)</c>, compiled: a layer without weights that calls a static method of yours.
/// The generated Forward calls it directly (no delegate, no allocation), in training and in inference:
/// <code>static void Function(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output, int batch)</code>
/// <c>input</c> holds <c>batch</c> samples of the layer's input shape and <c>output</c> <c>batch</c> samples of
/// <see cref="OutputShape"/>, each row-major (NHWC for images) and sample after sample, so a sample's size is
/// <c>Length / batch</c>. The method must write every value of <c>output</c>, must not keep the spans, and must be safe to
/// call from several threads at once (Predict and data-parallel training call it concurrently on different rows).
/// A shape-generic method (one UpSampling2D for every size) may also take the per-sample shapes after <c>batch</c>:
/// <code>static void Function(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output, int batch, ReadOnlySpan&lt;int&gt; inputShape, ReadOnlySpan&lt;int&gt; outputShape)</code>
/// (the backward method likewise); the generated call passes them from the stack, so nothing is allocated.
/// </summary>
/// <remarks>
/// <para>Training through a Lambda needs the gradient of your function: name a method with <see cref="Backward"/>,
/// <code>static void Backward(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; output, ReadOnlySpan&lt;float&gt; outputGradient, Span&lt;float&gt; inputGradient, int batch)</code>
/// which overwrites <c>inputGradient</c> (the shape of <c>input</c>) with dL/d input, given dL/d output. A Lambda without
/// one is a compile-time error (GN0234) when a trainable layer lies before it; with none before it (a Lambda as
/// preprocessing) the gradient is never needed and the model trains.</para>
/// <para>The method is found by name on the model class (<c>[Lambda(nameof(MyModel.Square))]</c>) or on
/// <c>type</c> (<c>[Lambda(typeof(MyOps), nameof(MyOps.Square))]</c>); the backward method on the same type. A wrong name,
/// an instance method or a wrong signature is a compile-time error (GN0230–GN0236). A Lambda cannot be exported to ONNX.</para>
/// </remarks>
/// <example><code>
/// [Sequential(4)]
/// [Dense(8)]
/// [Lambda(typeof(MyOps), nameof(MyOps.Square), Backward = nameof(MyOps.SquareBackward))]
/// [Dense(2, Activation = Act.Softmax)]
/// public partial class SquaredFeatures { }
///
/// static class MyOps
/// {
///     public static void Square(ReadOnlySpan&lt;float&gt; x, Span&lt;float&gt; y, int batch)
///     {
///         for (int i = 0; i &lt; x.Length; i++) y[i] = x[i] * x[i];
///     }
///
///     public static void SquareBackward(ReadOnlySpan&lt;float&gt; x, ReadOnlySpan&lt;float&gt; y, ReadOnlySpan&lt;float&gt; dy, Span&lt;float&gt; dx, int batch)
///     {
///         for (int i = 0; i &lt; x.Length; i++) dx[i] = 2 * x[i] * dy[i];
///     }
/// }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LambdaAttribute : LayerAttribute
{
    /// <summary>Calls the static method <paramref name="function"/> of the model class itself.</summary>
    public LambdaAttribute(string function) => Function = function;

    /// <summary>Calls the static method <paramref name="function"/> of <paramref name="type"/>.</summary>
    public LambdaAttribute(Type type, string function)
    {
        Type = type;
        Function = function;
    }

    /// <summary>The type declaring the methods, or null for the model class.</summary>
    public Type? Type { get; }

    /// <summary>Name of the forward method (use <c>nameof</c>).</summary>
    public string Function { get; }

    /// <summary>Name of the backward method on the same type, or null when the layer is never trained through.</summary>
    public string? Backward { get; set; }

    /// <summary>Per-sample output shape, without the batch axis; by default the input's shape (Keras <c>output_shape</c>).</summary>
    public int[]? OutputShape { get; set; }

    /// <summary>Layer name; Keras' default is <c>lambda</c>, <c>lambda_1</c>, ….</summary>
    public string? Name { get; set; }
}
