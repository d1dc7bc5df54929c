using System.Text.RegularExpressions;

namespace ImageSharePortal.TestSupport;

/// <summary>Reads the `export NAME=value` files that scripts/openstack and scripts/federation write.</summary>
public static partial class EnvFile
{
    /// <summary>The variables of <paramref name="path"/> (none when it does not exist).</summary>
    public static Dictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var text = line.Trim();
            if (text.StartsWith("export ", StringComparison.Ordinal))
            {
                text = text["export ".Length..];
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (text.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            // Values may be shell-quoted (printf %q): undo quotes and backslash escapes.
            values[text[..equals]] = ShellEscape().Replace(text[(equals + 1)..].Trim('"', '\''), "$1");
        }

        return values;
    }

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex ShellEscape();
}
