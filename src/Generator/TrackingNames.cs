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

    /// <summary>[EmbeddedWeights] class → its request with the attribute's place (the located transform).</summary>
    public const string EmbeddedWeightsLocate = nameof(EmbeddedWeightsLocate);

    /// <summary>The request's location-free half: the file name and the class's model name (generation branch).</summary>
    public const string EmbeddedWeightsParse = nameof(EmbeddedWeightsParse);

    /// <summary>Request + its model's spec + weight files → the checked weights to embed, or a diagnostic (run once).</summary>
    public const string EmbeddedWeightsMatch = nameof(EmbeddedWeightsMatch);

    /// <summary>Located request + the matches → its diagnostics (holds locations).</summary>
    public const string EmbeddedWeightsDiagnose = nameof(EmbeddedWeightsDiagnose);

    /// <summary>A .onnx(.base64) AdditionalFiles item → its decoded bytes (compared by SHA-256).</summary>
    public const string OnnxFiles = nameof(OnnxFiles);

    /// <summary>[OnnxModel] class → its request, its places and the class-level errors (the located transform).</summary>
    public const string OnnxLocate = nameof(OnnxLocate);

    /// <summary>The request's location-free half: the class and the file name (generation branch).</summary>
    public const string OnnxRequest = nameof(OnnxRequest);

    /// <summary>Request + ONNX files → decoded, lowered and inferred once: the model, its weights, its remarks or one diagnostic.</summary>
    public const string OnnxImport = nameof(OnnxImport);

    /// <summary>Located request + the imports → its diagnostics (holds locations).</summary>
    public const string OnnxDiagnose = nameof(OnnxDiagnose);

    /// <summary>The .keras/.h5 AdditionalFiles, each read once per change (the [KerasModel] branch).</summary>
    public const string KerasFiles = nameof(KerasFiles);

    /// <summary>[KerasModel] class → its request, its places and the class-level errors.</summary>
    public const string KerasLocate = nameof(KerasLocate);

    /// <summary>The location-free [KerasModel] request.</summary>
    public const string KerasRequest = nameof(KerasRequest);

    /// <summary>Request + files → the imported model, weights and remarks (or one diagnostic).</summary>
    public const string KerasImport = nameof(KerasImport);

    /// <summary>The located [KerasModel] diagnostics.</summary>
    public const string KerasDiagnose = nameof(KerasDiagnose);
}
