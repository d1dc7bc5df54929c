using System.Globalization;
using ImageSharePortal.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>The value of a <c>datetime-local</c> field, read as UTC (the portal shows every time in UTC).</summary>
public static class EndDateText
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    /// <summary>Empty = no end date; otherwise the time, or a sentence saying what is wrong (in English).</summary>
    public static (DateTimeOffset? Value, string? Error) Parse(string? text) => Parse(text, null);

    /// <summary>Empty = no end date; otherwise the time, or a sentence saying what is wrong in the reader's words.</summary>
    public static (DateTimeOffset? Value, string? Error) Parse(string? text, IStringLocalizer? localizer)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        return DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? (new DateTimeOffset(at, TimeSpan.Zero), null)
            : (null, localizer?[BadFormat] ?? Words.English(BadFormat));
    }

    private const string BadFormat = "Shares.BadEndFormat";

    public static string Write(DateTimeOffset? at) =>
        at is null ? "" : at.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
