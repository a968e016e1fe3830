namespace GenNet.Shared;

/// <summary>
/// How a Functional declaration names one output of a node: <c>"lstm"</c> is the node's output (its first, <c>"lstm:0"</c>),
/// <c>"lstm:1"</c> its second — the final state of a recurrent layer with <c>ReturnState</c>, as Keras' call returns
/// <c>[output, h, c]</c>. The generator resolves references with it; the runtime's summary prints them as Keras does,
/// <c>lstm[0][1]</c>.
/// </summary>
internal static class NodeReference
{
    /// <summary>Splits <paramref name="reference"/> into its node name and output index (0 without a <c>:k</c> suffix).</summary>
    public static string Split(string reference, out int port)
    {
        port = 0;
        int colon = reference.LastIndexOf(':');
        if (colon <= 0 || colon == reference.Length - 1) return reference;
        int value = 0;
        for (int i = colon + 1; i < reference.Length; i++)
        {
            char c = reference[i];
            if (c < '0' || c > '9' || value > 1000) return reference;
            value = value * 10 + (c - '0');
        }
        port = value;
        return reference.Substring(0, colon);
    }
}
