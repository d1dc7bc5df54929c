using System.Globalization;

namespace ImageSharePortal.Web.Components.Shared;

/// <summary>How the portal writes sizes and dates.</summary>
public static class Format
{
    public static string Size(long? bytes)
    {
        if (bytes is null or <= 0)
        {
            return "size unknown";
        }

        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes.Value;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    public static string Date(DateTimeOffset? when) =>
        when is null ? "unknown" : when.Value.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset? when) =>
        when is null ? "unknown" : when.Value.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset when) => when.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Excerpt(string? text, int max) =>
        string.IsNullOrEmpty(text) || text.Length <= max ? text ?? "" : text[..max].TrimEnd() + "…";
}
