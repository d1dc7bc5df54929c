using System.Text.RegularExpressions;

namespace ImageSharePortal.Web.Features.MyImages;

/// <summary>What the portal can check of a project ID. The Images API accepts any string, so a typo would silently create a dead share.</summary>
public static partial class ProjectIdRules
{
    public const int MaxLength = 64;

    /// <summary>Validates and normalises a typed project ID. Returns the trimmed ID, or an error sentence.</summary>
    public static (string? ProjectId, string? Error) Normalise(string? input)
    {
        var trimmed = input?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return (null, "Enter the consumer's project ID.");
        }

        if (trimmed.Length > MaxLength)
        {
            return (null, $"A project ID is at most {MaxLength} characters; this one has {trimmed.Length}.");
        }

        if (!Allowed().IsMatch(trimmed))
        {
            return (null, "A project ID has only letters, digits, '-' and '_'. Check for spaces or pasted punctuation.");
        }

        return (trimmed, null);
    }

    /// <summary>Keystone's project IDs are 32 hexadecimal digits (a UUID without dashes).</summary>
    public static bool LooksLikeKeystoneId(string projectId) => KeystoneId().IsMatch(projectId);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Allowed();

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex KeystoneId();
}
