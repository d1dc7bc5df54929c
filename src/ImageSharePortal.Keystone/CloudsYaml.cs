using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ImageSharePortal.Keystone;

/// <summary>
/// Reads <c>clouds.yaml</c> with YamlDotNet: mappings become dictionaries of strings and nested mappings (anchors and
/// aliases resolved); lists are left out, as nothing the portal reads is a list.
/// </summary>
public static class CloudsYaml
{
    /// <summary>A mapping: each value is a <see cref="string"/> or another mapping. Invalid YAML throws <see cref="FormatException"/> saying where.</summary>
    public static IReadOnlyDictionary<string, object> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's parser gives up this way on some broken documents.
            throw new FormatException($"not valid YAML: {e.Message}", e);
        }

        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? Map(root)
            : new Dictionary<string, object>(StringComparer.Ordinal);
    }

    /// <summary>The string at a path like <c>clouds.mycloud.auth.auth_url</c>, or null.</summary>
    public static string? Get(IReadOnlyDictionary<string, object> map, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        object? current = map;
        foreach (var key in path)
        {
            current = current is IReadOnlyDictionary<string, object> m && m.TryGetValue(key, out var next) ? next : null;
        }

        return current as string;
    }

    private static Dictionary<string, object> Map(YamlMappingNode node)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                continue;
            }

            switch (value)
            {
                case YamlScalarNode scalar:
                    map[name] = scalar.Value ?? "";
                    break;
                case YamlMappingNode child:
                    map[name] = Map(child);
                    break;
            }
        }

        return map;
    }
}
