using System.Globalization;

namespace Tutorials.DigitDemo;

/// <summary>
/// The demo's own command-line options; every other argument (<c>--urls</c>, ASP.NET configuration) goes to the web
/// host untouched.
/// </summary>
/// <param name="Train">Train, save the weights, print the test accuracy and exit instead of serving.</param>
/// <param name="Weights">Weight file: loaded when it exists, else trained and saved there.</param>
/// <param name="Epochs">Training passes over the 8,000 training digits.</param>
/// <param name="Seed">Seed of the initial weights and the shuffling.</param>
/// <param name="HostArgs">Arguments for the web host.</param>
public sealed record DemoOptions(bool Train, string Weights, int Epochs, int Seed, string[] HostArgs)
{
    /// <summary>Where the weights live unless <c>--weights</c> says otherwise: beside the program.</summary>
    public static string DefaultWeights => Path.Combine(AppContext.BaseDirectory, "digit-demo.safetensors");

    public const string Usage = "Usage: DigitDemo [--train] [--weights PATH] [--epochs N] [--seed N] [--urls http://127.0.0.1:PORT]";

    public static DemoOptions Parse(string[] args)
    {
        var options = new DemoOptions(false, DefaultWeights, Epochs: 4, Seed: 1, []);
        var hostArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--train")
            {
                options = options with { Train = true };
                continue;
            }
            if (args[i] is not ("--weights" or "--epochs" or "--seed"))
            {
                hostArgs.Add(args[i]);
                continue;
            }
            string name = args[i];
            string value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {name} needs a value. {Usage}");
            options = name switch
            {
                "--weights" => options with { Weights = Path.GetFullPath(value) },
                "--epochs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int epochs) && epochs > 0 => options with { Epochs = epochs },
                "--epochs" => throw new ArgumentException($"--epochs must be a positive integer, got '{value}'."),
                "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed) => options with { Seed = seed },
                _ => throw new ArgumentException($"--seed must be an integer, got '{value}'."),
            };
        }
        return options with { HostArgs = [.. hostArgs] };
    }
}
