using System.Text;
using GenNet.Data;
using GenNet.Tests.Support;

namespace GenNet.Tests.Data;

/// <summary>
/// TextVectorization against Keras' rules (keras/src/layers/preprocessing/text_vectorization.py and index_lookup.py):
/// standardize, split, vocabulary order (count descending, ties by token bytes descending), ids, and its vocabulary file.
/// </summary>
public sealed class TextVectorizationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gennet-vocab-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Corpus = ["The cat sat.", "the dog sat!", "A cat, a DOG; a bird"];

    private static float[] Ids(TextVectorization layer, string text)
    {
        var ids = new float[layer.OutputSequenceLength];
        layer.Transform(text, ids);
        return ids;
    }

    [Fact]
    public void Adapt_OrdersByCountDescending_TiesByTokenDescending_AfterPaddingAndOov()
    {
        var layer = new TextVectorization(MaxTokens: null, OutputSequenceLength: 4);
        layer.Adapt(Corpus);
        // a ×3; the, sat, dog, cat ×2 (NumPy's lexsort((tokens, counts))[::-1]: the > sat > dog > cat); bird ×1.
        Assert.Equal(["", "[UNK]", "a", "the", "sat", "dog", "cat", "bird"], layer.GetVocabulary());
        Assert.Equal(8, layer.VocabularySize);
    }

    [Fact]
    public void Adapt_MaxTokensCountsTheTwoSpecialTokens()
    {
        var layer = new TextVectorization(MaxTokens: 5, OutputSequenceLength: 4);
        layer.Adapt(Corpus);
        Assert.Equal(["", "[UNK]", "a", "the", "sat"], layer.GetVocabulary());
    }

    [Fact]
    public void Adapt_AgainReplacesTheVocabulary_AndNeverCountsTheSpecialTokens()
    {
        var layer = new TextVectorization(MaxTokens: null, OutputSequenceLength: 2, Standardize: null);
        layer.Adapt(Corpus);
        layer.Adapt(["[UNK] [UNK] x y y"]);
        Assert.Equal(["", "[UNK]", "y", "x"], layer.GetVocabulary());
    }

    [Fact]
    public void Transform_WritesIdsInOrder_OovAsOne_PadsWithZero()
    {
        var layer = new TextVectorization(MaxTokens: null, OutputSequenceLength: 7);
        layer.Adapt(Corpus);
        Assert.Equal([3f, 7f, 1f, 3f, 6f, 0f, 0f], Ids(layer, "The bird and THE cat"));
        Assert.Equal(new float[7], Ids(layer, ""));
        Assert.Equal(new float[7], Ids(layer, " ...  ,, "));
    }

    [Fact]
    public void Transform_TruncatesToOutputSequenceLength()
    {
        var layer = new TextVectorization(MaxTokens: null, OutputSequenceLength: 3);
        layer.Adapt(Corpus);
        Assert.Equal([3f, 7f, 1f], Ids(layer, "the bird and the cat"));
    }

    [Fact]
    public void Transform_BatchOverload_WritesOneRowPerText()
    {
        var layer = new TextVectorization(MaxTokens: null, OutputSequenceLength: 2);
        layer.Adapt(Corpus);
        Assert.Equal([2f, 2f, 5f, 1f], layer.Transform(["a a a", "dog zebra cat"]));
    }

    [Fact]
    public void Standardize_LowersAsciiOnly_StripsKerasPunctuation()
    {
        // Keras: tf.strings.lower (ASCII with the default encoding), then the 32 ASCII punctuation marks removed.
        var layer = new TextVectorization(MaxTokens: null, OutputSequenceLength: 8);
        layer.Adapt(["ÉTÉ Don't!! e-mail [x] {y} a_b 3.14 ~`@#$%^&*()+=|\\/<>?\"';:"]);
        // Every token once, so all ties: code points descending ("É" = U+00C9 first); the all-punctuation token vanishes.
        Assert.Equal(["", "[UNK]", "ÉtÉ", "y", "x", "email", "dont", "ab", "314"], layer.GetVocabulary());
    }

    [Fact]
    public void Standardize_Options_AsKerasNamesThem()
    {
        string text = "Hello, World! hello";
        var lower = new TextVectorization(null, 4, Standardize: "lower");
        lower.Adapt([text]);
        Assert.Equal(["", "[UNK]", "world!", "hello,", "hello"], lower.GetVocabulary());
        var strip = new TextVectorization(null, 4, Standardize: "strip_punctuation");
        strip.Adapt([text]);
        Assert.Equal(["", "[UNK]", "hello", "World", "Hello"], strip.GetVocabulary());
        var none = new TextVectorization(null, 4, Standardize: null);
        none.Adapt([text]);
        Assert.Equal(["", "[UNK]", "hello", "World!", "Hello,"], none.GetVocabulary());
    }

    [Fact]
    public void Split_Whitespace_TreatsRunsOfAsciiWhitespaceAsOneSeparator()
    {
        var layer = new TextVectorization(null, 5);
        layer.Adapt(["b\t\ta\r\n\fb\vc  "]);
        Assert.Equal(["", "[UNK]", "b", "c", "a"], layer.GetVocabulary());
        // U+00A0 is not a separator (TensorFlow splits on ASCII whitespace): "a\u00A0" is one, unknown, token.
        Assert.Equal([3f, 1f, 2f, 0f, 0f], Ids(layer, "\n c a\u00A0 b"));
    }

    [Fact]
    public void Split_CharacterAndNone()
    {
        var characters = new TextVectorization(null, 6, Split: "character");
        characters.Adapt(["abba😀"]);
        Assert.Equal(["", "[UNK]", "b", "a", "😀"], characters.GetVocabulary());
        Assert.Equal([4f, 3f, 2f, 1f, 0f, 0f], Ids(characters, "😀abc"));

        var whole = new TextVectorization(null, 2, Split: null);
        whole.Adapt(["Hi there", "hi there!", "bye"]);
        Assert.Equal(["", "[UNK]", "hi there", "bye"], whole.GetVocabulary());
        Assert.Equal([2f, 0f], Ids(whole, "HI THERE"));
    }

    [Fact]
    public void Constructor_RejectsWhatKerasRejects()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextVectorization(1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextVectorization(10, 0));
        Assert.Throws<ArgumentException>(() => new TextVectorization(10, 4, Standardize: "upper"));
        Assert.Throws<ArgumentException>(() => new TextVectorization(10, 4, Split: "comma"));
        var layer = new TextVectorization(10, 4);
        var e = Assert.Throws<ArgumentException>(() => layer.Transform("a", new float[3]));
        Assert.Contains("4", e.Message);
    }

    [Fact]
    public void Transform_AllocatesNothing_ShortAndLongTexts()
    {
        var layer = new TextVectorization(null, 16);
        layer.Adapt(Corpus);
        var ids = new float[16];
        string longText = string.Join(' ', Enumerable.Repeat("The cat sat, the DOG sat!", 40));
        Allocations.AssertNoneAfterWarmUp(() => layer.Transform("The bird and the cat", ids));
        Allocations.AssertNoneAfterWarmUp(() => layer.Transform(longText, ids));
        Assert.Equal(3f, ids[0]);
    }

    [Fact]
    public void SaveThenLoad_KeepsConfigurationAndVocabulary_TokensWithQuotesAndLineBreaks()
    {
        var layer = new TextVectorization(MaxTokens: 50, OutputSequenceLength: 3, Standardize: null, Split: null);
        layer.Adapt(["say \"hi\"", "back\\slash", "two\nlines", "tab\there", "ümlaut 😀", "say \"hi\""]);
        string path = Path.Combine(_dir, "vocab.txt");
        layer.Save(path);

        var loaded = TextVectorization.Load(path);
        Assert.Equal(layer.GetVocabulary(), loaded.GetVocabulary());
        Assert.Equal(50, loaded.MaxTokens);
        Assert.Equal(3, loaded.OutputSequenceLength);
        Assert.Null(loaded.Standardize);
        Assert.Null(loaded.Split);
        Assert.Equal([2f, 0f, 0f], Ids(loaded, "say \"hi\""));
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(6 + layer.VocabularySize, lines.Length);
        Assert.Contains("\"two\\nlines\"", lines);
        Assert.Contains("\"tab\\there\"", lines);
        Assert.Equal(["", "[UNK]"], loaded.GetVocabulary().Take(2));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void SaveThenLoad_DefaultConfiguration()
    {
        var layer = new TextVectorization(null, 5);
        layer.Adapt(Corpus);
        string path = Path.Combine(_dir, "default.txt");
        layer.Save(path);
        Assert.Equal(
            "# GenNet TextVectorization vocabulary 1\nmax_tokens=none\noutput_sequence_length=5\nstandardize=lower_and_strip_punctuation\nsplit=whitespace\nvocabulary=8\n\"\"\n\"[UNK]\"\n\"a\"\n\"the\"\n\"sat\"\n\"dog\"\n\"cat\"\n\"bird\"\n",
            File.ReadAllText(path));
        var loaded = TextVectorization.Load(path);
        Assert.Equal("lower_and_strip_punctuation", loaded.Standardize);
        Assert.Equal("whitespace", loaded.Split);
        Assert.Null(loaded.MaxTokens);
        Assert.Equal(Ids(layer, "The bird and THE cat"), Ids(loaded, "The bird and THE cat"));
    }

    private const string Good = "# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower_and_strip_punctuation\nsplit=whitespace\nvocabulary=4\n\"\"\n\"[UNK]\"\n\"a\"\n\"b\"\n";

    [Theory]
    [InlineData("# some other file\n", 1, "header")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=ten\n", 2, "max_tokens")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=-5\n", 3, "output_sequence_length")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nsplit=whitespace\n", 4, "standardize")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=upper\n", 4, "standardize")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=comma\n", 5, "split")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=11\n", 6, "vocabulary")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=2147483647\n", 6, "vocabulary")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=4\n\"\"\n\"[UNK]\"\n\"a\"\n", 10, "end of the file")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=4\n\"x\"\n", 7, "padding")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=4\n\"\"\n\"OOV\"\n", 8, "OOV")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=4\n\"\"\n\"[UNK]\"\n\"a\"\n\"a\"\n", 10, "line 9")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=4\n\"\"\n\"[UNK]\"\n\"a\n\"b\"\n", 9, "JSON")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=4\n\"\"\n\"[UNK]\"\n\"a\" \"c\"\n\"b\"\n", 9, "JSON")]
    [InlineData("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\noutput_sequence_length=5\nstandardize=lower\nsplit=whitespace\nvocabulary=4\n\"\"\n\"[UNK]\"\n42\n\"b\"\n", 9, "JSON")]
    [InlineData(Good + "\"c\"\n", 11, "end of the file")]
    public void Load_CorruptFile_ThrowsInvalidDataNamingTheLine(string text, int line, string what)
    {
        string path = Path.Combine(_dir, "bad.txt");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InvalidDataException>(() => TextVectorization.Load(path));
        Assert.Contains($"line {line}:", e.Message);
        Assert.Contains(what, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_GoodFileOfTheCorruptTests_Loads()
    {
        string path = Path.Combine(_dir, "good.txt");
        File.WriteAllText(path, Good);
        Assert.Equal(["", "[UNK]", "a", "b"], TextVectorization.Load(path).GetVocabulary());
    }

    [Fact]
    public void Load_InvalidUtf8OrBinary_ThrowsInvalidData()
    {
        string path = Path.Combine(_dir, "binary.txt");
        byte[] bytes = [.. System.Text.Encoding.UTF8.GetBytes("# GenNet TextVectorization vocabulary 1\nmax_tokens=10\n"), 0xC3, 0x28, 0xFF, (byte)'\n'];
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => TextVectorization.Load(path));
        Assert.Contains("line 3:", e.Message);
        Assert.Contains("UTF-8", e.Message);
        Assert.Throws<FileNotFoundException>(() => TextVectorization.Load(Path.Combine(_dir, "missing.txt")));
    }
}
