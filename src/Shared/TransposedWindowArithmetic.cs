namespace GenNet.Shared;

/// <summary>
/// Keras' output-size and padding rule for a transposed convolution (<c>Conv2DTranspose</c>), one spatial axis at a time.
/// The generator computes the geometry it emits with it; the runtime's <c>Conv2DTransposeGeometry.Create</c> uses the same
/// formulas, so the two cannot disagree.
/// </summary>
/// <remarks>
/// Keras 3 (keras/src/backend/common/backend_utils.py, <c>_get_output_shape_given_tf_padding</c>), with the effective
/// kernel <c>k_e = (k − 1)·d + 1</c>: "valid" gives <c>out = (n − 1)·s + k_e + op</c>, where an unset output padding
/// <c>op</c> is <c>max(k_e, s) − k_e</c> (so <c>out = n·s + max(k_e − s, 0)</c>); "same" gives <c>out = n·s</c> without an
/// output padding and <c>(n − 1)·s + k_e mod 2 + op</c> with one. The full (uncropped) result of scattering every input
/// pixel's <c>k_e</c> taps is <c>(n − 1)·s + k_e</c> long; the output starts <c>PadBefore = ⌊max((n − 1)·s + k_e − out, 0)/2⌋</c>
/// into it — TensorFlow's padding of the convolution whose input gradient this is, which is also what Keras' JAX and
/// torch conversions (<c>_convert_conv_tranpose_padding_args_from_keras_to_jax</c>) amount to. Output positions past the
/// full result (valid with <c>k_e &lt; s</c>, or a large output padding) receive no tap, only the bias.
/// </remarks>
internal static class TransposedWindowArithmetic
{
    /// <summary>
    /// For an input axis of length <paramref name="n"/>, kernel <paramref name="k"/>, stride <paramref name="s"/>, dilation
    /// <paramref name="d"/> (all positive) and output padding <paramref name="outputPadding"/> (negative: unset, Keras' None).
    /// </summary>
    /// <returns>The output length (may be 0 or less for a "same" layer with one input pixel and an even kernel) and the
    /// number of leading positions of the full result that are cropped.</returns>
    public static (int Out, int PadBefore) Resolve(int n, int k, int s, int d, bool same, int outputPadding)
    {
        long effective = WindowArithmetic.Effective(k, d);
        long full = (n - 1L) * s + effective;
        long outLength = same
            ? outputPadding < 0 ? (long)n * s : (n - 1L) * s + effective % 2 + outputPadding
            : full + (outputPadding < 0 ? System.Math.Max(effective, s) - effective : outputPadding);
        long total = System.Math.Max(full - outLength, 0);
        return ((int)System.Math.Min(outLength, int.MaxValue), (int)(total / 2));
    }
}
