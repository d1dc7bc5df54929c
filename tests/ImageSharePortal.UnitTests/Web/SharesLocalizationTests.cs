using System.Globalization;
using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Store;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Features.Shares;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The sharing sentences built in C#: in German for a German reader, in English for history.</summary>
public sealed class SharesLocalizationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly IStringLocalizer<Strings> _localizer = PortalStrings.Instance;

    public SharesLocalizationTests()
    {
        CultureInfo.CurrentCulture = new CultureInfo("de");
        CultureInfo.CurrentUICulture = new CultureInfo("de");
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }

    [Fact]
    public void Durations_and_ends_read_in_german_on_pages_and_in_english_for_mails()
    {
        Assert.Equal("endet in 3 Tagen", ShareSchedule.EndsIn(Now.AddDays(3), Now));
        Assert.Equal("1 Stunde", ShareSchedule.Describe(TimeSpan.FromHours(1), _localizer));
        Assert.Equal("3 days", ShareSchedule.Describe(TimeSpan.FromDays(3)));
    }

    [Fact]
    public void A_refused_end_date_is_german_for_the_producer_and_english_in_history()
    {
        var said = ShareSchedule.Check(Now.AddMinutes(1), Now, new SharesOptions(), _localizer);

        Assert.NotNull(said);
        Assert.StartsWith("Das Enddatum darf frühestens in ", said.Value.Shown, StringComparison.Ordinal);
        Assert.StartsWith("The end date must be at least ", said.Value.Recorded, StringComparison.Ordinal);
        Assert.Equal(said.Value.Recorded, ShareSchedule.Check(Now.AddMinutes(1), Now, new SharesOptions()));
    }

    [Fact]
    public void Image_states_read_in_the_readers_language_and_an_unknown_one_as_glance_writes_it()
    {
        Assert.Equal("in Warteschlange", Words.ImageState("queued"));
        Assert.Equal("aktiv", Words.ImageState("active"));
        Assert.Equal("wird gelöscht", Words.ImageState("pending_delete"));
        Assert.Equal("uploading-v3", Words.ImageState("uploading-v3"));
        Assert.Equal("", Words.ImageState(null));
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        Assert.Equal("active", Words.ImageState("active"));
        Assert.Equal("pending delete", Words.ImageState("pending_delete"));
    }

    [Fact]
    public void An_anonymous_visitor_and_chart_weeks_read_in_german()
    {
        Assert.Equal("anonymer Besucher", HistoryText.Who(_localizer, new AuditEvent { Action = AuditActions.RequestSubmit, UserName = AuditLog.AnonymousVisitor }));
        Assert.Equal("anonymous visitor", HistoryText.Who(_localizer, new AuditEvent { Action = AuditActions.RequestSubmit, UserId = "u1", UserName = "anonymous visitor" })); // a person's own name
        Assert.Equal("21. Sept.", PortalCultures.Run("de", () => ImageSharePortal.Web.Features.Dashboard.DashboardService.WeekLabel(new DateOnly(2026, 9, 21))));
        Assert.Equal("21 Sep", PortalCultures.Run("en", () => ImageSharePortal.Web.Features.Dashboard.DashboardService.WeekLabel(new DateOnly(2026, 9, 21))));
    }

    [Fact]
    public void Projects_and_statuses_take_the_language_of_their_sentence()
    {
        var said = Words.Say(_localizer, "MyImages.AlreadyMemberStatus", Words.Status("pending"), Words.Phrase(new ProjectLabel("c0ffee", null)));

        Assert.Equal("Bereits Mitglied (ausstehend): Projekt c0ffee. Nichts wurde geändert.", said.Shown);
        Assert.Equal("Already a member (pending): project c0ffee. Nothing was changed.", said.Recorded);
        Assert.Equal("(ein Projekt, das das Portal noch nicht gesehen hat)", Words.Get("Shared.UnseenProject"));
    }
}
