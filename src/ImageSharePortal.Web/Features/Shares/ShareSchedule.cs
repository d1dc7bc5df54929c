using ImageSharePortal.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>The rules of an end date, without a store or a clock of their own (tested with a fake clock).</summary>
public static class ShareSchedule
{
    /// <summary>
    /// The next notice ahead of <paramref name="endsAt"/> still to come after <paramref name="now"/>: the latest of
    /// <c>endsAt − lead</c> that is later than now; null when every lead has passed. A notice whose time passed while the
    /// portal was down is not sent late: only the next one that applies is.
    /// </summary>
    public static DateTimeOffset? NextNotice(DateTimeOffset endsAt, DateTimeOffset now, IEnumerable<TimeSpan> leads)
    {
        DateTimeOffset? next = null;
        foreach (var lead in leads)
        {
            var at = endsAt - lead;
            if (at > now && at < endsAt && (next is null || at < next))
            {
                next = at;
            }
        }

        return next;
    }

    /// <summary>Why an end date cannot be set, in the producer's words (English); null when it can.</summary>
    public static string? Check(DateTimeOffset endsAt, DateTimeOffset now, SharesOptions options) => Check(endsAt, now, options, Words.English)?.Recorded;

    /// <summary>Why an end date cannot be set, in the producer's words and in English for history; null when it can.</summary>
    public static Said? Check(DateTimeOffset endsAt, DateTimeOffset now, SharesOptions options, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return Check(endsAt, now, options, (key, args) => localizer[key, args]);
    }

    private static Said? Check(DateTimeOffset endsAt, DateTimeOffset now, SharesOptions options, Func<string, object[], string> say)
    {
        ArgumentNullException.ThrowIfNull(options);
        Said Both(string key, TimeSpan span) => new(say(key, [Describe(span, say)]), Words.English(key, Describe(span)));
        if (endsAt <= now)
        {
            return Both("Shares.EndInPast", TimeSpan.Zero);
        }

        if (endsAt < now + options.MinimumLead)
        {
            return Both("Shares.EndTooSoon", options.MinimumLead);
        }

        return endsAt > now + options.MaximumLead ? Both("Shares.EndTooLate", options.MaximumLead) : null;
    }

    /// <summary>Exponential backoff for a failed removal: base × 2^(attempts − 1), capped.</summary>
    public static TimeSpan RetryDelay(int attempts, SharesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var delay = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(delay, options.MaxRetryDelay.TotalMilliseconds));
    }

    /// <summary>
    /// "3 days", "5 hours", "12 minutes", "less than a minute": how far off the end is, to the nearest unit (a notice sent
    /// a moment after "7 days before" says 7 days, not 6). In English, for mails and history.
    /// </summary>
    public static string Describe(TimeSpan span) => Describe(span, Words.English);

    /// <summary><see cref="Describe(TimeSpan)"/> in the reader's words.</summary>
    public static string Describe(TimeSpan span, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return Describe(span, (key, args) => localizer[key, args]);
    }

    private static string Describe(TimeSpan span, Func<string, object[], string> say)
    {
        if (span.TotalHours >= 23.5)
        {
            return Count((int)Math.Round(span.TotalDays, MidpointRounding.AwayFromZero), "Shares.Day", say);
        }

        if (span.TotalMinutes >= 59.5)
        {
            return Count((int)Math.Round(span.TotalHours, MidpointRounding.AwayFromZero), "Shares.Hour", say);
        }

        return span.TotalSeconds >= 59.5 ? Count((int)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero), "Shares.Minute", say) : say("Shares.LessThanMinute", []);
    }

    /// <summary>"ends in 3 days" / "ends now", in the reader's words (for pages).</summary>
    public static string EndsIn(DateTimeOffset endsAt, DateTimeOffset now) =>
        endsAt <= now ? Words.Get("Shares.EndsNow") : Words.Get("Shares.EndsIn", Describe(endsAt - now, Words.Get));

    private static string Count(int n, string unit, Func<string, object[], string> say) => n == 1 ? say(unit + "One", []) : say(unit + "Many", [n]);
}
