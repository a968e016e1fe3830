using GenNet.Losses;

namespace GenNet;

/// <summary>
/// Cheap checks Keras does not make: whether a compiled loss fits the activation of the output it scores. Each mismatch
/// trains without an error but learns the wrong thing (or nothing), so Compile prints a warning naming the fix.
/// </summary>
internal static class LossActivationFit
{
    /// <summary>The warnings for a single-output model whose last activation is <paramref name="activation"/> over <paramref name="size"/> outputs.</summary>
    public static IEnumerable<string> Warnings(Loss loss, string activation, int size)
    {
        bool softmax = activation == Act.Softmax, sigmoid = activation == Act.Sigmoid, probabilities = softmax || sigmoid;
        switch (loss)
        {
            case BinaryCrossentropy { FromLogits: false } when softmax && size > 2:
                yield return $"binary_crossentropy on a softmax over {size} classes scores each class as an independent yes/no, and the accuracy " +
                    "it reports is binary accuracy. For one class per sample use categorical_crossentropy (one-hot labels) or " +
                    "sparse_categorical_crossentropy (class ids); for several labels per sample use a sigmoid output.";
                break;
            case CategoricalCrossentropy { FromLogits: false } or SparseCategoricalCrossentropy { FromLogits: false } when sigmoid && size > 1:
                yield return $"{loss.Name} on {size} sigmoid outputs: they do not sum to 1, and the loss rescales them so they do. " +
                    "Use a softmax output for one class per sample, or binary_crossentropy for several labels per sample.";
                break;
            case BinaryCrossentropy { FromLogits: false } or CategoricalCrossentropy { FromLogits: false } or SparseCategoricalCrossentropy { FromLogits: false }
                when !probabilities:
                yield return $"{loss.Name} expects probabilities, but the output activation is {activation}: values outside (0, 1) are clipped " +
                    $"and their gradient is lost. Add a {(loss is BinaryCrossentropy ? "sigmoid" : "softmax")} output activation, or compile the loss " +
                    "with fromLogits: true.";
                break;
            case BinaryCrossentropy { FromLogits: true } or CategoricalCrossentropy { FromLogits: true } or SparseCategoricalCrossentropy { FromLogits: true }
                when probabilities:
                yield return $"{loss.Name} with fromLogits: true applies {(loss is BinaryCrossentropy ? "a sigmoid" : "a softmax")} itself, but the output " +
                    $"is already {activation}: it is applied twice. Remove the output activation, or use fromLogits: false.";
                break;
        }
    }

    /// <summary>
    /// For a label count error: when the labels hold one value per sample and the loss wants one-hot rows, the values are
    /// likely class ids; says what to use instead. Empty otherwise.
    /// </summary>
    public static string ClassIdHint(Loss loss, int labelsPerSample, int labelSize) =>
        labelsPerSample == 1 && labelSize > 1 && loss is CategoricalCrossentropy
            ? " One value per sample looks like class ids: compile with sparse_categorical_crossentropy (Loss.SparseCategoricalCrossentropy), " +
              $"or one-hot encode them with Encoding.OneHot(labels, {labelSize})."
            : "";
}
