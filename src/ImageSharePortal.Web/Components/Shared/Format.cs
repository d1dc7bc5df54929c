using System.Globalization;
using ImageSharePortal.Web.Localization;

namespace ImageSharePortal.Web.Components.Shared;

/// <summary>How the portal writes sizes and dates, in the language of the request or circuit (<see cref="PortalCultureData"/>).</summary>
public static class Format
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    private static string Word(string key) => PortalStrings.Instance.Find(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Size(long? bytes)
    {
        if (bytes is null or <= 0)
        {
            return Word("Format.SizeUnknown");
        }

        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes.Value;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(Culture, $"{value:0.#} {units[unit]}");
    }

    public static string Date(DateTimeOffset? when) =>
        when is null ? Word("Format.Unknown") : when.Value.UtcDateTime.ToString(PortalCultureData.DatePattern(Culture), Culture);

    public static string DateTime(DateTimeOffset? when) =>
        when is null ? Word("Format.Unknown") : when.Value.UtcDateTime.ToString(PortalCultureData.DateTimePattern(Culture), Culture);

    public static string Time(DateTimeOffset when) => when.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A whole number with the language's group separator: "1,234", "1.234".</summary>
    public static string Count(long n) => n.ToString("N0", Culture);

    public static string Excerpt(string? text, int max) =>
        string.IsNullOrEmpty(text) || text.Length <= max ? text ?? "" : text[..max].TrimEnd() + "…";
}
