namespace GenNet.Tests.Import;

/// <summary>What Save then Load owes any model, imported ones included: the same weights and bit-identical outputs.</summary>
internal static class SavedWeights
{
    /// <summary>
    /// Saves <paramref name="model"/>, loads the file into a differently seeded instance of the same generated class (only
    /// Load can give it those weights), and checks parameters, state and Predict on <paramref name="x"/> are bit-identical.
    /// </summary>
    public static void AssertReloadBitIdentical(Model model, float[] x, int batch)
    {
        using var saved = new MemoryStream();
        model.Save(saved);
        var fresh = (Model)Activator.CreateInstance(model.GetType(), 11)!;
        Assert.NotEqual(model.Parameters.ToArray(), fresh.Parameters.ToArray());
        saved.Position = 0;
        fresh.Load(saved);
        Assert.Equal(model.Parameters.ToArray(), fresh.Parameters.ToArray());
        Assert.Equal(model.State.ToArray(), fresh.State.ToArray());
        Assert.Equal(model.Predict(x, batchSize: batch), fresh.Predict(x, batchSize: batch));
    }
}
