using GenNet;
using Tutorials.ImportKeras;

namespace Tutorials.AotInference;

/// <summary>
/// --keras: the Keras reader and a [KerasModel] class under NativeAOT. The Keras 3.13 MNIST CNN
/// (../shared/keras-files/mnist_cnn_legacy.h5, copied beside the program) is read at run time by <c>LoadKeras</c> into
/// the hand declaration <see cref="HandMnistCnn"/>, and the same file is compiled in as <c>KerasMnistCnn</c>; the two
/// must agree bit for bit before the run goes on.
/// </summary>
internal static class KerasModels
{
    private static string File => Path.Combine(AppContext.BaseDirectory, "mnist_cnn_legacy.h5");

    private const string Missing =
        "--keras needs ../shared/keras-files/mnist_cnn_legacy.h5 beside the clone at build time (a Keras 3.13 file, not part of the repository); it was not there, so this build has no Keras model.";

    /// <summary>The hand declaration with the file's weights, read now by the runtime's own HDF5 and Keras readers.</summary>
    public static Model LoadAtRunTime()
    {
#if GENNET_SHARED_KERAS
        var model = new HandMnistCnn();
        model.LoadKeras(File);
        return model;
#else
        throw new ArgumentException(Missing);
#endif
    }

    /// <summary>
    /// Checks <paramref name="loaded"/> against the compiled-in import: the same weights and bit-identical outputs on the
    /// first 100 images of <paramref name="images"/>. Returns the line the program prints; throws if they differ.
    /// </summary>
    public static string CheckAgainstCompiledIn(Model loaded, ReadOnlySpan<float> images)
    {
#if GENNET_SHARED_KERAS
        var compiledIn = KerasMnistCnn.CreateTrained();
        const int compared = 100;
        var a = new float[compared * HandMnistCnn.OutputSize];
        var b = new float[a.Length];
        ReadOnlySpan<float> x = images.Slice(0, compared * HandMnistCnn.InputSize);
        loaded.Predict(x, a);
        compiledIn.Predict(x, b);
        if (!loaded.Parameters.SequenceEqual(compiledIn.Parameters) || !a.AsSpan().SequenceEqual(b))
        {
            throw new InvalidDataException($"LoadKeras({File}) and the compiled-in [KerasModel] KerasMnistCnn differ.");
        }
        return $"LoadKeras({Path.GetFileName(File)}) at run time; equal bit for bit to the compiled-in [KerasModel] KerasMnistCnn on {compared} images";
#else
        throw new ArgumentException(Missing);
#endif
    }
}
