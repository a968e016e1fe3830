using GenNet.Data;
using Tutorials.SpamClassifier;

namespace GenNet.Benchmarks;

/// <summary>
/// The spam sample's test mails as the model reads them (the "spam-mail" workload): a <see cref="TextVectorization"/>
/// adapted on the training mails, each test mail cut or padded at the end with id 0 to 150 ids. Loaded once per process;
/// the first call prints how many of the ids are padding.
/// </summary>
public static class SpamMails
{
    private static float[]? s_ids;
    private static int s_median;

    /// <summary>
    /// <paramref name="batch"/> mails' ids: batch 1 is the test mail of median length (a typical one); a larger batch the
    /// test mails in order (repeated from the first when the batch is larger than the 1,241 mails).
    /// </summary>
    public static float[] Ids(int batch)
    {
        float[] ids = s_ids ??= Load();
        int steps = SpamClassifierSample.SequenceLength, mails = ids.Length / steps;
        var x = new float[batch * steps];
        for (int b = 0; b < batch; b++)
        {
            int mail = batch == 1 ? s_median : b % mails;
            ids.AsSpan(mail * steps, steps).CopyTo(x.AsSpan(b * steps));
        }
        return x;
    }

    private static float[] Load()
    {
        var mails = SpamClassifierSample.Load(SpamClassifierSample.DefaultDirectory);
        var vectorize = new TextVectorization(SpamClassifierSample.MaxTokens, SpamClassifierSample.SequenceLength);
        vectorize.Adapt(mails.Where(m => !m.Test).Select(m => m.Text));
        float[] ids = vectorize.Transform(mails.Where(m => m.Test).Select(m => m.Text).ToArray());
        int steps = SpamClassifierSample.SequenceLength, count = ids.Length / steps;
        // Tokens per mail: the ids before the padding (TextVectorization pads at the end only).
        var lengths = Enumerable.Range(0, count).Select(m => steps - TrailingZeros(ids.AsSpan(m * steps, steps))).ToArray();
        int padding = ids.Count(id => id == 0), trailing = lengths.Sum(l => steps - l);
        int[] order = Enumerable.Range(0, count).OrderBy(m => lengths[m]).ThenBy(m => m).ToArray();
        s_median = order[count / 2];
        int full = lengths.Count(l => l == steps);
        Console.WriteLine($"spam-mail: {count} test mails × {steps} ids, {padding} ids are 0 ({100.0 * padding / ids.Length:F1}%; {trailing} of them trailing padding); " +
            $"{full} mails fill all {steps} steps; median mail (#{s_median}) has {lengths[s_median]} tokens, the first 1000 mails {lengths.Take(1000).Sum()} of {1000 * steps} steps");
        return ids;
    }

    private static int TrailingZeros(ReadOnlySpan<float> row)
    {
        int n = 0;
        for (int i = row.Length - 1; i >= 0 && row[i] == 0; i--) n++;
        return n;
    }
}
