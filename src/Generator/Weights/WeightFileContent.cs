using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GenNet.Generator.Weights;

/// <summary>
/// Bytes with equality by content hash: the pipeline compares them on every run, and a SHA-256 comparison costs
/// nothing next to comparing a few hundred kilobytes (or more) byte by byte.
/// </summary>
internal sealed class WeightBlob : IEquatable<WeightBlob>
{
    public WeightBlob(byte[] bytes)
    {
        Bytes = bytes;
        using var sha = SHA256.Create();
        var hex = new StringBuilder(64);
        foreach (byte b in sha.ComputeHash(bytes)) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        Sha256 = hex.ToString();
    }

    public byte[] Bytes { get; }

    /// <summary>Lower-case hex SHA-256, as <c>sha256sum</c> prints it.</summary>
    public string Sha256 { get; }

    public bool Equals(WeightBlob? other) => other is not null && other.Bytes.Length == Bytes.Length && other.Sha256 == Sha256;

    public override bool Equals(object? obj) => Equals(obj as WeightBlob);

    public override int GetHashCode() => Sha256.GetHashCode();
}

/// <summary>
/// One weight file among the AdditionalFiles, read once per change of the file (the pipeline keeps no
/// <see cref="AdditionalText"/>). <see cref="Bytes"/> is set when the file came base64-encoded by GenNet.targets;
/// a raw <c>.safetensors</c> item means that build step did not run (<see cref="Encoded"/> false).
/// </summary>
/// <param name="Name">The file name the attribute matches: <c>mnist_cnn.safetensors</c>.</param>
/// <param name="Path">The path the compiler was given, for messages.</param>
/// <param name="Error">Why the encoded text could not be decoded, or null.</param>
internal sealed record WeightFileContent(string Name, string Path, bool Encoded, WeightBlob? Bytes, string? Error)
{
    public const string Extension = ".safetensors";

    /// <summary>What GenNet.targets appends to the file name of the text it writes.</summary>
    public const string EncodedSuffix = ".base64";

    public static bool IsWeightFile(AdditionalText text) =>
        text.Path.EndsWith(Extension + EncodedSuffix, StringComparison.OrdinalIgnoreCase) ||
        text.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>An ONNX model for [OnnxModel], encoded like a weight file (GenNet.targets encodes both).</summary>
    public static bool IsOnnxFile(AdditionalText text) =>
        text.Path.EndsWith(OnnxExtension + EncodedSuffix, StringComparison.OrdinalIgnoreCase) ||
        text.Path.EndsWith(OnnxExtension, StringComparison.OrdinalIgnoreCase);

    public const string OnnxExtension = ".onnx";

    /// <summary>The Keras files [KerasModel] reads: a Keras 3 archive, or an HDF5 file (legacy <c>model.save("x.h5")</c>).</summary>
    public static readonly string[] KerasExtensions = { ".keras", ".h5", ".hdf5" };

    /// <summary>The model config of a bare <c>.weights.h5</c> ([KerasModel]'s <c>Config</c>): JSON, which reaches the compiler as text.</summary>
    public const string KerasConfigExtension = ".json";

    /// <summary>
    /// A Keras model for [KerasModel], encoded like a weight file (GenNet.targets encodes it too), or a <c>.json</c> model
    /// config, read as its UTF-8 text.
    /// </summary>
    public static bool IsKerasFile(AdditionalText text)
    {
        if (text.Path.EndsWith(KerasConfigExtension, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (string extension in KerasExtensions)
        {
            if (text.Path.EndsWith(extension + EncodedSuffix, StringComparison.OrdinalIgnoreCase) ||
                text.Path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public static WeightFileContent Read(AdditionalText text, CancellationToken cancellationToken)
    {
        string fileName = text.Path.Substring(text.Path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        if (fileName.EndsWith(KerasConfigExtension, StringComparison.OrdinalIgnoreCase))
        {
            // A text file: the compiler hands it over as it is.
            SourceText? json = text.GetText(cancellationToken);
            return json is null
                ? new WeightFileContent(fileName, text.Path, true, null, $"the compiler could not read {text.Path}")
                : new WeightFileContent(fileName, text.Path, true, new WeightBlob(Encoding.UTF8.GetBytes(json.ToString())), null);
        }
        if (!fileName.EndsWith(EncodedSuffix, StringComparison.OrdinalIgnoreCase))
        {
            // Never asked for its text: the compiler would refuse a binary file (or decode it lossily).
            return new WeightFileContent(fileName, text.Path, Encoded: false, null, null);
        }

        string name = fileName.Substring(0, fileName.Length - EncodedSuffix.Length);
        try
        {
            SourceText? source = text.GetText(cancellationToken);
            if (source is null) return new WeightFileContent(name, text.Path, true, null, $"the compiler could not read the encoded file {text.Path}");
            return new WeightFileContent(name, text.Path, true, new WeightBlob(Convert.FromBase64String(source.ToString())), null);
        }
        catch (FormatException)
        {
            return new WeightFileContent(name, text.Path, true, null, $"the encoded file {text.Path} is not valid base64 (delete it and build again)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new WeightFileContent(name, text.Path, true, null, $"reading the encoded file {text.Path} failed: {e.Message}");
        }
    }
}
