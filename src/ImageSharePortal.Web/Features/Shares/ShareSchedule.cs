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

    /// <summary>Why an end date cannot be set, in the producer's words; null when it can.</summary>
    public static string? Check(DateTimeOffset endsAt, DateTimeOffset now, SharesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (endsAt <= now)
        {
            return "The end date is in the past. Choose a later date and time.";
        }

        if (endsAt < now + options.MinimumLead)
        {
            return $"The end date must be at least {Describe(options.MinimumLead)} from now.";
        }

        return endsAt > now + options.MaximumLead
            ? $"The end date must be within {Describe(options.MaximumLead)} from now."
            : null;
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
    /// a moment after "7 days before" says 7 days, not 6).
    /// </summary>
    public static string Describe(TimeSpan span)
    {
        if (span.TotalHours >= 23.5)
        {
            return Count((int)Math.Round(span.TotalDays, MidpointRounding.AwayFromZero), "day");
        }

        if (span.TotalMinutes >= 59.5)
        {
            return Count((int)Math.Round(span.TotalHours, MidpointRounding.AwayFromZero), "hour");
        }

        return span.TotalSeconds >= 59.5 ? Count((int)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero), "minute") : "less than a minute";
    }

    /// <summary>"ends in 3 days" / "ended".</summary>
    public static string EndsIn(DateTimeOffset endsAt, DateTimeOffset now) =>
        endsAt <= now ? "ends now" : $"ends in {Describe(endsAt - now)}";

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
