using System;
using GenNet.Serialization.Hdf5;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace GenNet.Serialization.Keras;

/// <summary>One weight tensor of a Keras file: where it was, its shape, its values (row-major, as Keras stores them).</summary>
internal sealed record KerasWeight(string Path, int[] Shape, float[] Values);

/// <summary>
/// One layer of a Keras file: its name and class from the model config (null class for a bare <c>.weights.h5</c>, which
/// has no config), its activation when the config names one, and its weights in Keras' order.
/// </summary>
internal sealed record KerasLayer(string Name, string? ClassName, string? Activation, IReadOnlyList<KerasWeight> Weights)
{
    /// <summary>The layer's <c>config</c> object (null for a bare <c>.weights.h5</c>).</summary>
    public KerasJson? Config { get; init; }

    /// <summary>The names of the layers whose outputs it reads, from a Functional config's inbound nodes (empty for Sequential).</summary>
    public IReadOnlyList<string> Inbound { get; init; } = Array.Empty<string>();

    /// <summary>How many times the layer is called in a Functional graph (more than one is a shared layer).</summary>
    public int Calls { get; init; }
}

/// <summary>
/// A whole model of a Keras file: the model's class (<c>Sequential</c>, <c>Functional</c>, <c>Model</c> or a subclass),
/// its input shape without the batch axis (null entries for dynamic axes), every layer but the InputLayer with its
/// weights, and, for a Functional model, the names of its input and output layers.
/// </summary>
internal sealed record KerasModelFile(
    string ClassName,
    string Name,
    int?[]? InputShape,
    IReadOnlyList<KerasLayer> Layers,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    string? KerasVersion);

/// <summary>
/// Reads the layers and weights of the three files Keras writes: Keras 3 <c>.keras</c> (a zip of <c>config.json</c> and
/// <c>model.weights.h5</c>, weights under <c>layers/&lt;key&gt;/vars/N</c> — recurrent layers under
/// <c>layers/&lt;key&gt;/cell/vars/N</c> — where the key is the class name in snake case made unique in layer order:
/// <c>conv2d</c>, <c>conv2d_1</c>), a bare <c>.weights.h5</c> (the same HDF5 without a config) and the legacy <c>.h5</c>
/// (<c>model_config</c> attribute; <c>model_weights/&lt;layer&gt;</c> with a <c>weight_names</c> attribute listing the
/// weights, Keras 3 <c>sequential/conv2d/kernel</c> or Keras 2 <c>conv2d/kernel:0</c>). Optimizer variables are never read.
/// </summary>
internal static partial class KerasFile
{
    /// <summary>Largest zip entry read into memory (2 GiB, the most an HDF5 image in memory can be).</summary>
    private const long MaxEntry = int.MaxValue;

    /// <summary>
    /// The file's layers, from the file's bytes (<paramref name="name"/> is for messages). With a config: every layer but
    /// <c>InputLayer</c>, in config order. Bare weights: one entry per <paramref name="keysForBareWeights"/> key (the
    /// model's layers), named by key, class null. (The runtime adds a path overload; the generator does no file IO.)
    /// </summary>
    public static List<KerasLayer> Read(byte[] bytes, string name, IReadOnlyList<string> keysForBareWeights)
    {
        if (!IsZip(bytes) && Hdf5File.HasSignature(bytes))
        {
            var root = Hdf5File.Open(bytes, name);
            if (root.Member("model_weights") is null && root.Member("layers") is { } layers) return ReadBare(layers, keysForBareWeights);
        }
        return ReadModel(bytes, name).Layers.ToList();
    }

    /// <summary>
    /// The whole model of a <c>.keras</c> archive or a legacy <c>.h5</c> (<c>model.save("x.h5")</c>): config and weights.
    /// A bare <c>.weights.h5</c> has no config and is refused here.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated or not such a Keras file; the message says what and where.</exception>
    public static KerasModelFile ReadModel(byte[] bytes, string name)
    {
        if (IsZip(bytes)) return ReadKerasModel(bytes, name);
        if (!Hdf5File.HasSignature(bytes))
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': expected a .keras zip (starting 'PK') or an HDF5 .h5 file (starting 89 48 44 46), found bytes {Hdf5Text.Hex(bytes.AsSpan(0, Math.Min(8, bytes.Length)))} at offset 0.");
        }
        var root = Hdf5File.Open(bytes, name);
        if (root.Member("model_weights") is { } legacy) return ReadLegacy(root, legacy, name);
        if (root.Member("layers") is not null)
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': it is a bare .weights.h5 (a 'layers' group, no model config); a whole model needs the .keras archive, a legacy model.save(\"x.h5\") file, or the model's config beside it: [KerasModel(\"{name}\", Config = \"config.json\")] with the config.json (model.to_json(), or the .keras archive's) an AdditionalFiles item too");
        }
        throw new InvalidDataException($"Cannot read Keras file '{name}': expected a 'model_weights' group (legacy .h5) or a 'layers' group (.weights.h5), found members {string.Join(", ", root.MemberNames)}.");
    }

    private static bool IsZip(byte[] bytes) => bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] == 3 && bytes[3] == 4;

    /// <summary>The config's layers (class, name, activation) of a <c>.keras</c> file, with their weights.</summary>
    public static List<KerasLayer> ReadKeras(byte[] zipBytes, string name) => ReadKerasModel(zipBytes, name).Layers.ToList();

    private static KerasModelFile ReadKerasModel(byte[] zipBytes, string name)
    {
        byte[] config, weights;
        byte[]? metadata;
        using (var zip = OpenZip(zipBytes, name))
        {
            config = Entry(zip, "config.json", name, zipBytes.Length);
            weights = Entry(zip, "model.weights.h5", name, zipBytes.Length);
            metadata = zip.GetEntry("metadata.json") is null ? null : Entry(zip, "metadata.json", name, zipBytes.Length);
        }
        string? version = null;
        if (metadata is not null)
        {
            try
            {
                version = KerasJson.Parse(metadata, $"Keras file '{name}': metadata.json")["keras_version"]?.AsString;
            }
            catch (InvalidDataException)
            {
                // The version is only shown in messages; a damaged metadata.json does not change the model.
            }
        }
        return WithWeights(Config(config, name, version), Hdf5File.Open(weights, $"{name}/model.weights.h5"), name, "model.weights.h5");
    }

    /// <summary>
    /// A bare <c>.weights.h5</c> with the model's config from another file (the <c>config.json</c> of a <c>.keras</c>
    /// archive, or <c>model.to_json()</c>): the same model a <c>.keras</c> archive of the two would give.
    /// </summary>
    /// <exception cref="InvalidDataException">Either file is corrupt, the weights file is not a bare <c>.weights.h5</c>, or the config is not a model config.</exception>
    public static KerasModelFile ReadBareWithConfig(byte[] weightsBytes, string name, byte[] configJson, string configName)
    {
        if (IsZip(weightsBytes) || !Hdf5File.HasSignature(weightsBytes))
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': Config = \"{configName}\" goes with a bare .weights.h5 (HDF5, a 'layers' group); this file is {(IsZip(weightsBytes) ? "a .keras zip, which holds its own config: leave Config out" : "not HDF5")}.");
        }
        var root = Hdf5File.Open(weightsBytes, name);
        if (root.Member("model_weights") is not null)
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': Config = \"{configName}\" goes with a bare .weights.h5; this is a legacy model.save(\"x.h5\") file, which holds its own config: leave Config out.");
        }
        return WithWeights(Config(configJson, configName, null), root, name, name);
    }

    /// <summary>The model's layers with their variables from the <c>layers</c> group (each layer's by Keras' key for its class).</summary>
    private static KerasModelFile WithWeights(KerasModelFile model, Hdf5Object root, string name, string weightsName)
    {
        var layers = root.Member("layers")
            ?? throw new InvalidDataException($"Cannot read Keras file '{name}': {weightsName} has no 'layers' group.");
        var keys = Keys(model.Layers.Select(l => l.ClassName!).ToList());
        return model with { Layers = model.Layers.Select((l, i) => l with { Weights = Vars(layers, keys[i]) }).ToList() };
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

    private static byte[] Entry(ZipArchive zip, string entryName, string name, long zipLength)
    {
        var entry = zip.GetEntry(entryName) ?? throw new InvalidDataException($"Cannot read Keras file '{name}': a .keras zip holds '{entryName}'; this one has {string.Join(", ", zip.Entries.Select(e => e.FullName))}.");
        if (entry.Length > MaxEntry || entry.Length < 0) throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' claims {entry.Length} bytes, more than GenNet reads.");
        // Deflate expands at most 1032:1, a stored entry not at all: a larger claim is a corrupt size field, refused before
        // the buffer is allocated (so a flipped bit cannot make the compiler allocate gigabytes).
        long most = entry.CompressedLength < 0 ? 0 : Math.Min(MaxEntry, entry.CompressedLength * 1032L + 1024);
        if (entry.Length > most || entry.CompressedLength > zipLength)
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' claims {entry.Length} bytes from {entry.CompressedLength} stored in a {zipLength}-byte file; the zip is corrupt.");
        }
        var data = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            int got = 0, n;
            while (got < data.Length && (n = s.Read(data, got, data.Length - got)) > 0) got += n;
            if (got != data.Length) throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' ends after {got} of its {data.Length} bytes.");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("Cannot read Keras", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' is corrupt: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"Cannot read Keras file '{name}': '{entryName}' is corrupt: {e.Message}", e);
        }
        return data;
    }

    private static KerasModelFile ReadLegacy(Hdf5Object root, Hdf5Object weights, string name)
    {
        string[]? texts = root.Strings("model_config");
        string config = texts is { Length: 1 } ? texts[0]
            : throw new InvalidDataException($"Cannot read Keras file '{name}': a legacy .h5 model has a 'model_config' string attribute; this file has none (a weights-only legacy file is not supported).");
        string? version = root.Strings("keras_version") is { Length: 1 } v ? v[0] : null;
        var model = Config(System.Text.Encoding.UTF8.GetBytes(config), name, version);
        var result = new List<KerasLayer>();
        foreach (var layer in model.Layers)
        {
            var group = weights.Member(layer.Name);
            var list = new List<KerasWeight>();
            if (group is not null)
            {
                foreach (string weightName in group.Strings("weight_names") ?? Array.Empty<string>())
                {
                    var dataset = group.Find(weightName)
                        ?? throw new InvalidDataException($"Cannot read Keras file '{name}': layer '{layer.Name}' lists weight '{weightName}' but '{group.Path}/{weightName}' does not exist.");
                    list.Add(Weight(dataset));
                }
            }
            result.Add(layer with { Weights = list });
        }
        return model with { Layers = result };
    }

    private static List<KerasLayer> ReadBare(Hdf5Object layers, IReadOnlyList<string> keys) =>
        keys.Select(k => new KerasLayer(k, null, null, Vars(layers, k))).ToList();

    /// <summary>
    /// A layer's variables: <c>vars/0</c>, <c>vars/1</c>, … then those of its <c>cell</c> (recurrent layers), then a
    /// Bidirectional's two wrapped layers' cells (Keras saves them under the attribute names <c>forward_layer</c> and
    /// <c>backward_layer</c>): forward first, GenNet's order and Keras' <c>get_weights()</c> order.
    /// </summary>
    private static List<KerasWeight> Vars(Hdf5Object layers, string key)
    {
        var list = new List<KerasWeight>();
        if (layers.Member(key) is not { } group) return list;
        foreach (string sub in new[] { "vars", "cell/vars", "forward_layer/cell/vars", "backward_layer/cell/vars" })
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
            if (i > 0 && IsUpper(name[i]) && i + 1 < name.Length && IsLower(name[i + 1])) first.Append('_');
            first.Append(name[i]);
        }
        string s = first.ToString();
        var second = new System.Text.StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (i > 0 && IsLower(s[i - 1]) && IsUpper(s[i])) second.Append('_');
            second.Append(s[i]);
        }
        return second.ToString().ToLowerInvariant();
    }

    private static bool IsUpper(char c) => c >= 'A' && c <= 'Z';

    private static bool IsLower(char c) => c >= 'a' && c <= 'z';

    /// <summary>The config's layers (InputLayer left out) with class, name and activation; weights empty.</summary>
    public static List<KerasLayer> ConfigLayers(byte[] json, string name) => Config(json, name, null).Layers.ToList();

    /// <summary>The model config: its class, input shape, layers (InputLayer left out; weights empty), inputs and outputs.</summary>
    public static KerasModelFile Config(byte[] json, string name, string? version)
    {
        var root = KerasJson.Parse(json, $"Cannot read Keras file '{name}': the model config");
        string Bad(string problem) => $"Cannot read Keras file '{name}': the model config {problem}.";
        string modelClass = root["class_name"]?.AsString ?? throw new InvalidDataException(Bad("has no class_name"));
        var config = root["config"];
        if (config is null || config.Kind != KerasJsonKind.Object || config["layers"] is not { Kind: KerasJsonKind.Array } layers)
        {
            throw new InvalidDataException(Bad("has no config.layers list"));
        }
        int?[]? input = null;
        var result = new List<KerasLayer>();
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in layers.Items)
        {
            string cls = layer["class_name"]?.AsString ?? throw new InvalidDataException(Bad("has a layer without a class_name"));
            var lc = layer["config"];
            if (lc is null || lc.Kind != KerasJsonKind.Object) throw new InvalidDataException(Bad($"has a {cls} layer without a config object"));
            string layerName = layer["name"]?.AsString ?? lc["name"]?.AsString ?? cls;
            var inbound = Inbound(layer["inbound_nodes"], out int callCount);
            if (cls == "InputLayer")
            {
                input ??= Shape(lc["batch_shape"] ?? lc["batch_input_shape"], withBatch: true);
                continue;
            }
            // Keras 2 Sequential configs put the input shape on the first layer.
            if (result.Count == 0 && input is null) input = Shape(lc["batch_shape"] ?? lc["batch_input_shape"], withBatch: true);
            string? activation = lc["activation"] switch
            {
                { Kind: KerasJsonKind.String } a => a.Text,
                { Kind: KerasJsonKind.Object } a => a["config"]?.AsString ?? a["class_name"]?.AsString,
                _ => null,
            };
            result.Add(new KerasLayer(layerName, cls, activation, Array.Empty<KerasWeight>()) { Config = lc, Inbound = inbound, Calls = callCount });
        }
        input ??= Shape(config["build_input_shape"] ?? root["build_config"]?["input_shape"], withBatch: true);
        return new KerasModelFile(modelClass, config["name"]?.AsString ?? modelClass, input, result,
            Endpoints(config["input_layers"]), Endpoints(config["output_layers"]), version);
    }

    /// <summary>A shape list such as <c>[null, 28, 28, 1]</c> without its batch entry; null when absent or not a list.</summary>
    private static int?[]? Shape(KerasJson? value, bool withBatch)
    {
        if (value is null || value.Kind != KerasJsonKind.Array || value.Items.Count < (withBatch ? 1 : 0)) return null;
        return value.Items.Skip(withBatch ? 1 : 0).Select(d => d.AsInt).ToArray();
    }

    /// <summary>
    /// The layer names a Functional layer reads. Keras 3: each node is <c>{"args": [...], "kwargs": {...}}</c> whose
    /// tensors are <c>{"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, index]}}</c>, found
    /// anywhere in the args (a merge's first argument is a list of them). Keras 2: each node is a list of
    /// <c>[layer, node, index, kwargs]</c>. Only the first call's inputs are returned; <paramref name="calls"/> counts the nodes.
    /// </summary>
    private static IReadOnlyList<string> Inbound(KerasJson? nodes, out int calls)
    {
        calls = 0;
        if (nodes is null || nodes.Kind != KerasJsonKind.Array || nodes.Items.Count == 0) return Array.Empty<string>();
        calls = nodes.Items.Count;
        var names = new List<string>();
        var node = nodes.Items[0];
        if (node.Kind == KerasJsonKind.Object) History(node["args"], names, 0);
        else if (node.Kind == KerasJsonKind.Array)
        {
            foreach (var entry in node.Items)
            {
                if (entry.Kind == KerasJsonKind.Array && entry.Items.Count > 0 && entry.Items[0].AsString is { } layer) names.Add(layer);
            }
        }
        return names;
    }

    private static void History(KerasJson? value, List<string> names, int depth)
    {
        if (value is null || depth > 16) return;
        if (value.Kind == KerasJsonKind.Array)
        {
            foreach (var item in value.Items) History(item, names, depth + 1);
        }
        else if (value.Kind == KerasJsonKind.Object)
        {
            if (value["class_name"]?.AsString == "__keras_tensor__")
            {
                if (value["config"]?["keras_history"] is { Kind: KerasJsonKind.Array } h && h.Items.Count > 0 && h.Items[0].AsString is { } layer) names.Add(layer);
                return;
            }
            foreach (var member in value.Members) History(member.Value, names, depth + 1);
        }
    }

    /// <summary>A Functional config's <c>input_layers</c>/<c>output_layers</c>: <c>[["a", 0, 0], …]</c>, or Keras 3's flat <c>["a", 0, 0]</c> for one.</summary>
    private static IReadOnlyList<string> Endpoints(KerasJson? value)
    {
        if (value is null || value.Kind != KerasJsonKind.Array) return Array.Empty<string>();
        if (value.Items.Count > 0 && value.Items[0].AsString is { } single) return new[] { single };
        return value.Items.Where(i => i.Kind == KerasJsonKind.Array && i.Items.Count > 0 && i.Items[0].AsString is not null)
            .Select(i => i.Items[0].Text).ToList();
    }
}
