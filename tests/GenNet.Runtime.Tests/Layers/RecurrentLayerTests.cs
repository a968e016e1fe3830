using System.Text.Json;
using GenNet.Kernels;
using GenNet.Tests.Support;

namespace GenNet.Tests.Layers;

/// <summary>
/// SimpleRnnKernel, LstmKernel and GruKernel against layers2.json (Keras 3 semantics in float64: outputs and every
/// gradient of backpropagation through time), and against central differences of their own forward pass for the
/// variants the fixtures do not hold (go_backwards, no bias, relu, reset_before with go_backwards).
/// </summary>
public class RecurrentLayerTests
{
    private static readonly Lazy<JsonElement[]> s_cases = new(() => Fixtures.Cases("layers2.json").ToArray());

    public static TheoryData<string> Cases() => new(s_cases.Value
        .Where(c => c.GetProperty("layer").GetString() is "LSTM" or "GRU" or "SimpleRNN")
        .Select(c => c.GetProperty("name").GetString()!));

    private static JsonElement Get(string name) => s_cases.Value.Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>One recurrent layer's kernels with its weights and the work space the generated code lays out.</summary>
    internal sealed class Layer
    {
        public required string Kind { get; init; }
        public required RecurrentGeometry Geometry { get; init; }
        public bool ResetAfter { get; init; } = true;
        public required float[] Kernel { get; init; }
        public required float[] RecurrentKernel { get; init; }
        public required float[] Bias { get; init; }

        private int Gates => Kind switch { "LSTM" => 4, "GRU" => 3, _ => 1 };

        private int StepSize => Kind == "GRU" ? GruKernel.StepSize(Geometry.Units) : Gates * Geometry.Units;

        public float[] Forward(float[] x, int batch, out float[][] saved)
        {
            var g = Geometry;
            int u = g.Units, t = g.Steps;
            var gates = new float[batch * t * Gates * u];
            var states = new float[batch * t * u];
            var second = new float[batch * t * u];   // cells (LSTM), candidates (GRU)
            var step = new float[batch * StepSize];
            var y = new float[batch * g.OutputSize];
            switch (Kind)
            {
                case "LSTM": LstmKernel.Forward(x, Kernel, RecurrentKernel, Bias, gates, second, states, step, y, batch, g); break;
                case "GRU": GruKernel.Forward(x, Kernel, RecurrentKernel, Bias, gates, second, states, step, y, batch, g, ResetAfter); break;
                default: SimpleRnnKernel.Forward(x, Kernel, RecurrentKernel, Bias, gates, states, step, y, batch, g); break;
            }
            saved = new[] { gates, second, states };
            return y;
        }

        public (float[] Dx, float[] DKernel, float[] DRecurrentKernel, float[] DBias) Backward(float[] x, float[] dy, int batch)
        {
            Forward(x, batch, out float[][] saved);
            var g = Geometry;
            int u = g.Units, t = g.Steps;
            var dGates = new float[saved[0].Length];
            var dStates = new float[batch * t * u];
            var dSecond = new float[batch * t * u];
            var dStep = new float[batch * StepSize];
            var dx = new float[x.Length];
            var dKernel = new float[Kernel.Length];
            var dRecurrent = new float[RecurrentKernel.Length];
            var dBias = new float[Bias.Length];
            switch (Kind)
            {
                case "LSTM":
                    LstmKernel.Backward(x, Kernel, RecurrentKernel, saved[0], saved[1], saved[2], dy, dGates, dStates, dSecond, dStep,
                        dx, dKernel, dRecurrent, dBias, batch, g);
                    break;
                case "GRU":
                    GruKernel.Backward(x, Kernel, RecurrentKernel, saved[0], saved[1], saved[2], dy, dGates, dStates, dStep,
                        dx, dKernel, dRecurrent, dBias, batch, g, ResetAfter);
                    break;
                default:
                    SimpleRnnKernel.Backward(x, Kernel, RecurrentKernel, saved[2], dy, dGates, dStates, dStep, dx, dKernel, dRecurrent, dBias, batch, g);
                    break;
            }
            return (dx, dKernel, dRecurrent, dBias);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RecurrentLayer_ForwardAndBackpropagationThroughTime_MatchKeras(string name)
    {
        JsonElement c = Get(name);
        JsonElement config = c.GetProperty("config");
        int[] shape = LayerCases.Shape(c, "inputs", "x");
        int batch = shape[0];
        bool Flag(string key, bool fallback) => config.TryGetProperty(key, out var v) ? v.GetBoolean() : fallback;
        var layer = new Layer
        {
            Kind = c.GetProperty("layer").GetString()!,
            Geometry = new RecurrentGeometry(shape[1], shape[2], config.GetProperty("units").GetInt32(), Flag("go_backwards", false),
                Flag("return_sequences", false), RecurrentActivation.Tanh, RecurrentActivation.Sigmoid),
            ResetAfter = Flag("reset_after", true),
            Kernel = LayerCases.Floats(c, "params", "kernel"),
            RecurrentKernel = LayerCases.Floats(c, "params", "recurrent_kernel"),
            Bias = LayerCases.Floats(c, "params", "bias"),
        };
        float[] x = LayerCases.Floats(c, "inputs", "x"), dy = LayerCases.Floats(c, "upstream", "dy");

        LayerCases.AssertOutput(c, "y", layer.Forward(x, batch, out _));
        var (dx, dKernel, dRecurrent, dBias) = layer.Backward(x, dy, batch);
        LayerCases.AssertOutput(c, "dx", dx);
        LayerCases.AssertOutput(c, "dkernel", dKernel);
        LayerCases.AssertOutput(c, "drecurrent_kernel", dRecurrent);
        LayerCases.AssertOutput(c, "dbias", dBias);
    }

    [Theory]
    [InlineData("SimpleRNN", true, true, true, "relu")]
    [InlineData("SimpleRNN", false, true, false, "tanh")]
    [InlineData("LSTM", true, false, true, "tanh")]
    [InlineData("LSTM", false, true, false, "relu")]
    [InlineData("LSTM", false, false, true, "relu")]
    [InlineData("LSTM", false, true, true, "relu")]
    [InlineData("LSTM", false, true, false, "tanh")]
    [InlineData("GRU", true, true, true, "tanh")]
    [InlineData("GRU", true, false, false, "tanh")]
    [InlineData("GRU", false, true, true, "tanh")]
    [InlineData("GRU", false, false, false, "relu")]
    public void RecurrentLayer_Gradients_MatchCentralDifferences(string kind, bool resetAfter, bool goBackwards, bool useBias, string activation)
    {
        const int batch = 3, steps = 5, inputs = 2, units = 4;
        int gates = kind switch { "LSTM" => 4, "GRU" => 3, _ => 1 };
        var rng = new Rng((ulong)(kind.Length * 7 + (resetAfter ? 1 : 0) + (goBackwards ? 2 : 0) + (useBias ? 4 : 0)));
        int biasLength = !useBias ? 0 : kind == "GRU" && resetAfter ? 2 * gates * units : gates * units;
        var layer = new Layer
        {
            Kind = kind,
            Geometry = new RecurrentGeometry(steps, inputs, units, goBackwards, ReturnSequences: true,
                activation == "relu" ? RecurrentActivation.Relu : RecurrentActivation.Tanh, RecurrentActivation.Sigmoid),
            ResetAfter = resetAfter,
            Kernel = LayerCases.Random(rng, inputs * gates * units, 0.8),
            RecurrentKernel = LayerCases.Random(rng, units * gates * units, 0.6),
            Bias = LayerCases.Random(rng, biasLength, 0.3),
        };
        float[] x = LayerCases.Random(rng, batch * steps * inputs), dy = LayerCases.Random(rng, batch * steps * units);
        double Loss()
        {
            float[] y = layer.Forward(x, batch, out _);
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += (double)y[i] * dy[i];
            return sum;
        }
        var (dx, dKernel, dRecurrent, dBias) = layer.Backward(x, dy, batch);
        float step = activation == "relu" ? 1f / 2048 : 1f / 256;   // relu: stay clear of its kink
        AssertAgrees(LayerCases.CheckGradient(x, dx, Loss, "dx", h: step));
        AssertAgrees(LayerCases.CheckGradient(layer.Kernel, dKernel, Loss, "dkernel", h: step));
        AssertAgrees(LayerCases.CheckGradient(layer.RecurrentKernel, dRecurrent, Loss, "drecurrent_kernel", h: step));
        AssertAgrees(LayerCases.CheckGradient(layer.Bias, dBias, Loss, "dbias", h: step));
    }

    private static void AssertAgrees(string? disagreement) => Assert.True(disagreement is null, disagreement);
}
