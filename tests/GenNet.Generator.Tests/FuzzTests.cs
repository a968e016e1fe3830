using System.Diagnostics;
using System.Globalization;
using System.Text;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace GenNet.Generator.Tests;

/// <summary>
/// Random model declarations, valid and invalid, Sequential and Functional: the generator never throws, and every
/// declaration either gets at least one GN error or generates code that compiles with no errors and no warnings.
/// </summary>
[Collection(nameof(FuzzTests))]
public class FuzzTests
{
    public const int DefaultSeed = 20261123;

    // GENNET_FUZZ_SEED / GENNET_FUZZ_COUNT explore further (the test name keeps the default; the output prints what ran).
    private static readonly int Seed = EnvInt("GENNET_FUZZ_SEED", DefaultSeed);
    private static readonly int Declarations = EnvInt("GENNET_FUZZ_COUNT", 1500);
    private const int PerCompilation = 50;

    private readonly ITestOutputHelper output;

    public FuzzTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Fuzz_1500Declarations_Seed20261123_EveryDeclarationIsRejectedOrCompiles()
    {
        var random = new Random(Seed);
        var stopwatch = Stopwatch.StartNew();
        int valid = 0, rejected = 0, lambdas = 0, validLambdas = 0, validInputs = 0, validReuse = 0, validOutputs = 0;
        var codes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var examples = new SortedDictionary<int, string>();

        // Declarations are drawn in order (so the seed fixes them); batches of them compile and generate in parallel.
        string[] all = Enumerable.Range(0, Declarations).Select(i => DeclarationGenerator.Model(random, i)).ToArray();
        var gate = new object();
        Parallel.For(0, (Declarations + PerCompilation - 1) / PerCompilation, batch =>
        {
            int start = batch * PerCompilation;
            int count = Math.Min(PerCompilation, Declarations - start);
            string[] sources = all.AsSpan(start, count).ToArray();
            CSharpCompilation compilation = GeneratorHarness.Compile(sources);
            GeneratorDriver driver = GeneratorHarness.CreateDriver()
                .RunGeneratorsAndUpdateCompilation(compilation, out Compilation updated, out var driverDiagnostics);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();

            Assert.True(result.Exception is null, $"seed {Seed}, batch at {start}: generator threw {result.Exception}");
            Assert.DoesNotContain(driverDiagnostics, d => d.Id.StartsWith("CS8785", StringComparison.Ordinal));
            Diagnostic? internalError = result.Diagnostics.FirstOrDefault(d => d.Id == "GN0999");
            Assert.True(internalError is null, $"seed {Seed}, batch at {start}: {internalError}");

            var compilerDiagnostics = updated.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            Assert.DoesNotContain(compilerDiagnostics, d => d.Severity == DiagnosticSeverity.Error && !d.Location.IsInSource);

            lock (gate)
            {
                for (int k = 0; k < count; k++)
                {
                    int i = start + k;
                    string userPath = "Model" + k + ".cs";
                    string generatedPrefix = $"Fuzz{i}.";  // Fuzz{i}.M{i}.g.cs, or Fuzz{i}.Outer{i}.M{i}.g.cs when nested
                    if (sources[k].Contains("[Lambda", StringComparison.Ordinal)) lambdas++;
                    var gn = result.Diagnostics.Where(d => d.Location.SourceTree?.FilePath == userPath).ToArray();
                    foreach (Diagnostic d in gn) codes[d.Id] = codes.TryGetValue(d.Id, out int n) ? n + 1 : 1;

                    if (gn.Any(d => d.Severity == DiagnosticSeverity.Error))
                    {
                        rejected++;
                        if (examples.Count < 6 && i % 7 == 0) examples[i] = "rejected (" + string.Join(", ", gn.Select(d => d.Id).Distinct()) + "):\n" + sources[k];
                        if (result.GeneratedSources.Any(s => s.HintName.StartsWith(generatedPrefix, StringComparison.Ordinal) &&
                                !s.SourceText.ToString().Contains("Placeholder: this model's declaration has GenNet errors", StringComparison.Ordinal)))
                            failures.Add($"#{i}: rejected with an error but generated more than placeholders\n{sources[k]}");
                        var placeholderErrors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error &&
                            Path.GetFileName(d.Location.SourceTree?.FilePath ?? "").StartsWith(generatedPrefix, StringComparison.Ordinal)).ToArray();
                        if (placeholderErrors.Length > 0)
                            failures.Add($"#{i}: the placeholders do not compile:\n  {string.Join("\n  ", placeholderErrors.Take(5))}\n{sources[k]}");
                        continue;
                    }

                    valid++;
                    if (sources[k].Contains("[Lambda", StringComparison.Ordinal)) validLambdas++;
                    if (sources[k].Contains("[Input(", StringComparison.Ordinal)) validInputs++;
                    if (sources[k].Contains("[Reuse(", StringComparison.Ordinal)) validReuse++;
                    if (sources[k].Contains("Outputs = ", StringComparison.Ordinal)) validOutputs++;
                    if (examples.Count < 6 && i % 5 == 0) examples[i] = "valid:\n" + sources[k];
                    var errors = compilerDiagnostics.Where(d =>
                            (d.Location.SourceTree?.FilePath == userPath && d.Severity == DiagnosticSeverity.Error) ||
                            Path.GetFileName(d.Location.SourceTree?.FilePath ?? "").StartsWith(generatedPrefix, StringComparison.Ordinal))
                        .ToArray();
                    if (!result.GeneratedSources.Any(s => s.HintName.StartsWith(generatedPrefix, StringComparison.Ordinal)))
                        failures.Add($"#{i}: no GN error but nothing generated\n{sources[k]}");
                    else if (errors.Length > 0)
                        failures.Add($"#{i}: no GN error but the compilation has:\n  {string.Join("\n  ", errors.Take(5))}\n{sources[k]}");
                }
            }
        });

        stopwatch.Stop();
        output.WriteLine($"seed {Seed}: {Declarations} declarations, {valid} valid (compiled clean), {rejected} rejected with a GN error, in {stopwatch.ElapsedMilliseconds} ms");
        output.WriteLine($"with a Lambda layer: {lambdas} declarations, {validLambdas} of them valid");
        output.WriteLine($"valid ones with [Input]: {validInputs}, with [Reuse]: {validReuse}, with Outputs: {validOutputs}");
        output.WriteLine("GN codes seen: " + string.Join(", ", codes.Select(c => c.Key + "×" + c.Value)));
        foreach (var example in examples) output.WriteLine($"#{example.Key} {example.Value}");
        Assert.True(failures.Count == 0, $"seed {Seed}: {failures.Count} failures; first:\n" + string.Join("\n\n", failures.Take(3)));
        Assert.True(valid >= Declarations / 10, $"only {valid} valid declarations: the fuzzer is too wild to exercise emission");
        Assert.True(validInputs > 0 && validReuse > 0 && validOutputs > 0,
            $"valid declarations with [Input] {validInputs}, [Reuse] {validReuse}, Outputs {validOutputs}: every kind must reach emission");
        Assert.True(rejected >= Declarations / 10, $"only {rejected} rejected declarations: the fuzzer is too tame");
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    /// <summary>Seeded random model declarations, each in its own namespace (<c>Fuzz{i}.M{i}</c>).</summary>
    internal static class DeclarationGenerator
    {
        private static readonly string[] Activations =
        {
            "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "sigmoid", "hard_sigmoid", "hard_silu",
            "hard_swish", "softplus", "softsign", "tanh", "softmax", "log_softmax", "silu", "swish", "mish", "exponential",
        };

        private static readonly string[] BogusActivations = { "relu7", "", "Softmax", "tanh ", "none", "leaky-relu" };

        private static readonly string[] Initializers =
        {
            "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "zeros", "ones",
            "constant(0.5)", "random_uniform(-0.1, 0.1)", "random_normal(0, 0.05)", "truncated_normal(mean=0, stddev=0.1)",
            "random_uniform(minval=-1, maxval=1)",
        };

        private static readonly string[] BogusInitializers =
        {
            "constant(", "random_uniform(1, 0)", "foo", "glorot_uniform(1)", "constant(1e999)", "random_normal(stddev=-1)", "",
            "random_uniform(lo=-0.1)", "constant(nan)", "zeros()", "random_uniform(-0.1, 0.1, 3)", ")(",
        };

        private static readonly string[] Paddings = { "valid", "same" };
        private static readonly string[] BogusPaddings = { "bogus", "SAME", "", "causal" };
        private static readonly string[] PoolNames = { "a", "b", "c", "hidden", "input_layer", "x y", "1a", "dense" };

        public static string Model(Random r, int index)
        {
            // A third of the models are "careful": every argument valid, layers chosen to fit the current rank.
            bool careful = r.Next(3) == 0;
            double wild = careful ? 0 : 0.12;
            bool functional = r.Next(2) == 0;
            int rank = careful ? r.Next(1, 4) : Chance(r, 0.06) ? 4 * r.Next(2) : r.Next(1, 4);
            string[] input = Enumerable.Range(0, rank).Select(_ => Chance(r, wild / 3) ? Extremes[r.Next(Extremes.Length)]
                : (Chance(r, wild) ? r.Next(-3, 1) : careful && rank == 3 ? r.Next(4, 31) : r.Next(1, 31)).ToString(CultureInfo.InvariantCulture)).ToArray();
            if (careful && rank == 3) input[2] = r.Next(1, 4).ToString(CultureInfo.InvariantCulture);

            int layerCount = careful ? r.Next(1, 9) : r.Next(0, 9);
            var names = new List<string>();       // every node name so far, in declaration order (defaults as Keras counts them)
            var defaults = new Dictionary<string, int>(StringComparer.Ordinal);
            var layers = new List<string>();
            var kinds = new List<string>();       // each layer's kind, beside names
            int currentRank = rank;
            for (int l = 0; l < layerCount; l++)
            {
                string kind = careful && functional && l > 0 && Chance(r, 0.3) ? (r.Next(2) == 0 ? "Add" : "Concatenate")
                    : careful ? CarefulKind(r, currentRank) : Kinds[r.Next(Kinds.Length)];
                string? name = null;
                if (!careful && Chance(r, 0.2) || careful && Chance(r, 0.1)) name = careful ? "n" + l : PoolNames[r.Next(PoolNames.Length)];
                string stem = DefaultStem(kind);
                int seen = defaults.TryGetValue(stem, out int c) ? c : 0;
                defaults[stem] = seen + 1;
                string nodeName = name ?? (seen == 0 ? stem : stem + "_" + seen);

                var args = new List<string>();
                var named = new List<string>();
                bool merge = kind is "Add" or "Concatenate";
                if (merge)
                {
                    // Careful merges read the previous node and another earlier one (shapes may still differ: GN0206/GN0207).
                    int inputs = careful ? r.Next(2, 4) : r.Next(0, 4);
                    for (int j = 0; j < inputs; j++) args.Add(Quote(careful && j == 0 ? names[^1] : PickNode(r, names, careful, l, layerCount)));
                    if (kind == "Concatenate" && Chance(r, 0.3)) named.Add("Axis = " + (careful ? (r.Next(2) == 0 ? -1 : currentRank) : r.Next(-4, 5)));
                }
                else
                {
                    LayerArguments(r, kind, wild, careful, ref currentRank, args, named);
                    bool wire = functional ? Chance(r, careful ? 0.15 : 0.35) : Chance(r, wild / 2);
                    if (wire) named.Add("From = " + Quote(PickNode(r, names, careful, l, layerCount)));
                }

                if (name is not null) named.Add("Name = " + Quote(name));
                string all = string.Join(", ", args.Concat(named));
                layers.Add("[" + kind + (all.Length == 0 && r.Next(2) == 0 ? "" : "(" + all + ")") + "]");
                names.Add(nodeName);
                kinds.Add(kind);
            }

            // Some Functional models (6 in 10 careful ones, 1 in 3 others) get named [Input]s, [Reuse] calls and Outputs.
            bool ports = functional && Chance(r, careful ? 0.6 : 0.35);
            string[] outputs = ports ? Ports(r, careful, wild, input, layers, names, kinds) : Array.Empty<string>();

            var model = new List<string>();
            if (!ports && (input.Length > 0 || r.Next(2) == 0) || ports && Chance(r, wild)) model.Add(string.Join(", ", input));
            if (outputs.Length > 0) model.Add("Outputs = new[] { " + string.Join(", ", outputs.Select(Quote)) + " }");
            if (functional && Chance(r, 0.25) && names.Count > 0)
                model.Add("Output = " + Quote(Chance(r, 0.2) ? "missing" : names[r.Next(names.Count)]));
            if (Chance(r, 0.1)) model.Add("Name = " + Quote(careful ? "model" + index : PoolNames[r.Next(PoolNames.Length)]));

            // Mostly a plain public partial class; sometimes another kind of type, modifier, nesting or both model attributes.
            string head = "public partial class M" + index, tail = " { }", before = "", after = "";
            if (Chance(r, careful ? 0.1 : 0.25))
            {
                switch (r.Next(10))
                {
                    case 0: head = "public class M" + index; break;
                    case 1: head = "public partial class M" + index + " : Base" + index; after = "/// <summary>B.</summary>\npublic class Base" + index + " { }\n"; break;
                    case 2: head = "public partial class M" + index + "<T>"; break;
                    case 3: head = "public static partial class M" + index; break;
                    case 4: head = r.Next(2) == 0 ? "internal sealed partial class M" + index : "public abstract partial class M" + index; break;
                    case 5: head = r.Next(2) == 0 ? "public partial record M" + index : "public partial struct M" + index; break;
                    case 6:
                    case 7:
                        string outer = new[] { "public partial class", "public class", "internal partial struct", "public static partial class", "public partial record" }[r.Next(5)];
                        before = "/// <summary>O.</summary>\n" + outer + " Outer" + index + "\n{\n";
                        tail = " { }\n}";
                        break;
                    case 8: model.Insert(0, ""); functional = !functional; before = "[" + (functional ? "Sequential" : "Functional") + "(4)]\n"; break;
                    default: tail = " { /// <summary>H.</summary>\npublic int Hello() => 42; }"; break;
                }
            }

            var sb = new StringBuilder();
            sb.Append("using GenNet;\n\nnamespace Fuzz").Append(index).Append(";\n\n");
            int split = before.IndexOf('{');
            if (split >= 0) sb.Append(before, 0, split + 2);
            sb.Append("/// <summary>Fuzzed model ").Append(index).Append(".</summary>\n");
            if (split < 0) sb.Append(before);
            sb.Append('[').Append(functional ? "Functional" : "Sequential").Append('(').Append(string.Join(", ", model.Where(m => m.Length > 0))).Append(")]\n");
            foreach (string layer in layers) sb.Append(layer).Append('\n');
            sb.Append(head).Append(tail).Append('\n').Append(after);
            if (layers.Any(l => l.StartsWith("[Lambda", StringComparison.Ordinal))) sb.Append(LambdaOps);
            return sb.ToString();
        }

        /// <summary>
        /// Inserts [Input] attributes (careful: each of the model's input shape, the first one first) and [Reuse] calls into
        /// <paramref name="layers"/>, and returns the Outputs to declare (none, or two or three nodes; wild ones may repeat,
        /// be missing or name an input).
        /// </summary>
        private static string[] Ports(Random r, bool careful, double wild, string[] input, List<string> layers, List<string> names, List<string> kinds)
        {
            int layerNames = names.Count;
            for (int k = 0, count = r.Next(1, 4); k < count; k++)
            {
                string name = careful || !Chance(r, 0.2) ? "in" + k : PoolNames[r.Next(PoolNames.Length)];
                string shape = careful || Chance(r, 0.5) ? string.Join(", ", input)
                    : string.Join(", ", Enumerable.Range(0, r.Next(1, 4)).Select(_ => (Chance(r, wild) ? r.Next(-2, 1) : r.Next(1, 13)).ToString(CultureInfo.InvariantCulture)));
                int at = k == 0 && (careful || !Chance(r, 0.15)) ? 0 : r.Next(layers.Count + 1);
                layers.Insert(at, "[Input(" + Quote(name) + (shape.Length == 0 ? "" : ", " + shape) + ")]");
                names.Add(name);
                kinds.Insert(Math.Min(at, kinds.Count), "Input");
            }
            int reuses = layerNames == 0 ? 0 : Chance(r, 0.5) ? r.Next(1, 3) : 0;
            for (int k = 0; k < reuses; k++)
            {
                var targets = Enumerable.Range(0, layerNames).Where(i => !careful || kinds.Where(x => x != "Input").ElementAt(i) is not ("Add" or "Concatenate" or "BatchNormalization")).ToList();
                if (targets.Count == 0) break;
                string target = careful || !Chance(r, 0.2) ? names[targets[r.Next(targets.Count)]] : PoolNames[r.Next(PoolNames.Length)];
                string from = names[r.Next(names.Count)];
                string name = target + "_call" + (k == 0 ? "" : "_" + k);
                layers.Add("[Reuse(" + Quote(target) + ", From = " + Quote(from) + ")]");
                names.Add(name);
            }
            if (names.Count < 2 || !Chance(r, 0.6)) return Array.Empty<string>();
            var outputs = new List<string>();
            for (int k = 0, count = r.Next(2, 4); k < count; k++)
            {
                string pick = Chance(r, wild) ? (r.Next(2) == 0 ? "missing" : outputs.Count > 0 ? outputs[0] : "in0") : names[r.Next(names.Count)];
                if (careful && outputs.Contains(pick)) continue;
                outputs.Add(pick);
            }
            return outputs.ToArray();
        }

        private static readonly string[] Kinds =
        {
            "Dense", "Activation", "Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "Flatten", "Reshape",
            "Dropout", "BatchNormalization", "Add", "Concatenate", "Lambda",
        };

        private static string CarefulKind(Random r, int rank) => rank == 3
            ? new[] { "Conv2D", "Conv2D", "MaxPooling2D", "AveragePooling2D", "BatchNormalization", "Activation", "Dropout", "Flatten", "GlobalAveragePooling2D", "Lambda" }[r.Next(10)]
            : new[] { "Dense", "Dense", "Dense", "Activation", "Dropout", "BatchNormalization", "Lambda" }[r.Next(7)];

        private static string DefaultStem(string kind) => kind switch
        {
            "Conv2D" => "conv2d",
            "MaxPooling2D" => "max_pooling2d",
            "AveragePooling2D" => "average_pooling2d",
            "GlobalAveragePooling2D" => "global_average_pooling2d",
            "BatchNormalization" => "batch_normalization",
            _ => kind.ToLowerInvariant(),
        };

        /// <summary>An existing earlier node, the model input, a missing name, or a later layer's default name (a cycle).</summary>
        private static string PickNode(Random r, List<string> names, bool careful, int index, int count)
        {
            if (careful || r.Next(10) < 6)
                return names.Count == 0 || r.Next(5) == 0 ? "input_layer" : names[r.Next(names.Count)];
            return r.Next(3) switch
            {
                0 => "missing",
                1 => r.Next(2) == 0 ? "dense_" + r.Next(1, 4) : DefaultStem(Kinds[r.Next(Kinds.Length)]),
                _ => index + 1 < count ? PoolNames[r.Next(PoolNames.Length)] : "",
            };
        }

        private static void LayerArguments(Random r, string kind, double wild, bool careful, ref int rank, List<string> args, List<string> named)
        {
            switch (kind)
            {
                case "Dense":
                    args.Add(Int(r, wild, 1, 41, -3, 1));
                    if (Chance(r, 0.5)) named.Add("Activation = " + Quote(Activation(r, wild)));
                    KernelOptions(r, wild, named);
                    rank = 1;
                    break;
                case "Activation":
                    args.Add(Quote(Activation(r, wild)));
                    if (Chance(r, wild)) named.Add(r.Next(4) switch
                    {
                        0 => "NegativeSlope = " + Double(r, 0.5, "0.1"),
                        1 => "MaxValue = " + Double(r, 0.5, "6"),
                        2 => "Alpha = " + Double(r, 0.5, "1.5"),
                        _ => "Threshold = " + Double(r, 0.5, "0.5"),
                    });
                    break;
                case "Conv2D":
                    args.Add(Int(r, wild, 1, 17, -2, 1));
                    args.Add(Int(r, wild, 1, careful ? 4 : 7, -1, 1));
                    if (Chance(r, 0.3)) args.Add(Int(r, wild, 1, careful ? 4 : 7, -1, 1));
                    if (Chance(r, careful ? 0.2 : 0.4)) named.Add("Strides = " + Int(r, wild, 1, careful ? 3 : 4, -1, 1));
                    if (Chance(r, 0.4)) named.Add("Padding = " + Quote(Padding(r, wild)));
                    if (!careful && Chance(r, 0.3)) named.Add("DilationRate = " + Int(r, wild, 1, 4, -1, 1));
                    if (Chance(r, 0.5)) named.Add("Activation = " + Quote(Activation(r, wild)));
                    KernelOptions(r, wild, named);
                    break;
                case "MaxPooling2D":
                case "AveragePooling2D":
                    if (Chance(r, 0.7)) args.Add(Int(r, wild, 1, careful ? 3 : 5, -1, 1));
                    if (args.Count == 1 && Chance(r, 0.3)) args.Add(Int(r, wild, 1, careful ? 3 : 5, -1, 1));
                    if (Chance(r, 0.4)) named.Add("Strides = " + (careful ? r.Next(1, 3) : r.Next(0, 4)));
                    if (Chance(r, 0.4)) named.Add("Padding = " + Quote(careful ? "same" : Padding(r, wild)));
                    break;
                case "GlobalAveragePooling2D":
                case "Flatten":
                    rank = 1;
                    break;
                case "Reshape":
                    int targetRank = r.Next(0, 4);
                    for (int j = 0; j < targetRank; j++) args.Add(Chance(r, 0.15) ? "-1" : Int(r, wild, 1, 31, -2, 1));
                    rank = targetRank;
                    break;
                case "Dropout":
                    double rate = careful ? r.Next(0, 10) / 10.0 : Math.Round(r.NextDouble() * 2 - 0.5, 2);
                    args.Add(Double(r, wild, rate.ToString("R", CultureInfo.InvariantCulture)));
                    break;
                case "Lambda":
                    LambdaArguments(r, wild, careful, ref rank, args, named);
                    break;
                case "BatchNormalization":
                    if (Chance(r, 0.3)) named.Add("Momentum = " + (careful ? "0.9" : Double(r, 0.3, Math.Round(r.NextDouble() * 2 - 0.5, 2).ToString("R", CultureInfo.InvariantCulture))));
                    if (Chance(r, 0.3)) named.Add("Epsilon = " + (careful ? "0.001" : Double(r, 0.5, "1e-5")));
                    if (Chance(r, 0.2)) named.Add("Center = false");
                    if (Chance(r, 0.2)) named.Add("Scale = false");
                    break;
            }
        }

        /// <summary>
        /// A Lambda on the declaration's <c>Ops</c> class (<see cref="LambdaOps"/>): careful ones call F with backward B;
        /// wild ones also name missing, instance, private or wrongly typed methods, other types and bad output shapes.
        /// </summary>
        private static void LambdaArguments(Random r, double wild, bool careful, ref int rank, List<string> args, List<string> named)
        {
            string[] methods = { "F", "B", "I", "W", "P", "Missing", "" };
            if (careful || !Chance(r, wild)) args.Add("typeof(Ops)");
            else args.Add(new[] { "typeof(int[])", "typeof(System.Collections.Generic.List<>)", "null", "typeof(System.Math)" }[r.Next(4)]);
            args.Add(Quote(careful || !Chance(r, wild * 2) ? "F" : methods[r.Next(methods.Length)]));
            if (careful || Chance(r, 0.6)) named.Add("Backward = " + Quote(careful || !Chance(r, wild * 2) ? "B" : methods[r.Next(methods.Length)]));
            if (Chance(r, 0.3))
            {
                int outputRank = careful ? 1 : r.Next(0, 4);
                named.Add("OutputShape = new int[] { " + string.Join(", ", Enumerable.Range(0, outputRank).Select(_ => Int(r, wild, 1, 17, -2, 1))) + " }");
                rank = outputRank;
            }
        }

        /// <summary>The methods fuzzed Lambdas name, one class per declaration's namespace.</summary>
        private const string LambdaOps = """
            /// <summary>Lambda methods.</summary>
            public class Ops
            {
                /// <summary>Forward.</summary>
                public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int batch) { }
                /// <summary>Backward.</summary>
                public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int batch) { }
                /// <summary>Not static.</summary>
                public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int batch) { }
                /// <summary>Wrong signature.</summary>
                public static int W(float[] x) => x.Length;
                private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int batch) { }
            }

            """;

        private static void KernelOptions(Random r, double wild, List<string> named)
        {
            if (Chance(r, 0.2)) named.Add("UseBias = false");
            if (Chance(r, 0.3)) named.Add("KernelInitializer = " + Quote(Initializer(r, wild)));
            if (Chance(r, 0.2)) named.Add("BiasInitializer = " + Quote(Initializer(r, wild)));
        }

        private static string Activation(Random r, double wild) =>
            Chance(r, wild * 2) ? BogusActivations[r.Next(BogusActivations.Length)] : Activations[r.Next(Activations.Length)];

        private static string Initializer(Random r, double wild) =>
            Chance(r, wild * 2) ? BogusInitializers[r.Next(BogusInitializers.Length)] : Initializers[r.Next(Initializers.Length)];

        private static string Padding(Random r, double wild) =>
            Chance(r, wild) ? BogusPaddings[r.Next(BogusPaddings.Length)] : Paddings[r.Next(Paddings.Length)];

        /// <summary>Mostly in [lo, hi); with probability <paramref name="wild"/>, in [badLo, badHi) instead.</summary>
        private static string Int(Random r, double wild, int lo, int hi, int badLo, int badHi) =>
            Chance(r, wild / 4) ? Extremes[r.Next(Extremes.Length)]
            : (Chance(r, wild) ? r.Next(badLo, badHi) : r.Next(lo, hi)).ToString(CultureInfo.InvariantCulture);

        /// <summary>Sizes that overflow products of shapes, parameter counts and offsets.</summary>
        private static readonly string[] Extremes = { "int.MaxValue", "int.MinValue", "65536", "100000", "1 << 20", "46341" };

        /// <summary>A double: mostly <paramref name="normal"/>, sometimes NaN, infinities or out-of-range values.</summary>
        private static string Double(Random r, double wild, string normal) =>
            Chance(r, wild) ? new[] { "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "-1", "2", "1e308", "0" }[r.Next(7)] : normal;

        private static bool Chance(Random r, double p) => r.NextDouble() < p;

        private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
