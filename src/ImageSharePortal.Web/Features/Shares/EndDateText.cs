using System.Globalization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>The value of a <c>datetime-local</c> field, read as UTC (the portal shows every time in UTC).</summary>
public static class EndDateText
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    /// <summary>Empty = no end date; otherwise the time, or a sentence saying what is wrong.</summary>
    public static (DateTimeOffset? Value, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        return DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? (new DateTimeOffset(at, TimeSpan.Zero), null)
            : (null, "Enter the end as a date and time, like 2027-01-31T17:00 (UTC).");
    }

    public static string Write(DateTimeOffset? at) =>
        at is null ? "" : at.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
