namespace GenNet.Generator;

/// <summary>Names of the pipeline steps, for <c>WithTrackingName</c> and the caching tests.</summary>
internal static class TrackingNames
{
    /// <summary>[Sequential]/[Functional] class → parsed and inferred once: what to emit, and the located diagnostics.</summary>
    public const string Transform = nameof(Transform);

    /// <summary>The transform's location-free half: the ModelSpec (or the type, for placeholders). Generation branch.</summary>
    public const string Spec = nameof(Spec);

    /// <summary>ModelSpec → generated file text.</summary>
    public const string Emit = nameof(Emit);

    /// <summary>The transform's located half: the model's diagnostics (diagnostics branch).</summary>
    public const string Diagnose = nameof(Diagnose);

    /// <summary>Layer attribute on a class without [Sequential] → a warning.</summary>
    public const string OrphanLayers = nameof(OrphanLayers);

    /// <summary>A .safetensors(.base64) AdditionalFiles item → its decoded bytes (compared by SHA-256).</summary>
    public const string WeightFiles = nameof(WeightFiles);

    /// <summary>[EmbeddedWeights] class → the file name and the model's spec (generation branch).</summary>
    public const string EmbeddedWeightsParse = nameof(EmbeddedWeightsParse);

    /// <summary>Request + weight files → the checked weights to embed.</summary>
    public const string EmbeddedWeightsMatch = nameof(EmbeddedWeightsMatch);

    /// <summary>[EmbeddedWeights] class + weight files → its diagnostics (may hold locations).</summary>
    public const string EmbeddedWeightsDiagnose = nameof(EmbeddedWeightsDiagnose);
}
