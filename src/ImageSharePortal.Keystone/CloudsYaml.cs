using System.Text;

namespace ImageSharePortal.Keystone;

/// <summary>
/// Reads the part of <c>clouds.yaml</c> the portal needs: nested block mappings of plain or quoted scalars, comments.
/// Lists, block scalars, flow collections and anchors are skipped (no YAML library for one file of settings).
/// </summary>
public static class CloudsYaml
{
    /// <summary>A mapping: each value is a <see cref="string"/> or another mapping.</summary>
    public static IReadOnlyDictionary<string, object> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var stack = new Stack<(int Indent, Dictionary<string, object> Map)>();
        stack.Push((-1, root));
        int? skipDeeperThan = null;

        foreach (var rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var indent = rawLine.Length - rawLine.TrimStart(' ').Length;
            var content = StripComment(rawLine).Trim();
            if (content.Length == 0 || content is "---" or "...")
            {
                continue;
            }

            if (skipDeeperThan is { } skip && indent > skip)
            {
                continue;
            }

            skipDeeperThan = null;
            while (stack.Peek().Indent >= indent)
            {
                stack.Pop();
            }

            if (content == "-" || content.StartsWith("- ", StringComparison.Ordinal))
            {
                skipDeeperThan = indent;
                continue;
            }

            if (SplitKey(content) is not var (key, rest))
            {
                continue;
            }

            var parent = stack.Peek().Map;
            if (rest.Length == 0)
            {
                var child = new Dictionary<string, object>(StringComparer.Ordinal);
                parent[key] = child;
                stack.Push((indent, child));
            }
            else if (rest[0] is '|' or '>' or '&' or '*' or '[' or '{')
            {
                skipDeeperThan = indent;
            }
            else
            {
                parent[key] = Unquote(rest);
            }
        }

        return root;
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

    private static (string Key, string Value)? SplitKey(string content)
    {
        var inSingle = false;
        var inDouble = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '\'' && !inDouble)
            {
                inSingle = !inSingle;
            }
            else if (c == '"' && !inSingle)
            {
                inDouble = !inDouble;
            }
            else if (c == ':' && !inSingle && !inDouble && (i == content.Length - 1 || content[i + 1] == ' '))
            {
                return (Unquote(content[..i].Trim()), content[(i + 1)..].Trim());
            }
        }

        return null;
    }

    private static string StripComment(string line)
    {
        var inSingle = false;
        var inDouble = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'' && !inDouble)
            {
                inSingle = !inSingle;
            }
            else if (c == '"' && !inSingle)
            {
                inDouble = !inDouble;
            }
            else if (c == '#' && !inSingle && !inDouble && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var inner = value[1..^1];
            var text = new StringBuilder(inner.Length);
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '\\' && i + 1 < inner.Length)
                {
                    i++;
                    text.Append(inner[i] switch { 'n' => '\n', 't' => '\t', _ => inner[i] });
                }
                else
                {
                    text.Append(inner[i]);
                }
            }

            return text.ToString();
        }

        return value;
    }
}
