using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.E2ETests.Journeys;

/// <summary>Reminders of pending shares, in a real browser: the per-share limit, the consumer's opt-out, the mail's content, automatic reminders.</summary>
public sealed class ReminderTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsReminder(MimeKit.MimeMessage m) =>
        m.To.ToString() == "erin@borealis.example" && m.Subject?.StartsWith("Reminder:", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_producer_reminds_once_per_period_and_not_at_all_after_the_consumer_opts_out()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var clock = new ShiftedClock();
        var settings = smtp.PortalSettings();
        settings["Shares:ReminderInterval"] = "2.00:00:00";
        await using var app = new PortalApp(settings) { Clock = clock };
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Remind me Fedora", ct: Ct);
        await sandbox.AddMemberAsync(Orbital.Id, imageId, Borealis.Id, Ct);

        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        var remind = producer.GetByRole(AriaRole.Button, new() { Name = "Remind borealis-web" });
        var outcome = producer.GetByTestId("member-outcome");
        await remind.ClickAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("Reminded borealis-web");
        await Assertions.Expect(outcome).ToBeFocusedAsync();

        // The mail says what the image is, how to accept, how to reject, how to stop reminders.
        var mail = await smtp.WaitForAsync(IsReminder);
        Assert.Contains(imageId, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("To accept it:", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"openstack image set --accept {imageId}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"openstack image set --reject {imageId}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("To stop reminders from orbital-images", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/inbox/reminders", mail.TextBody, StringComparison.Ordinal);

        // A second reminder within the period is refused, and nothing is sent.
        await remind.ClickAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("A reminder was already sent");
        // After the period, one more is allowed.
        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await remind.ClickAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("Reminded borealis-web");
        await app.WaitForAsync(_ => Task.FromResult(smtp.Messages.Count(IsReminder)), n => n == 2);

        // The consumer stops reminders from orbital-images.
        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "erin", "/inbox/reminders");
        await PortalPages.WaitInteractiveAsync(consumer);
        await consumer.GetByRole(AriaRole.Button, new() { Name = $"Stop reminders from orbital-images ({Orbital.Id})" }).ClickAsync();
        await Assertions.Expect(consumer.GetByTestId("reminders-outcome")).ToContainTextAsync("can no longer send your project reminders");
        await Assertions.Expect(consumer.GetByTestId("reminders-outcome")).ToBeFocusedAsync();
        await Assertions.Expect(consumer.Locator($"[data-producer='{Orbital.Id}']")).ToContainTextAsync("Reminders stopped");
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(consumer));

        clock.Advance(TimeSpan.FromDays(3));
        await remind.ClickAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("asked not to be reminded");
        Assert.Equal(2, smtp.Messages.Count(IsReminder));
        await using (var db = await app.OpenStoreAsync())
        {
            var outcomes = await db.AuditEvents.AsNoTracking().Where(e => e.ImageId == imageId && e.Action == AuditActions.ShareRemind)
                .OrderBy(e => e.Id).Select(e => e.Outcome).ToListAsync(Ct);
            Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Refused, AuditOutcome.Succeeded, AuditOutcome.Refused], outcomes);
        }

        // An accepted share has nothing to remind of: the button goes.
        await sandbox.SetMemberStatusAsync(Borealis.Id, imageId, "accepted", Ct);
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}"); // days have passed: the sign-in expired
        await PortalPages.WaitInteractiveAsync(producer);
        await Assertions.Expect(producer.Locator($"tr[data-member='{Borealis.Id}']")).ToContainTextAsync("accepted");
        await Assertions.Expect(remind).ToHaveCountAsync(0);
        await producer.Context.CloseAsync();
        await consumer.Context.CloseAsync();
    }

    [Fact]
    public async Task Automatic_reminders_are_off_by_default_and_once_turned_on_remind_shares_pending_longer_than_the_days_set()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var clock = new ShiftedClock();
        var settings = smtp.PortalSettings();
        settings["Shares:AutoReminderCheckInterval"] = "00:00:00.300";
        await using var app = new PortalApp(settings) { Clock = clock };
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Auto remind Ubuntu", ct: Ct);
        await sandbox.AddMemberAsync(Orbital.Id, imageId, Borealis.Id, Ct);

        // Off by default: ten days pass, no reminder.
        clock.Advance(TimeSpan.FromDays(10));
        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", "/dashboard");
        await PortalPages.WaitInteractiveAsync(producer);
        await Assertions.Expect(producer.GetByTestId("auto-remind-state")).ToContainTextAsync("Off");
        await Task.Delay(1000, Ct); // three checks of the automatic reminders
        Assert.DoesNotContain(smtp.Messages, IsReminder);

        await producer.Locator("#auto-remind-days").FillAsync("7");
        await producer.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("auto-remind-outcome")).ToContainTextAsync("pending longer than 7 days");
        bool IsThisReminder(MimeKit.MimeMessage m) => IsReminder(m) && m.Subject!.Contains(imageId, StringComparison.Ordinal);
        var mail = await smtp.WaitForAsync(IsThisReminder);
        Assert.Contains("automatic reminders, set by the producer", mail.TextBody, StringComparison.Ordinal);

        // Within the next 7 days no second one, however often the check runs.
        // (The sandbox's seeded shares of orbital-images are "10 days" pending too, and get theirs.)
        await Task.Delay(1000, Ct);
        Assert.Single(smtp.Messages, IsThisReminder);
        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await app.WaitForAsync(_ => Task.FromResult(smtp.Messages.Count(IsThisReminder)), n => n == 2);
        await producer.Context.CloseAsync();
    }
}
