namespace GenNet;

// Keras' string identifiers: compile(optimizer="adam") gives the optimizer with its defaults.
public abstract partial class Optimizer
{
    /// <summary>The names <see cref="FromName"/> accepts, as Keras spells them.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = ["sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "adamax", "nadam"];

    /// <summary>
    /// A new optimizer with Keras 3 defaults from its Keras name (<c>"adam"</c>; Keras' class names such as
    /// <c>"Adam"</c> work too, matching ignores case).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Optimizer FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "sgd" => new SGD(),
            "rmsprop" => new RMSprop(),
            "adagrad" => new Adagrad(),
            "adadelta" => new Adadelta(),
            "adam" => new Adam(),
            "adamw" => new AdamW(),
            "adamax" => new Adamax(),
            "nadam" => new Nadam(),
            _ => throw new ArgumentException(
                $"Unknown optimizer '{name}'. Expected one of: {string.Join(", ", KnownNames)}.", nameof(name)),
        };
    }

    /// <summary>Lets a Keras name stand for the optimizer: <c>Optimizer o = "adam";</c> (see <see cref="FromName"/>).</summary>
    public static implicit operator Optimizer(string name) => FromName(name);
}
