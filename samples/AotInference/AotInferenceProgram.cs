using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenNet;
using GenNet.Data;
using Tutorials.ImportKeras;
using Tutorials.Mnist;

namespace Tutorials.AotInference;

public static class AotInferenceProgram
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Execute(string[] args, TextWriter output)
    {
        long mainEntered = Stopwatch.GetTimestamp();
        long mainEnteredUnixNs = UnixNs();
        try
        {
            var options = Parse(args);
            if (options.QuantizeTo is { } target) return QuantizeTo(output, options.Weights, target);
            return options.Compare is { } pair
                ? Compare(output, pair.A, pair.B, options.Tolerance)
                : Run(output, options, mainEntered, mainEnteredUnixNs);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("AotInference: " + e.Message);
            return 2;
        }
    }

    /// <summary>Built with -p:EmbeddedWeights=PATH (see EmbeddedMnistCnnModel.cs): the weights are in the binary.</summary>
#if EMBEDDED_WEIGHTS
    private const bool WeightsCompiledIn = true;
#else
    private const bool WeightsCompiledIn = false;
#endif

    /// <summary>Built with -p:QuantizedWeights=PATH (QuantizedMnistCnn.cs): an int8 weight file is a resource of the binary.</summary>
#if QUANTIZED_WEIGHTS
    private const bool Int8CompiledIn = true;
#else
    private const bool Int8CompiledIn = false;
#endif

    private sealed record Options(string? Weights = null, int Count = 10_000, int Warmup = 1_000, int Runs = 3_000,
        string? Dump = null, long? LaunchedAtNs = null, (string A, string B)? Compare = null, double Tolerance = 1e-5, bool Imported = false, bool Keras = false,
        string? QuantizeTo = null, string? Int8 = null, bool Int8Compiled = false);

    /// <summary>Predict of the model that runs: the float model or its int8 form.</summary>
    private delegate void Predictor(ReadOnlySpan<float> x, Span<float> y);

    private static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            o = args[i] switch
            {
                "--weights" => o with { Weights = Next() },
                "--count" => o with { Count = int.Parse(Next(), Inv) },
                "--warmup" => o with { Warmup = int.Parse(Next(), Inv) },
                "--runs" => o with { Runs = int.Parse(Next(), Inv) },
                "--dump" => o with { Dump = Next() },
                "--launched-at-ns" => o with { LaunchedAtNs = long.Parse(Next(), Inv) },
                "--compare" => o with { Compare = (Next(), Next()) },
                "--tolerance" => o with { Tolerance = double.Parse(Next(), Inv) },
                "--imported" => o with { Imported = true },
                "--keras" => o with { Keras = true },
                "--quantize-to" => o with { QuantizeTo = Next() },
                "--int8" => o with { Int8 = Next() },
                "--int8-compiled" => o with { Int8Compiled = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: AotInference [--weights PATH] [--count N] [--warmup N] [--runs N] [--dump PATH] [--launched-at-ns NS] [--imported | --keras | --int8 PATH | --int8-compiled] | --quantize-to PATH [--weights PATH] | --compare A B [--tolerance T]"),
            };
        }
        if (o.Int8Compiled && !Int8CompiledIn) throw new ArgumentException("--int8-compiled needs a build with -p:QuantizedWeights=PATH (an int8 weight file compiled in).");
        if ((o.Int8 is not null || o.Int8Compiled) && (o.Imported || o.Keras)) throw new ArgumentException("--int8 runs the sample CNN quantized; --imported and --keras are other models.");
        if (o.Count < 1 || o.Runs < 1 || o.Warmup < 0) throw new ArgumentException("--count and --runs must be positive, --warmup non-negative.");
        if (o.Imported && o.Keras) throw new ArgumentException("--imported and --keras are two different models: give one.");
        return o;
    }

    private static int Run(TextWriter output, Options options, long mainEntered, long mainEnteredUnixNs)
    {
        output.WriteLine($"runtime: {(JitInfo.GetCompiledMethodCount() > 0 ? "JIT" : "NativeAOT")}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        output.WriteLine($"vectors: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}, Vector<float> {Vector<float>.Count} lanes");

        long beforeData = Stopwatch.GetTimestamp();
        // The test images (data loading is reported separately: it is not part of the model's start-up).
        long t = Stopwatch.GetTimestamp();
        // --keras: the Keras file's model was trained on the MNIST digits, so it classifies those.
        var test = options.Keras ? MnistDigits.Load() : LoadFashionMnistTest();
        double dataMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        int count = Math.Min(options.Count, test.Labels.Length);

        // Start-up: construct the model, load the weights, classify the first image.
        t = Stopwatch.GetTimestamp();
        // --imported: the same architecture compiled from a PyTorch ONNX export by [OnnxModel] (ImportedTorchCnn.cs).
        // --keras: a hand declaration given the Keras file's weights at run time by LoadKeras (KerasModels.cs).
        // --int8 / --int8-compiled: the quantized weight file (QuantizedModel.Load onto the float model's class).
        Model? model = null;
        QuantizedModel? int8 = null;
        if (options.Int8 is { } int8Path) int8 = QuantizedModel.Load(new MnistCnnModel(), int8Path);
        else if (options.Int8Compiled) int8 = LoadCompiledInInt8();
        else model = options.Imported ? ImportedTorchCnn.CreateTrained() : options.Keras ? KerasModels.LoadAtRunTime() : CreateModel(options.Weights);
        Predictor predict = int8 is not null ? new Predictor(int8.Predict) : new Predictor(model!.Predict);
        Span<float> probabilities = stackalloc float[MnistCnnModel.OutputSize];
        predict(test.Image(0), probabilities);
        int first = Encoding.ArgMax(probabilities);
        double firstMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        double beforeMainMs = options.LaunchedAtNs is long launched ? (mainEnteredUnixNs - launched) / 1e6 : double.NaN;
        double mainToDataMs = Stopwatch.GetElapsedTime(mainEntered, beforeData).TotalMilliseconds;
        output.WriteLine(options.Int8 is not null ? $"weights: int8 from {Path.GetFullPath(options.Int8)} ({int8!.WeightBytes} weight bytes)"
            : options.Int8Compiled ? $"weights: int8 compiled in ({QuantizedResource}, {int8!.WeightBytes} weight bytes)"
            : options.Imported ? $"weights: compiled in from {ImportedTorchCnn.EmbeddedWeightsFile} ([OnnxModel], sha256 {ImportedTorchCnn.EmbeddedWeightsSha256})"
            : options.Keras ? $"weights: {KerasModels.CheckAgainstCompiledIn(model!, test.Images)}"
            : options.Weights is null && WeightsCompiledIn ? $"weights: {CompiledInWeights()}" : $"weights: {Path.GetFullPath(options.Weights ?? DefaultWeights)}");
        string[] classes = options.Keras ? Enumerable.Range(0, 10).Select(d => d.ToString(Inv)).ToArray() : MnistSamples.FashionClasses;
        output.WriteLine($"first prediction: image 0 -> {classes[first]} (p={probabilities[first].ToString("0.000", Inv)}), label {classes[test.Labels[0]]}");
        output.WriteLine(string.Create(Inv, $"data load: {dataMs:0.0} ms ({test.Labels.Length} test images)"));
        if (options.LaunchedAtNs is not null)
            output.WriteLine(string.Create(Inv, $"launch to Main: {beforeMainMs:0.0} ms"));
        output.WriteLine(string.Create(Inv, $"model + weights + first prediction: {firstMs:0.00} ms"));
        if (options.LaunchedAtNs is not null)
            output.WriteLine(string.Create(Inv, $"start-up to first prediction (launch to Main + model, weights, first prediction; excludes data load): {beforeMainMs + mainToDataMs + firstMs:0.0} ms"));

        // Batch-1 latency: one image per Predict call, after a warm-up (which also lets the JIT reach its final tier).
        ReadOnlySpan<float> images = test.Images;
        int size = MnistCnnModel.InputSize;
        for (int i = 0; i < options.Warmup; i++) predict(images.Slice(i % count * size, size), probabilities);
        var ticks = new long[options.Runs];
        for (int i = 0; i < options.Runs; i++)
        {
            long s = Stopwatch.GetTimestamp();
            predict(images.Slice(i % count * size, size), probabilities);
            ticks[i] = Stopwatch.GetTimestamp() - s;
        }
        Array.Sort(ticks);
        double Us(long tk) => tk * 1e6 / Stopwatch.Frequency;
        output.WriteLine(string.Create(Inv,
            $"batch-1 latency over {options.Runs} calls: median {Us(ticks[ticks.Length / 2]):0.0} us, p10 {Us(ticks[ticks.Length / 10]):0.0} us, p90 {Us(ticks[ticks.Length * 9 / 10]):0.0} us"));

        // Accuracy, batch 1, over the first `count` test images; optionally dump every probability.
        var all = new float[count * MnistCnnModel.OutputSize];
        t = Stopwatch.GetTimestamp();
        int correct = 0;
        for (int i = 0; i < count; i++)
        {
            var row = all.AsSpan(i * MnistCnnModel.OutputSize, MnistCnnModel.OutputSize);
            predict(images.Slice(i * size, size), row);
            if (Encoding.ArgMax(row) == test.Labels[i]) correct++;
        }
        double totalMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        output.WriteLine(string.Create(Inv, $"classified {count} images one at a time in {totalMs:0} ms"));
        if (options.Dump is { } dump)
        {
            File.WriteAllBytes(dump, MemoryMarshal.AsBytes(all.AsSpan()).ToArray());
            output.WriteLine($"probabilities written to {Path.GetFullPath(dump)}");
        }
        output.WriteLine("accuracy: " + (correct / (double)count).ToString("0.0000", Inv));
        return 0;
    }

    private const string DefaultWeights = "mnist_cnn.safetensors";

    /// <summary>The manifest name of the compiled-in int8 file (AotInference.csproj, -p:QuantizedWeights).</summary>
    private const string QuantizedResource = "mnist_cnn_int8.safetensors";

    private static QuantizedModel LoadCompiledInInt8()
    {
        using Stream stream = typeof(AotInferenceProgram).Assembly.GetManifestResourceStream(QuantizedResource)
            ?? throw new InvalidDataException($"This build has no resource {QuantizedResource}; publish with -p:QuantizedWeights=PATH.");
        return QuantizedModel.Load(new MnistCnnModel(), stream);
    }

    /// <summary>
    /// --quantize-to: the float weights (--weights or the default file) quantized to int8, calibrated on the first 1,000
    /// Fashion-MNIST training images, saved with <see cref="QuantizedModel.Save(string)"/>.
    /// </summary>
    private static int QuantizeTo(TextWriter output, string? weights, string target)
    {
        var model = new MnistCnnModel();
        model.Load(weights ?? DefaultWeights);
        string dir = DataPaths.FashionMnist;
        string path = File.Exists(Path.Combine(dir, "train-images-idx3-ubyte")) ? Path.Combine(dir, "train-images-idx3-ubyte") : Path.Combine(dir, "train-images-idx3-ubyte.gz");
        var (pixels, _, _, _) = IdxFile.ReadImages(path);
        var calibration = new float[1000 * MnistCnnModel.InputSize];
        for (int i = 0; i < calibration.Length; i++) calibration[i] = pixels[i] / 255f;
        QuantizedModel q = model.Quantize(calibration);
        q.Save(target);
        output.WriteLine($"quantized {Path.GetFullPath(weights ?? DefaultWeights)} to {Path.GetFullPath(target)}: {q.WeightBytes} int8 weight bytes, {new FileInfo(target).Length} file bytes");
        return 0;
    }

    /// <summary>The model with the weights of <paramref name="path"/>; without a path, the compiled-in ones if any, else mnist_cnn.safetensors.</summary>
    private static MnistCnnModel CreateModel(string? path)
    {
#if EMBEDDED_WEIGHTS
        if (path is null) return MnistCnnModel.CreateTrained();
#endif
        var model = new MnistCnnModel();
        model.Load(path ?? DefaultWeights);
        return model;
    }

    private static string CompiledInWeights() =>
#if EMBEDDED_WEIGHTS
        $"compiled in ({MnistCnnModel.EmbeddedWeightsFile}, sha256 {MnistCnnModel.EmbeddedWeightsSha256})";
#else
        "none compiled in";
#endif

    /// <summary>Compares two --dump files: every argmax equal and every probability within <paramref name="tolerance"/>.</summary>
    private static int Compare(TextWriter output, string a, string b, double tolerance)
    {
        float[] pa = ReadFloats(a), pb = ReadFloats(b);
        if (pa.Length != pb.Length || pa.Length % MnistCnnModel.OutputSize != 0)
        {
            output.WriteLine($"compare: {a} has {pa.Length} floats, {b} has {pb.Length}: not the same predictions");
            return 1;
        }
        int n = pa.Length / MnistCnnModel.OutputSize, argmaxDiffers = 0;
        double maxDiff = 0;
        for (int i = 0; i < n; i++)
        {
            var ra = pa.AsSpan(i * MnistCnnModel.OutputSize, MnistCnnModel.OutputSize);
            var rb = pb.AsSpan(i * MnistCnnModel.OutputSize, MnistCnnModel.OutputSize);
            if (Encoding.ArgMax(ra) != Encoding.ArgMax(rb)) argmaxDiffers++;
            for (int j = 0; j < ra.Length; j++)
            {
                double d = Math.Abs((double)ra[j] - rb[j]);
                if (!(d <= maxDiff)) maxDiff = double.IsNaN(d) ? double.PositiveInfinity : d;
            }
        }
        bool agree = argmaxDiffers == 0 && maxDiff <= tolerance;
        output.WriteLine(string.Create(Inv,
            $"compare: {n} predictions, argmax differs in {argmaxDiffers}, max |p_a - p_b| = {maxDiff:E2} (tolerance {tolerance:E0}): {(agree ? "agree" : "DISAGREE")}"));
        return agree ? 0 : 1;
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length % sizeof(float) != 0) throw new InvalidDataException($"{path}: {bytes.Length} bytes is not a whole number of floats.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>Only the 10,000 test images (MnistData.LoadFashionMnist would also decode the 60,000 training images).</summary>
    private static LabeledImages LoadFashionMnistTest()
    {
        string dir = DataPaths.FashionMnist;
        string Find(string name) => File.Exists(Path.Combine(dir, name)) ? Path.Combine(dir, name) : Path.Combine(dir, name + ".gz");
        var (pixels, _, rows, cols) = IdxFile.ReadImages(Find("t10k-images-idx3-ubyte"));
        byte[] labelBytes = IdxFile.ReadLabels(Find("t10k-labels-idx1-ubyte"));
        var images = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) images[i] = pixels[i] / 255f;
        return new LabeledImages(images, Array.ConvertAll(labelBytes, b => (int)b), rows, cols, 1);
    }

    private static long UnixNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
