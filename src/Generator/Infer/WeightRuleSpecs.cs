using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Helpers;

namespace GenNet.Generator.Infer;

/// <summary>Keras <c>L1L2(l1, l2)</c> on one weight (emitted as <c>WeightInfo.Regularizer</c>).</summary>
internal sealed record RegularizerSpec(double L1, double L2)
{
    public string Emit() => $"new global::GenNet.WeightRegularizer({Text.FloatLiteral(L1)}, {Text.FloatLiteral(L2)})";
}

/// <summary>A Keras weight constraint on one weight (emitted as <c>WeightInfo.Constraint</c>).</summary>
/// <param name="Kind">The runtime's <c>WeightConstraintKind</c> member name.</param>
/// <param name="Axes">Keras' <c>axis</c> as written (negative counts from the end), resolved against the weight's rank.</param>
internal sealed record ConstraintSpec(string Kind, double MinValue, double MaxValue, double Rate, EquatableArray<int> Axes)
{
    public string Emit(int rank) =>
        $"new global::GenNet.WeightConstraint(global::GenNet.WeightConstraintKind.{Kind}, {Text.FloatLiteral(MinValue)}, " +
        $"{Text.FloatLiteral(MaxValue)}, {Text.FloatLiteral(Rate)}, new int[] {{ {string.Join(", ", ResolvedAxes(rank).Select(a => Text.Int(a)))} }})";

    /// <summary>The axes in <c>[0, rank)</c>, ascending, without repeats.</summary>
    public IReadOnlyList<int> ResolvedAxes(int rank) => Axes.Select(a => a < 0 ? a + rank : a).Distinct().OrderBy(a => a).ToList();
}

/// <summary>
/// Parses the regularizer and constraint arguments (<c>KernelRegularizer = "l2(0.01)"</c>,
/// <c>KernelConstraint = "max_norm(2, axis=[0, 1, 2])"</c>) in Keras' spelling: its function names
/// (<c>l1</c>, <c>l2</c>, <c>l1_l2</c>, <c>max_norm</c>, <c>min_max_norm</c>, <c>unit_norm</c>, <c>non_neg</c>) or class
/// names (<c>L1</c>, <c>L2</c>, <c>L1L2</c>, <c>MaxNorm</c>, <c>MinMaxNorm</c>, <c>UnitNorm</c>, <c>NonNeg</c>), with
/// positional or <c>key=value</c> arguments; a bare name takes Keras' defaults for it.
/// </summary>
internal static class WeightRuleSpecs
{
    private sealed record Form(string[] Names, string[] Parameters, object[] Defaults);

    // Keras' string identifiers 'l1', 'l2' and 'l1_l2' default to 0.01 each; the class L1L2() defaults to 0 and 0.
    private static readonly Form L1 = new(new[] { "l1", "L1" }, new[] { "l1" }, new object[] { 0.01 });
    private static readonly Form L2 = new(new[] { "l2", "L2" }, new[] { "l2" }, new object[] { 0.01 });
    private static readonly Form L1L2Function = new(new[] { "l1_l2" }, new[] { "l1", "l2" }, new object[] { 0.01, 0.01 });
    private static readonly Form L1L2Class = new(new[] { "L1L2" }, new[] { "l1", "l2" }, new object[] { 0.0, 0.0 });
    private static readonly Form MaxNorm = new(new[] { "max_norm", "MaxNorm" }, new[] { "max_value", "axis" }, new object[] { 2.0, new[] { 0 } });
    private static readonly Form MinMaxNorm = new(new[] { "min_max_norm", "MinMaxNorm" }, new[] { "min_value", "max_value", "rate", "axis" },
        new object[] { 0.0, 1.0, 1.0, new[] { 0 } });
    private static readonly Form UnitNorm = new(new[] { "unit_norm", "UnitNorm" }, new[] { "axis" }, new object[] { new[] { 0 } });
    private static readonly Form NonNeg = new(new[] { "non_neg", "NonNeg" }, new string[0], new object[0]);

    private static readonly Form[] Regularizers = { L1, L2, L1L2Function, L1L2Class };
    private static readonly Form[] Constraints = { MaxNorm, MinMaxNorm, UnitNorm, NonNeg };

    public static string RegularizerNames => "l1(0.01), l2(0.01), l1_l2(l1=0.01, l2=0.01)";

    public static string ConstraintNames => "max_norm(2, axis=0), min_max_norm(0, 1, rate=1, axis=0), unit_norm(axis=0), non_neg";

    public static RegularizerSpec? ParseRegularizer(string text, out string? error)
    {
        object[]? values = Parse(text, Regularizers, RegularizerNames, "regularizer", out Form? form, out error);
        if (values is null) return null;
        double l1 = form == L2 ? 0 : (double)values[0];
        double l2 = form == L2 ? (double)values[0] : form == L1 ? 0 : (double)values[1];
        if (l1 < 0 || l2 < 0)
        {
            error = "The factors must not be negative (Keras: 'expected a non-negative float'). Write e.g. \"l2(0.01)\".";
            return null;
        }
        return new RegularizerSpec(l1, l2);
    }

    public static ConstraintSpec? ParseConstraint(string text, out string? error)
    {
        object[]? values = Parse(text, Constraints, ConstraintNames, "constraint", out Form? form, out error);
        if (values is null) return null;
        if (form == NonNeg) return new ConstraintSpec("NonNeg", 0, 0, 1, EquatableArray<int>.Empty);
        if (form == UnitNorm) return new ConstraintSpec("UnitNorm", 0, 0, 1, ((int[])values[0]).ToEquatableArray());
        if (form == MaxNorm)
        {
            double max = (double)values[0];
            if (max < 0)
            {
                error = "max_value must not be negative. Write e.g. \"max_norm(2)\".";
                return null;
            }
            return new ConstraintSpec("MaxNorm", 0, max, 1, ((int[])values[1]).ToEquatableArray());
        }
        double min = (double)values[0], maxValue = (double)values[1], rate = (double)values[2];
        if (min < 0 || min > maxValue)
        {
            error = $"min_max_norm needs 0 <= min_value <= max_value; received min_value={Text.Number(min)}, max_value={Text.Number(maxValue)}. Write e.g. \"min_max_norm(0.5, 2)\".";
            return null;
        }
        return new ConstraintSpec("MinMaxNorm", min, maxValue, rate, ((int[])values[3]).ToEquatableArray());
    }

    /// <summary>A name and its arguments: numbers, or (for <c>axis</c>) an integer or a list <c>[0, 1, 2]</c>.</summary>
    private static object[]? Parse(string text, Form[] forms, string valid, string what, out Form? form, out string? error)
    {
        error = null;
        string source = text.Trim();
        int open = source.IndexOf('(');
        string name = (open < 0 ? source : source.Substring(0, open)).Trim();
        form = forms.FirstOrDefault(f => f.Names.Contains(name));
        if (form is null)
        {
            error = $"Unknown {what} '{name}'. Expected one of: {valid}.";
            return null;
        }
        object[] values = (object[])form.Defaults.Clone();
        if (open < 0) return values;
        if (!source.EndsWith(")", System.StringComparison.Ordinal))
        {
            error = $"Missing ')'. Write e.g. \"{Example(form)}\".";
            return null;
        }
        List<string> parts = KerasArguments.Split(source.Substring(open + 1, source.Length - open - 2));
        var bound = KerasArguments.Bind(name, form.Parameters, parts, Example(form),
            form.Parameters.Length == 0 ? "none" : string.Join(", ", form.Parameters), out error);
        if (bound is null) return null;
        foreach (var (index, part) in bound)
        {
            object? value = form.Defaults[index] is int[] ? Axes(part) : Number(part);
            if (value is null)
            {
                error = form.Defaults[index] is int[]
                    ? $"'{part}' is not an axis or a list of axes. Write e.g. \"{form.Names[0]}(axis=[0, 1, 2])\"."
                    : $"'{part}' is not a finite number. Write e.g. \"{Example(form)}\".";
                return null;
            }
            values[index] = value;
        }
        return values;
    }

    private static object? Number(string part) =>
        double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) &&
        !double.IsNaN(value) && !double.IsInfinity(value) && !float.IsInfinity((float)value)
            ? value
            : null;

    /// <summary><c>0</c>, <c>-1</c>, <c>[0, 1, 2]</c> or <c>(0, 1)</c>; null when it is none of them.</summary>
    private static int[]? Axes(string part)
    {
        string s = part.Trim();
        bool list = s.Length >= 2 && ((s[0] == '[' && s[s.Length - 1] == ']') || (s[0] == '(' && s[s.Length - 1] == ')'));
        string[] items = list ? s.Substring(1, s.Length - 2).Split(',') : new[] { s };
        var axes = new List<int>();
        foreach (string item in items)
        {
            string t = item.Trim();
            if (t.Length == 0 && list) continue;
            if (!int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int axis)) return null;
            axes.Add(axis);
        }
        return axes.Count == 0 ? null : axes.ToArray();
    }

    private static string Example(Form form) =>
        form.Parameters.Length == 0
            ? form.Names[0]
            : $"{form.Names[0]}({string.Join(", ", form.Parameters.Select((p, i) => $"{p}={(form.Defaults[i] is int[] a ? string.Join(", ", a) : Text.Number((double)form.Defaults[i]))}"))})";
}
