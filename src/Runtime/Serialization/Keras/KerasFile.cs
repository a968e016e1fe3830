using System.IO.Compression;
using System.Text.Json;
using GenNet.Serialization.Hdf5;

namespace GenNet.Serialization.Keras;

/// <summary>One weight tensor of a Keras file: where it was, its shape, its values (row-major, as Keras stores them).</summary>
internal sealed record KerasWeight(string Path, int[] Shape, float[] Values);

/// <summary>
/// One layer of a Keras file: its name and class from the model config (null class for a bare <c>.weights.h5</c>, which
/// has no config), its activation when the config names one, and its weights in Keras' order.
/// </summary>
internal sealed record KerasLayer(string Name, string? ClassName, string? Activation, IReadOnlyList<KerasWeight> Weights);

/// <summary>
/// Reads the layers and weights of the three files Keras writes: Keras 3 <c>.keras</c> (a zip of <c>config.json</c> and
/// <c>model.weights.h5</c>, weights under <c>layers/&lt;key&gt;/vars/N</c> — recurrent layers under
/// <c>layers/&lt;key&gt;/cell/vars/N</c> — where the key is the class name in snake case made unique in layer order:
/// <c>conv2d</c>, <c>conv2d_1</c>), a bare <c>.weights.h5</c> (the same HDF5 without a config) and the legacy <c>.h5</c>
/// (<c>model_config</c> attribute; <c>model_weights/&lt;layer&gt;</c> with a <c>weight_names</c> attribute listing the
/// weights, Keras 3 <c>sequential/conv2d/kernel</c> or Keras 2 <c>conv2d/kernel:0</c>). Optimizer variables are never read.
/// </summary>
internal static class KerasFile
{
    /// <summary>Largest zip entry read into memory (2 GiB, the most an HDF5 image in memory can be).</summary>
    private const long MaxEntry = int.MaxValue;

    /// <summary>
    /// The file's layers. With a config: every layer but <c>InputLayer</c>, in config order. Bare weights: one entry per
    /// <paramref name="keysForBareWeights"/> key (the model's layers), named by key, class null.
    /// </summary>
    public static List<KerasLayer> Read(string path, IReadOnlyList<string> keysForBareWeights) =>
        Read(File.ReadAllBytes(path), Path.GetFileName(path), keysForBareWeights);

    /// <summary>As <see cref="Read(string, IReadOnlyList{string})"/>, from the file's bytes; <paramref name="name"/> is for messages.</summary>
    public static List<KerasLayer> Read(byte[] bytes, string name, IReadOnlyList<string> keysForBareWeights)
    {
        if (bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] == 3 && bytes[3] == 4) return ReadKeras(bytes, name);
        if (!Hdf5File.HasSignature(bytes))
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': expected a .keras zip (starting 'PK') or an HDF5 .h5 file (starting 89 48 44 46), found bytes {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))} at offset 0.");
        }
        var root = Hdf5File.Open(bytes, name);
        if (root.Member("model_weights") is { } legacy) return ReadLegacy(root, legacy, name);
        if (root.Member("layers") is { } layers) return ReadBare(layers, keysForBareWeights);
        throw new InvalidDataException($"Cannot read Keras file '{name}': expected a 'model_weights' group (legacy .h5) or a 'layers' group (.weights.h5), found members {string.Join(", ", root.MemberNames)}.");
    }

    /// <summary>The config's layers (class, name, activation) of a <c>.keras</c> file, without weights: what it declares.</summary>
    public static List<KerasLayer> ReadKeras(byte[] zipBytes, string name)
    {
        using var zip = OpenZip(zipBytes, name);
        var config = Entry(zip, "config.json", name);
        var weights = Entry(zip, "model.weights.h5", name);
        var declared = ConfigLayers(config, name);
        var layers = Hdf5File.Open(weights, $"{name}/model.weights.h5").Member("layers")
            ?? throw new InvalidDataException($"Cannot read Keras file '{name}': model.weights.h5 has no 'layers' group.");
        var keys = Keys(declared.Select(l => l.ClassName!).ToList());
        return declared.Select((l, i) => l with { Weights = Vars(layers, keys[i]) }).ToList();
    }

    private static ZipArchive OpenZip(byte[] bytes, string name)
    {
        try
        {
            return new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': it starts like a zip (.keras) but is not a valid one: {e.Message}", e);
        }
    }

    private static byte[] Entry(ZipArchive zip, string entryName, string name)
    {
        var entry = zip.GetEntry(entryName) ?? throw new InvalidDataException($"Cannot read Keras file '{name}': a .keras zip holds '{entryName}'; this one has {string.Join(", ", zip.Entries.Select(e => e.FullName))}.");
        if (entry.Length > MaxEntry) throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' claims {entry.Length} bytes, more than GenNet reads.");
        var data = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            int got = s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (got != data.Length) throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' ends after {got} of its {data.Length} bytes.");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("Cannot read Keras", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' is corrupt: {e.Message}", e);
        }
        return data;
    }

    private static List<KerasLayer> ReadLegacy(Hdf5Object root, Hdf5Object weights, string name)
    {
        string config = root.Strings("model_config") is [var text] ? text
            : throw new InvalidDataException($"Cannot read Keras file '{name}': a legacy .h5 model has a 'model_config' string attribute; this file has none (a weights-only legacy file is not supported).");
        var declared = ConfigLayers(System.Text.Encoding.UTF8.GetBytes(config), name);
        var result = new List<KerasLayer>();
        foreach (var layer in declared)
        {
            var group = weights.Member(layer.Name);
            var list = new List<KerasWeight>();
            if (group is not null)
            {
                foreach (string weightName in group.Strings("weight_names") ?? [])
                {
                    var dataset = group.Find(weightName)
                        ?? throw new InvalidDataException($"Cannot read Keras file '{name}': layer '{layer.Name}' lists weight '{weightName}' but '{group.Path}/{weightName}' does not exist.");
                    list.Add(Weight(dataset));
                }
            }
            result.Add(layer with { Weights = list });
        }
        return result;
    }

    private static List<KerasLayer> ReadBare(Hdf5Object layers, IReadOnlyList<string> keys) =>
        keys.Select(k => new KerasLayer(k, null, null, Vars(layers, k))).ToList();

    /// <summary>A layer's variables: <c>vars/0</c>, <c>vars/1</c>, … then those of its <c>cell</c> (recurrent layers).</summary>
    private static List<KerasWeight> Vars(Hdf5Object layers, string key)
    {
        var list = new List<KerasWeight>();
        if (layers.Member(key) is not { } group) return list;
        foreach (string sub in new[] { "vars", "cell/vars" })
        {
            if (group.Find(sub) is not { } vars) continue;
            for (int i = 0; vars.Member(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } v; i++) list.Add(Weight(v));
        }
        return list;
    }

    private static KerasWeight Weight(Hdf5Object dataset)
    {
        var d = dataset.Dataset();
        return new KerasWeight(dataset.Path, d.Shape, d.ReadFloats());
    }

    /// <summary>Keras 3's container keys: snake-case class names, the n-th repeat suffixed <c>_n</c>.</summary>
    public static List<string> Keys(IReadOnlyList<string> classNames)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (string cls in classNames)
        {
            string key = SnakeCase(cls);
            if (used.TryGetValue(key, out int n))
            {
                used[key] = n + 1;
                key = $"{key}_{n + 1}";
            }
            else
            {
                used[key] = 0;
            }
            keys.Add(key);
        }
        return keys;
    }

    /// <summary>Keras' <c>to_snake_case</c>: <c>Conv2D</c> → <c>conv2d</c>, <c>MaxPooling2D</c> → <c>max_pooling2d</c>, <c>LSTM</c> → <c>lstm</c>.</summary>
    public static string SnakeCase(string name)
    {
        // (.)([A-Z][a-z]+) → \1_\2, then ([a-z])([A-Z]) → \1_\2, then lower case.
        var first = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterUpper(name[i]) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1])) first.Append('_');
            first.Append(name[i]);
        }
        string s = first.ToString();
        var second = new System.Text.StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterLower(s[i - 1]) && char.IsAsciiLetterUpper(s[i])) second.Append('_');
            second.Append(s[i]);
        }
        return second.ToString().ToLowerInvariant();
    }

    /// <summary>The config's layers (InputLayer left out) with class, name and activation; weights empty.</summary>
    public static List<KerasLayer> ConfigLayers(byte[] json, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            var root = doc.RootElement;
            if (!root.TryGetProperty("config", out var config) || !config.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"Cannot read Keras file '{name}': the model config has no config.layers list.");
            }
            var result = new List<KerasLayer>();
            foreach (var layer in layers.EnumerateArray())
            {
                string cls = layer.TryGetProperty("class_name", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : throw new InvalidDataException($"Cannot read Keras file '{name}': a layer of the model config has no class_name.");
                if (cls == "InputLayer") continue;
                var lc = layer.GetProperty("config");
                string layerName = lc.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : cls;
                string? activation = null;
                if (lc.TryGetProperty("activation", out var a))
                {
                    activation = a.ValueKind switch
                    {
                        JsonValueKind.String => a.GetString(),
                        JsonValueKind.Object when a.TryGetProperty("config", out var ac) && ac.ValueKind == JsonValueKind.String => ac.GetString(),
                        _ => null,
                    };
                }
                result.Add(new KerasLayer(layerName, cls, activation, []));
            }
            return result;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': the model config is not the JSON Keras writes: {e.Message}", e);
        }
    }
}
