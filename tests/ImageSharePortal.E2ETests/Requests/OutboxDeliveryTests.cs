using System.Collections.Concurrent;
using System.Globalization;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ImageSharePortal.E2ETests.Requests;

/// <summary>
/// Nothing is lost when SMTP is down: the approval stands, the message waits in the outbox and is delivered once
/// SMTP is back, exactly once, also when the portal restarts in between.
/// </summary>
public sealed class OutboxDeliveryTests(BrowserFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");

    private static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Email:Mode"] = "Smtp",
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
    };

    [Fact]
    public async Task Approving_while_smtp_is_down_keeps_the_approval_and_delivers_the_email_once_smtp_is_back()
    {
        var port = SmtpSink.FreePort();
        await using var app = new PortalApp(SmtpSettings(port));
        app.StartServer();
        using var sandbox = new SandboxApi(await app.Services.GetRequiredService<SandboxServer>().GetBaseAddressAsync(CancellationToken.None));
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Outbox Alma 9", ct: Ct);
        var listing = await app.AddListingAsync(imageId, "Outbox Alma 9", Orbital);
        var request = await app.AddOpenRequestAsync(listing, Borealis, "erin.outbox@borealis.example");

        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", "/requests");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByRole(AriaRole.Button, new() { Name = "Approve request of borealis-web for Outbox Alma 9" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("decision-message")).ToContainTextAsync("Approved");

        // The approval stands while the mail server is down...
        Assert.Equal("pending", await sandbox.MemberStatusAsync(Borealis.Id, imageId, Ct));
        await using (var db = await app.OpenStoreAsync())
        {
            Assert.Equal(AccessRequestStatus.Approved, (await db.AccessRequests.SingleAsync(r => r.Id == request.Id, Ct)).Status);
        }

        // ... and the message waits, retried, its error visible to the producer.
        var waiting = await app.WaitForAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.To == "erin.outbox@borealis.example"),
            m => m.Attempts >= 2 && m.LastError is not null);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Null(waiting.SentAt);
        await producer.ReloadAsync();
        await PortalPages.WaitInteractiveAsync(producer);
        await Assertions.Expect(producer.GetByTestId("undelivered")).ToContainTextAsync("erin.outbox@borealis.example");
        await PortalPage.ScreenshotAsync(producer, "26-producer-undelivered-while-smtp-down");
        await producer.Context.CloseAsync(); // an open circuit would hold the portal's shutdown

        // SMTP comes back on the same port: delivered, exactly once.
        await using var smtp = await SmtpSink.StartAsync(port);
        var delivered = await smtp.WaitForAsync(m => m.To.ToString() == "erin.outbox@borealis.example", TimeSpan.FromSeconds(30));
        Assert.Contains(imageId, delivered.TextBody, StringComparison.Ordinal);
        var sent = await app.WaitForAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == waiting.Id), m => m.Status == OutboxStatus.Sent);
        Assert.NotNull(sent.SentAt);
        await app.Services.GetRequiredService<OutboxProgress>().WaitForPassesAsync(3, TimeSpan.FromSeconds(20), Ct); // three more passes: nothing is sent again
        Assert.Single(smtp.Messages, m => m.MessageId == $"{waiting.Id:N}@imageshareportal");
    }

    [Fact]
    public async Task A_message_written_while_smtp_is_down_is_delivered_once_by_the_restarted_portal()
    {
        var port = SmtpSink.FreePort();
        var data = Directory.CreateTempSubdirectory("isp-e2e-restart-").FullName;
        try
        {
            Guid messageId;
            Guid listingId;
            await using (var first = new PortalApp(SmtpSettings(port), data))
            {
                first.StartServer();
                using var sandbox = new SandboxApi(await first.Services.GetRequiredService<SandboxServer>().GetBaseAddressAsync(CancellationToken.None));
                var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Restart Fedora 40", ct: Ct);
                listingId = (await first.AddListingAsync(imageId, "Restart Fedora 40", Orbital)).Id;

                // A visitor's request writes "request received" for the producer, while SMTP is down.
                using var form = new RequestFormClient(first.BaseAddress);
                var (status, _) = await form.PostAsync(listingId, Borealis.Id, "erin.restart@borealis.example", "Across a restart, please.");
                Assert.Equal(System.Net.HttpStatusCode.OK, status);
                var waiting = await first.WaitForAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.To == "alice@orbital.example"),
                    m => m.Attempts >= 1 && m.LastError is not null);
                messageId = waiting.Id;
                Assert.Equal(OutboxStatus.Pending, waiting.Status);
            }

            // The portal is gone; SMTP comes back; a new portal starts on the same data folder.
            var inbox = new ConcurrentQueue<MimeMessage>();
            await using var smtp = await SmtpSink.StartAsync(port, inbox);
            await using var second = new PortalApp(SmtpSettings(port), data);
            second.StartServer();

            var delivered = await smtp.WaitForAsync(m => m.MessageId == $"{messageId:N}@imageshareportal", TimeSpan.FromSeconds(30));
            Assert.Contains(Borealis.Id, delivered.TextBody, StringComparison.Ordinal);
            await second.WaitForAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == messageId), m => m.Status == OutboxStatus.Sent);
            await second.Services.GetRequiredService<OutboxProgress>().WaitForPassesAsync(3, TimeSpan.FromSeconds(20), Ct);
            Assert.Single(inbox);
            await using var store = await second.OpenStoreAsync();
            Assert.Equal(AccessRequestStatus.Open, (await store.AccessRequests.SingleAsync(r => r.ListingId == listingId, Ct)).Status);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
