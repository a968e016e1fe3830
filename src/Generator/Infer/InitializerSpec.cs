using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Helpers;

namespace GenNet.Generator.Infer;

/// <summary>
/// A Keras initializer parsed from its string at compile time: <c>"he_normal"</c>, <c>"constant(0.5)"</c>,
/// <c>"random_uniform(minval=-0.1, maxval=0.1)"</c>. Emits one call to <c>GenNet.Initializers</c>.
/// </summary>
/// <param name="Name">Keras name, e.g. "random_uniform".</param>
/// <param name="Arguments">Every argument with its default filled in, in the runtime method's order.</param>
internal sealed record InitializerSpec(string Name, EquatableArray<double> Arguments)
{
    private sealed record Kind(string Name, string Method, bool UsesFans, bool UsesRng, string[] Parameters, double[] Defaults);

    private static readonly Kind[] Kinds =
    {
        new("glorot_uniform", "GlorotUniform", true, true, new string[0], new double[0]),
        new("glorot_normal", "GlorotNormal", true, true, new string[0], new double[0]),
        new("he_uniform", "HeUniform", true, true, new string[0], new double[0]),
        new("he_normal", "HeNormal", true, true, new string[0], new double[0]),
        new("lecun_uniform", "LecunUniform", true, true, new string[0], new double[0]),
        new("lecun_normal", "LecunNormal", true, true, new string[0], new double[0]),
        new("zeros", "Zeros", false, false, new string[0], new double[0]),
        new("ones", "Ones", false, false, new string[0], new double[0]),
        new("constant", "Constant", false, false, new[] { "value" }, new[] { 0.0 }),
        new("random_uniform", "RandomUniform", false, true, new[] { "minval", "maxval" }, new[] { -0.05, 0.05 }),
        new("random_normal", "RandomNormal", false, true, new[] { "mean", "stddev" }, new[] { 0.0, 0.05 }),
        new("truncated_normal", "TruncatedNormal", false, true, new[] { "mean", "stddev" }, new[] { 0.0, 0.05 }),
        new("orthogonal", "Orthogonal", true, true, new[] { "gain" }, new[] { 1.0 }),
    };

    // LSTM's unit_forget_bias: not a Keras initializer name a user writes, so Parse never finds it (see Call).
    private static readonly Kind UnitForgetBiasKind = new("unit_forget_bias", "UnitForgetBias", true, false, new string[0], new double[0]);

    public static readonly InitializerSpec GlorotUniform = new("glorot_uniform", EquatableArray<double>.Empty);
    public static readonly InitializerSpec Zeros = new("zeros", EquatableArray<double>.Empty);
    public static readonly InitializerSpec Ones = new("ones", EquatableArray<double>.Empty);
    public static readonly InitializerSpec Orthogonal = new("orthogonal", new[] { 1.0 }.ToEquatableArray());

    /// <summary>LSTM's bias with <c>unit_forget_bias</c>: zeros with the forget slice ones (the weight's fan-in is the units).</summary>
    public static readonly InitializerSpec UnitForgetBias = new("unit_forget_bias", EquatableArray<double>.Empty);

    /// <summary>
    /// The initializer a layer's <paramref name="argument"/> names, or <paramref name="fallback"/> when it was not
    /// written or is invalid (then GN0006 is reported at the argument).
    /// </summary>
    public static InitializerSpec Resolve(Diagnostics.Site site, string who, InferContext context, string argument, string? text,
        InitializerSpec fallback)
    {
        if (text is null) return fallback;
        InitializerSpec? spec = Parse(text, out string? error);
        if (spec is null) context.Report(Diagnostics.Descriptors.InvalidInitializer, site, who, argument, text, error ?? "");
        return spec ?? fallback;
    }

    public static string ValidNames => string.Join(", ", Kinds.Select(k => k.Name));

    private Kind Info => Name == UnitForgetBiasKind.Name ? UnitForgetBiasKind : Kinds.First(k => k.Name == Name);

    /// <summary>As the user would write it, with every argument: <c>random_uniform(minval=-0.1, maxval=0.1)</c>.</summary>
    public override string ToString() =>
        Arguments.Count == 0
            ? Name
            : $"{Name}({string.Join(", ", Info.Parameters.Select((p, i) => $"{p}={Text.Number(Arguments[i])}"))})";

    /// <summary>The runtime call on <paramref name="weights"/>, e.g. <c>global::GenNet.Initializers.HeNormal(w, 784, 100, rng)</c>.</summary>
    public string Call(string weights, int fanIn, int fanOut)
    {
        Kind kind = Info;
        if (kind == UnitForgetBiasKind) return $"global::GenNet.Initializers.UnitForgetBias({weights}, {Text.Int(fanIn)});";
        var arguments = new List<string> { weights };
        if (kind.UsesFans)
        {
            arguments.Add(Text.Int(fanIn));
            arguments.Add(Text.Int(fanOut));
        }
        arguments.AddRange(Arguments.Select(a => Text.FloatLiteral(a)));
        if (kind.UsesRng) arguments.Add("rng");
        return $"global::GenNet.Initializers.{kind.Method}({string.Join(", ", arguments)});";
    }

    /// <summary>
    /// Parses Keras' spelling: a name, optionally followed by positional or <c>key=value</c> numeric arguments.
    /// Returns null and an explanation (for GN0006) when the text is not one.
    /// </summary>
    public static InitializerSpec? Parse(string text, out string? error)
    {
        error = null;
        string source = text.Trim();
        int open = source.IndexOf('(');
        string name = (open < 0 ? source : source.Substring(0, open)).Trim();
        Kind? kind = Kinds.FirstOrDefault(k => k.Name == name);
        if (kind is null)
        {
            error = $"Unknown initializer '{name}'. Expected one of: {ValidNames}.";
            return null;
        }
        double[] values = (double[])kind.Defaults.Clone();
        if (open >= 0)
        {
            if (!source.EndsWith(")", System.StringComparison.Ordinal))
            {
                error = $"Missing ')'. Write e.g. \"{Example(kind)}\".";
                return null;
            }
            List<string> parts = KerasArguments.Split(source.Substring(open + 1, source.Length - open - 2).Trim());
            var bound = KerasArguments.Bind(name, kind.Parameters, parts, Example(kind), Describe(kind), out error);
            if (bound is null) return null;
            foreach (var (index, part) in bound)
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ||
                    double.IsNaN(value) || double.IsInfinity(value) || float.IsInfinity((float)value))
                {
                    error = $"'{part}' is not a finite number. Write e.g. \"{Example(kind)}\".";
                    return null;
                }
                values[index] = value;
            }
        }
        if (kind.Name == "random_uniform" && values[0] > values[1])
        {
            error = "minval must not exceed maxval. Write e.g. \"random_uniform(-0.1, 0.1)\".";
            return null;
        }
        if ((kind.Name == "random_normal" || kind.Name == "truncated_normal") && values[1] < 0)
        {
            error = $"stddev must not be negative. Write e.g. \"{kind.Name}(0, 0.05)\".";
            return null;
        }
        return new InitializerSpec(kind.Name, values.ToEquatableArray());
    }

    private static string Describe(Kind kind) =>
        kind.Parameters.Length == 0 ? "none" : string.Join(", ", kind.Parameters);

    private static string Example(Kind kind) =>
        kind.Parameters.Length == 0
            ? kind.Name
            : $"{kind.Name}({string.Join(", ", kind.Parameters.Select((p, i) => $"{p}={Text.Number(kind.Defaults[i])}"))})";
}
