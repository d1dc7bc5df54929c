using System.Text.RegularExpressions;

namespace ImageSharePortal.TestSupport;

/// <summary>Reads the `export NAME=value` files that scripts/openstack and scripts/federation write.</summary>
public static partial class EnvFile
{
    /// <summary>
    /// A script's settings: <c>env</c> in the folder that <paramref name="directoryVariable"/> names (or
    /// <paramref name="defaultDirectory"/>), then this process's non-empty variables starting with <paramref name="prefix"/>
    /// over them. The folder itself is <paramref name="directoryVariable"/>.
    /// </summary>
    public static (Dictionary<string, string> Values, string File, string Source) Load(string directoryVariable, string defaultDirectory, string prefix)
    {
        var directory = Environment.GetEnvironmentVariable(directoryVariable) is { Length: > 0 } d ? d : defaultDirectory;
        var file = Path.Combine(directory, "env");
        var values = Read(file);
        values[directoryVariable] = directory;
        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (Environment.GetEnvironmentVariable(key) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        return (values, file, File.Exists(file) ? file : "environment variables");
    }

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
