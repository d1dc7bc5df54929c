using System.Text.RegularExpressions;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.E2ETests.Requests;

/// <summary>
/// The whole human loop of seed-sharing-images steps 1–5 in a real browser: a visitor asks, the producer approves,
/// a real SMTP server on loopback receives the email with the image ID, the consumer accepts, history shows each step.
/// </summary>
public sealed class AccessRequestJourneyTests(BrowserFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Atlas = SandboxDirectory.Projects.Single(p => p.Name == "atlas-analytics");
    private static readonly SandboxProject Delta = SandboxDirectory.Projects.Single(p => p.Name == "delta-hpc");

    [Fact]
    public async Task Visitor_requests_producer_approves_smtp_delivers_the_image_id_consumer_accepts_and_history_shows_it()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = new PortalApp(smtp.PortalSettings());
        app.StartServer();
        var sandbox = await SandboxApi.ForAsync(app);
        using var _ = sandbox;
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Journey Debian 12", ct: Ct);
        var listing = await app.AddListingAsync(imageId, "Journey Debian 12", Orbital);
        const string visitorEmail = "dave.visitor@atlas.example";

        // 1–2. An anonymous visitor finds the listing and gives its project ID and email.
        var visitor = await fixture.NewPageAsync(app);
        await visitor.GotoAsync($"/catalogue/{listing.Id}");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(visitor).ToHaveURLAsync(new Regex($"/catalogue/{listing.Id}/request$"));
        await visitor.GetByLabel("Your project ID").FillAsync(Atlas.Id);
        await visitor.GetByLabel("Your email").FillAsync(visitorEmail);
        await visitor.GetByLabel("Message to the producer").FillAsync("We would like to run our analytics on it.");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(visitor.GetByTestId("request-sent")).ToContainTextAsync(visitorEmail);
        await PortalPage.ScreenshotAsync(visitor, "20-visitor-request-sent");
        var received = await smtp.WaitForAsync(m => m.To.ToString() == "alice@orbital.example" && m.Subject?.StartsWith("Access request", StringComparison.Ordinal) == true);
        Assert.Contains(Atlas.Id, received.TextBody, StringComparison.Ordinal);

        // The consumer is signed in and looking at its inbox while the producer decides.
        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "dave", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}']")).ToHaveCountAsync(0);

        // 3. The producer approves: the member is added through the Images API.
        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", "/requests");
        await PortalPages.WaitInteractiveAsync(producer);
        var card = producer.Locator($"[data-requester='{Atlas.Id}'][data-request-id]");
        await Assertions.Expect(card).ToContainTextAsync("We would like to run our analytics on it.");
        await PortalPage.ScreenshotAsync(producer, "21-producer-request-queue");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve request of atlas-analytics for Journey Debian 12" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("decision-message")).ToContainTextAsync("Approved");
        Assert.Equal("pending", await sandbox.MemberStatusAsync(Atlas.Id, imageId, Ct));

        // 4. The consumer is emailed the image ID, through real SMTP, once.
        var granted = await smtp.WaitForAsync(m => m.To.ToString() == visitorEmail);
        Assert.Contains(imageId, granted.Subject, StringComparison.Ordinal);
        Assert.Contains(imageId, granted.TextBody, StringComparison.Ordinal);
        Assert.Contains(imageId, granted.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"openstack image set --accept {imageId}", granted.TextBody, StringComparison.Ordinal);

        // ... and told in the app, without reloading: the share appears in the open inbox.
        await Assertions.Expect(consumer.GetByText("orbital-images approved your request for Journey Debian 12: it is in your inbox.")).ToBeVisibleAsync();
        var item = consumer.Locator($"[data-image-id='{imageId}'][data-status=pending]");
        await Assertions.Expect(item).ToBeVisibleAsync();
        await PortalPage.ScreenshotAsync(consumer, "22-consumer-live-notice-and-pending-share");

        // 5. The consumer accepts; the producer is told and sees it.
        await item.GetByRole(AriaRole.Button, new() { Name = "Accept Journey Debian 12" }).ClickAsync();
        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Accepted") }).ClickAsync();
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}'][data-status=accepted]")).ToBeVisibleAsync();
        Assert.Equal("accepted", await sandbox.MemberStatusAsync(Atlas.Id, imageId, Ct));
        await smtp.WaitForAsync(m => m.To.ToString() == "alice@orbital.example" && m.Subject?.Contains("accepted", StringComparison.Ordinal) == true);

        await PortalPages.GotoInteractiveAsync(producer, $"/images/{imageId}");
        await Assertions.Expect(producer.Locator($"tr[data-member='{Atlas.Id}']")).ToContainTextAsync("accepted");
        foreach (var action in new[] { AuditActions.RequestSubmit, AuditActions.MemberAdd, AuditActions.RequestApprove, AuditActions.ShareAccept })
        {
            await Assertions.Expect(producer.Locator($"tr[data-history-action='{action}'][data-history-outcome=succeeded]")).ToHaveCountAsync(1);
        }

        await PortalPage.ScreenshotAsync(producer, "23-producer-members-and-history");
        Assert.Single(smtp.Messages, m => m.To.ToString() == visitorEmail);
        foreach (var page in new[] { visitor, consumer, producer })
        {
            await page.Context.CloseAsync(); // open circuits would hold the portal's shutdown
        }
    }

    [Fact]
    public async Task On_the_embedded_default_a_signed_in_consumer_asks_and_the_mail_lands_in_the_development_mailbox()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "Mailbox Rocky 9", ct: Ct);
        var listing = await fixture.App.AddListingAsync(imageId, "Mailbox Rocky 9", Orbital);

        // Signed in: the project ID is the session's (shown, not editable) and the email comes from the session.
        var consumer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, "grace", $"/catalogue/{listing.Id}/request");
        await Assertions.Expect(consumer.GetByTestId("request-project-id")).ToHaveTextAsync(Delta.Id);
        await Assertions.Expect(consumer.GetByLabel("Your project ID")).ToHaveCountAsync(0);
        await consumer.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(consumer.GetByTestId("request-sent")).ToContainTextAsync("grace@delta.example");

        // Asking again finds the open request.
        await consumer.GotoAsync($"/catalogue/{listing.Id}/request");
        await consumer.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(consumer.GetByTestId("request-open")).ToBeVisibleAsync();
        await using (var db = await fixture.App.OpenStoreAsync())
        {
            var request = await db.AccessRequests.SingleAsync(r => r.ListingId == listing.Id, Ct);
            Assert.True(request.IsVerified);
        }

        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "alice", "/requests");
        await PortalPages.WaitInteractiveAsync(producer);
        var card = producer.Locator($"[data-requester='{Delta.Id}'][data-request-id]").Filter(new() { HasText = "Mailbox Rocky 9" });
        await Assertions.Expect(card).ToContainTextAsync("verified");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve request of delta-hpc for Mailbox Rocky 9" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("decision-message")).ToContainTextAsync("Approved");

        await PortalPages.GotoInteractiveAsync(consumer, "/my-requests");
        await Assertions.Expect(consumer.Locator("tr[data-my-request]").Filter(new() { HasText = "Mailbox Rocky 9" })).ToContainTextAsync("approved");
        await PortalPage.ScreenshotAsync(consumer, "24-consumer-my-requests");

        var mailbox = await fixture.NewPageAsync();
        await mailbox.GotoAsync("/dev/mailbox");
        var mail = mailbox.Locator("tr[data-mail]").Filter(new() { HasText = $"Image shared with you: Mailbox Rocky 9 ({imageId})" });
        await Assertions.Expect(mail).ToContainTextAsync("grace@delta.example");
        await PortalPage.ScreenshotAsync(mailbox, "25-dev-mailbox");
        await mail.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(mailbox.GetByTestId("mail-text")).ToContainTextAsync($"openstack image set --accept {imageId}");
    }

    [Fact]
    public async Task A_visitor_who_types_another_projects_id_can_neither_see_nor_block_that_projects_own_request()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "Probe Debian 12", ct: Ct);
        var listing = await fixture.App.AddListingAsync(imageId, "Probe Debian 12", Orbital);
        using var form = new RequestFormClient(fixture.App.BaseAddress);

        // A stranger asks first, with delta-hpc's ID and its own address.
        var first = await form.PostAsync(listing.Id, Delta.Id, "mallory@stranger.example", "First!");
        Assert.Contains("data-testid=\"request-sent\"", first.Body, StringComparison.Ordinal);

        // A second stranger with another address learns nothing: "sent", not "already asked on …".
        var probe = await form.PostAsync(listing.Id, Delta.Id, "eve@stranger.example", "Is there one?");
        Assert.Contains("data-testid=\"request-sent\"", probe.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"request-open\"", probe.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("mallory", probe.Body, StringComparison.Ordinal);

        // The same stranger asking again finds only its own request.
        var again = await form.PostAsync(listing.Id, Delta.Id, "MALLORY@stranger.example", "Again");
        Assert.Contains("data-testid=\"request-open\"", again.Body, StringComparison.Ordinal);

        // delta-hpc's own signed-in request is not blocked by them.
        var consumer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, "grace", $"/catalogue/{listing.Id}/request");
        await consumer.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(consumer.GetByTestId("request-sent")).ToContainTextAsync("grace@delta.example");

        await using var db = await fixture.App.OpenStoreAsync();
        var open = await db.AccessRequests.AsNoTracking().Where(r => r.ListingId == listing.Id).OrderBy(r => r.CreatedAt).ToListAsync(Ct);
        Assert.Equal([("mallory@stranger.example", false), ("eve@stranger.example", false), ("grace@delta.example", true)],
            open.Select(r => (r.RequesterEmail, r.IsVerified)));
        await consumer.Context.CloseAsync();
    }
}
