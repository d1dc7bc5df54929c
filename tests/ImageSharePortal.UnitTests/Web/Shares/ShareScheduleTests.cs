using ImageSharePortal.Web.Features.Shares;

namespace ImageSharePortal.UnitTests.Web.Shares;

/// <summary>The rules of an end date: when notices fall due, what may be set, how failures back off, how time is said.</summary>
public sealed class ShareScheduleTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Leads = [TimeSpan.FromDays(7), TimeSpan.FromDays(1)];

    [Fact]
    public void The_next_notice_is_the_earliest_lead_still_ahead()
    {
        var end = Now.AddDays(10);
        Assert.Equal(end.AddDays(-7), ShareSchedule.NextNotice(end, Now, Leads));
        Assert.Equal(end.AddDays(-1), ShareSchedule.NextNotice(end, end.AddDays(-7), Leads));
        Assert.Null(ShareSchedule.NextNotice(end, end.AddDays(-1), Leads));
    }

    [Fact]
    public void A_lead_that_has_already_passed_is_not_sent_late()
    {
        // Set 3 days ahead: the 7-day notice's time is gone; only the 1-day notice is due.
        var end = Now.AddDays(3);
        Assert.Equal(end.AddDays(-1), ShareSchedule.NextNotice(end, Now, Leads));
        // Half an hour ahead: no notice at all (the mail about the new date says it).
        Assert.Null(ShareSchedule.NextNotice(Now.AddMinutes(30), Now, Leads));
    }

    [Fact]
    public void Leads_in_any_order_and_repeated_give_the_same_notices()
    {
        var end = Now.AddDays(10);
        TimeSpan[] shuffled = [TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(1)];
        Assert.Equal(ShareSchedule.NextNotice(end, Now, Leads), ShareSchedule.NextNotice(end, Now, shuffled));
    }

    [Theory]
    [InlineData(-60, "in the past")]
    [InlineData(0, "in the past")]
    [InlineData(5, "at least 10 minutes")]
    [InlineData(60 * 24 * 4000, "within 3650 days")]
    public void End_dates_too_early_or_too_late_are_refused_in_words(int minutesAhead, string expected)
    {
        var message = ShareSchedule.Check(Now.AddMinutes(minutesAhead), Now, new SharesOptions());
        Assert.NotNull(message);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_end_date_in_the_allowed_range_is_accepted() =>
        Assert.Null(ShareSchedule.Check(Now.AddMinutes(11), Now, new SharesOptions()));

    [Fact]
    public void Failed_removals_back_off_doubling_up_to_the_cap()
    {
        var options = new SharesOptions { RetryBaseDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromMinutes(10) };
        Assert.Equal(TimeSpan.FromMinutes(1), ShareSchedule.RetryDelay(1, options));
        Assert.Equal(TimeSpan.FromMinutes(2), ShareSchedule.RetryDelay(2, options));
        Assert.Equal(TimeSpan.FromMinutes(8), ShareSchedule.RetryDelay(4, options));
        Assert.Equal(TimeSpan.FromMinutes(10), ShareSchedule.RetryDelay(5, options));
        Assert.Equal(TimeSpan.FromMinutes(10), ShareSchedule.RetryDelay(500, options));
    }

    [Theory]
    [InlineData(7 * 24 * 60 - 1, "7 days")]
    [InlineData(3 * 24 * 60, "3 days")]
    [InlineData(24 * 60, "1 day")]
    [InlineData(5 * 60 + 10, "5 hours")]
    [InlineData(60, "1 hour")]
    [InlineData(12, "12 minutes")]
    [InlineData(0, "less than a minute")]
    public void How_far_off_an_end_is_is_said_to_the_nearest_unit(int minutes, string expected) =>
        Assert.Equal(expected, ShareSchedule.Describe(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void End_date_fields_read_as_utc_and_refuse_what_is_not_a_date()
    {
        Assert.Equal((new DateTimeOffset(2027, 1, 31, 17, 0, 0, TimeSpan.Zero), null), EndDateText.Parse("2027-01-31T17:00"));
        Assert.Equal(((DateTimeOffset?)null, (string?)null), EndDateText.Parse("  "));
        Assert.NotNull(EndDateText.Parse("31/01/2027 5pm").Error);
        Assert.Equal("2027-01-31T17:00", EndDateText.Write(new DateTimeOffset(2027, 1, 31, 18, 0, 0, TimeSpan.FromHours(1))));
    }
}
