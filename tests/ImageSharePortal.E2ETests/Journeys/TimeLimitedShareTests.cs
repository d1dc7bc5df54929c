using System.Globalization;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.E2ETests.Journeys;

/// <summary>
/// Shares that end by themselves, in a real browser against the sandbox and a real SMTP server. The portal's clock is
/// moved forward (<see cref="ShiftedClock"/>): days pass for the schedule while the browser, SMTP and the sandbox run in real time.
/// </summary>
public sealed class TimeLimitedShareTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(SmtpSink smtp)
    {
        var settings = smtp.PortalSettings();
        settings["Shares:PollInterval"] = "00:00:00.200";
        return settings;
    }

    private static string Local(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static bool Subject(MimeKit.MimeMessage m, string to, string startsWith) =>
        m.To.ToString() == to && m.Subject?.StartsWith(startsWith, StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_share_with_an_end_date_is_removed_at_the_end_once_and_both_sides_are_told_ahead_and_at_the_end()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var clock = new ShiftedClock();
        await using var app = new PortalApp(Settings(smtp)) { Clock = clock };
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Ending Debian 12", ct: Ct);

        // The producer shares for 8 days, on the image page.
        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        var endsAt = DateTimeOffset.UtcNow.AddDays(8).AddMinutes(30);
        endsAt = new DateTimeOffset(endsAt.Year, endsAt.Month, endsAt.Day, endsAt.Hour, endsAt.Minute, 0, TimeSpan.Zero);
        await producer.GetByLabel("Consumer project ID").FillAsync(Borealis.Id);
        await producer.Locator("#add-member-ends").FillAsync(Local(endsAt));
        await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("add-member-outcome")).ToHaveAttributeAsync("data-outcome", "added");
        var row = producer.Locator($"tr[data-member='{Borealis.Id}']");
        await Assertions.Expect(row.GetByTestId("member-ends")).ToHaveTextAsync(endsAt.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture));

        var shared = await smtp.WaitForAsync(m => Subject(m, "erin@borealis.example", "Image shared with you"));
        Assert.Contains("Share ends: " + endsAt.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture), shared.TextBody, StringComparison.Ordinal);

        // The consumer's inbox says when it ends.
        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "erin", "/inbox");
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}']").GetByTestId("share-ends")).ToContainTextAsync("ends in 8 days");

        // A day later (7 days before the end): both sides are mailed once.
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(31));
        var soon = await smtp.WaitForAsync(m => Subject(m, "erin@borealis.example", "Share ends in 7 days"));
        Assert.Contains(imageId, soon.TextBody, StringComparison.Ordinal);
        await smtp.WaitForAsync(m => Subject(m, "alice@orbital.example", "Share ends in 7 days"));
        Assert.Equal([(Borealis.Id, "pending")], await sandbox.MembersAsync(Orbital.Id, imageId, Ct));

        // Past the end (the 1-day notice's moment is skipped over with it): the member is removed, once.
        clock.Advance(TimeSpan.FromDays(7));
        var ended = await smtp.WaitForAsync(m => Subject(m, "erin@borealis.example", "Share ended"));
        Assert.Contains("new servers cannot boot it any more", ended.TextBody, StringComparison.Ordinal);
        await smtp.WaitForAsync(m => Subject(m, "alice@orbital.example", "Share ended"));
        Assert.Empty(await sandbox.MembersAsync(Orbital.Id, imageId, Ct));

        // More passes of the worker change nothing: the row is done, one removal is recorded, no mail is repeated.
        clock.Advance(TimeSpan.FromHours(1));
        var term = await app.WaitForAsync(db => db.ShareTerms.AsNoTracking().SingleAsync(t => t.ImageId == imageId, Ct), t => t.EndState == ShareEndState.Ended);
        Assert.Null(term.LeaseUntil);
        await Task.Delay(600, Ct); // three poll intervals
        await using (var db = await app.OpenStoreAsync())
        {
            var actions = await db.AuditEvents.AsNoTracking().Where(e => e.ImageId == imageId).Select(e => e.Action).ToListAsync(Ct);
            Assert.Single(actions, a => a == AuditActions.ShareEnded);
            Assert.Single(actions, a => a == AuditActions.ShareEndNotice);
        }

        Assert.Single(smtp.Messages, m => Subject(m, "erin@borealis.example", "Share ended"));
        Assert.Single(smtp.Messages, m => Subject(m, "erin@borealis.example", "Share ends in"));
        Assert.DoesNotContain(smtp.Messages, m => m.Subject?.Contains("ends in 1 day", StringComparison.Ordinal) == true);

        // The producer's page shows the member gone and the removal in the image's history (8 days on, the sign-in has expired).
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await Assertions.Expect(producer.GetByTestId("members-empty")).ToBeVisibleAsync();
        await Assertions.Expect(producer.Locator("tr[data-history-action='share.ended']")).ToContainTextAsync("Removed the member at the end date");
        await PortalPage.ScreenshotAsync(producer, "60-producer-share-ended");
        await producer.Context.CloseAsync();
        await consumer.Context.CloseAsync();
    }

    [Fact]
    public async Task An_end_date_is_moved_and_cleared_on_the_member_row_and_a_member_added_again_outside_the_portal_is_left_alone()
    {
        var clock = new ShiftedClock();
        await using var app = new PortalApp(new() { ["Shares:PollInterval"] = "00:00:00.200" }) { Clock = clock };
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Moved end Alma", ct: Ct);
        await sandbox.AddMemberAsync(Orbital.Id, imageId, Borealis.Id, Ct); // shared with the CLI: the portal has no row yet

        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        var row = producer.Locator($"tr[data-member='{Borealis.Id}']");
        await Assertions.Expect(row.GetByTestId("member-ends")).ToHaveTextAsync("no end date");

        // In the past: refused on the field, nothing set.
        await row.GetByRole(AriaRole.Button, new() { Name = "End date of the share with borealis-web" }).ClickAsync();
        var editor = producer.Locator(".member-end-editor");
        await Assertions.Expect(editor.Locator("h3")).ToBeFocusedAsync();
        await editor.Locator("#member-end-input").FillAsync(Local(DateTimeOffset.UtcNow.AddDays(-1)));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save end date" }).ClickAsync();
        await Assertions.Expect(editor).ToContainTextAsync("The end date is in the past");

        // Set, then moved, then cleared: each is in the history with the old and the new date.
        var first = DateTimeOffset.UtcNow.AddDays(3);
        await editor.Locator("#member-end-input").FillAsync(Local(first));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save end date" }).ClickAsync();
        var outcome = producer.GetByTestId("member-outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("ends ");
        await Assertions.Expect(outcome).ToBeFocusedAsync();
        Assert.Equal("solid", await producer.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle")); // focus is visible
        await Assertions.Expect(row.GetByTestId("member-ends")).Not.ToHaveTextAsync("no end date");

        await row.GetByRole(AriaRole.Button, new() { Name = "End date of the share with borealis-web" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Clear end date" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("member-ends")).ToHaveTextAsync("no end date");
        var later = DateTimeOffset.UtcNow.AddDays(5);
        await row.GetByRole(AriaRole.Button, new() { Name = "End date of the share with borealis-web" }).ClickAsync();
        await editor.Locator("#member-end-input").FillAsync(Local(later));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save end date" }).ClickAsync();
        await Assertions.Expect(producer.Locator("tr[data-history-action='share.end-set'][data-history-outcome=succeeded]")).ToHaveCountAsync(2);
        await Assertions.Expect(producer.Locator("tr[data-history-action='share.end-clear'][data-history-outcome=succeeded]")).ToHaveCountAsync(1);
        // The date in the past was refused, and history says so.
        await Assertions.Expect(producer.Locator("tr[data-history-action='share.end-set'][data-history-outcome=refused]")).ToContainTextAsync("in the past");

        // Outside the portal, the member is removed and added again: the new share is not the one the date was set for.
        await Task.Delay(1100, Ct); // Glance's created_at has whole seconds
        await sandbox.RemoveMemberAsync(Orbital.Id, imageId, Borealis.Id, Ct);
        await sandbox.AddMemberAsync(Orbital.Id, imageId, Borealis.Id, Ct);
        clock.Advance(TimeSpan.FromDays(6));
        var term = await app.WaitForAsync(db => db.ShareTerms.AsNoTracking().SingleAsync(t => t.ImageId == imageId, Ct), t => t.EndState != ShareEndState.Scheduled);
        Assert.Equal(ShareEndState.Skipped, term.EndState);
        Assert.Equal([(Borealis.Id, "pending")], await sandbox.MembersAsync(Orbital.Id, imageId, Ct));
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await Assertions.Expect(producer.Locator("tr[data-history-action='share.end-skipped']")).ToContainTextAsync("added again outside the portal");
        await producer.Context.CloseAsync();
    }
}
