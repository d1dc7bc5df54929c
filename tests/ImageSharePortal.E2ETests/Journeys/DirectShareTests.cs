using System.Text.RegularExpressions;
using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Journeys;

/// <summary>
/// The direct path (seed step 4) in a real browser: a producer shares on the image page, the consumer is mailed
/// through a real SMTP server and told live in its open inbox, with names shown; mistyped IDs make no share.
/// </summary>
public sealed partial class DirectShareTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_direct_share_mails_the_consumer_the_image_id_and_its_open_inbox_names_the_producer()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var app = new PortalApp(smtp.PortalSettings());
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Direct Alma 9", ct: Ct);

        // The consumer (erin, borealis-web) has its inbox open.
        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}']")).ToHaveCountAsync(0);

        // The producer types a name, then junk, then the ID in upper case.
        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        var field = producer.GetByLabel("Consumer project ID");
        var add = producer.GetByRole(AriaRole.Button, new() { Name = "Add member" });
        await field.FillAsync("NaN");
        await add.ClickAsync();
        await Assertions.Expect(producer.Locator(".add-member-form")).ToContainTextAsync("'NaN' is not a project ID");
        await field.FillAsync("borealis-web");
        await add.ClickAsync();
        var outcome = producer.GetByTestId("add-member-outcome");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "namematch");
        await Assertions.Expect(outcome).ToContainTextAsync($"whose ID is {Borealis.Id}");
        Assert.Empty(await sandbox.MembersAsync(Orbital.Id, imageId, Ct));

        await field.FillAsync($"  {Borealis.Id.ToUpperInvariant()} ");
        await add.ClickAsync();
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "added");
        await Assertions.Expect(outcome).ToContainTextAsync($"Shared with borealis-web ({Borealis.Id})");
        await Assertions.Expect(outcome).ToContainTextAsync("erin@borealis.example");
        // The outcome stays (no reload rebuilt the form) and has the focus.
        Assert.Equal("share-outcome", await producer.EvaluateAsync<string>("document.activeElement?.dataset?.testid ?? document.activeElement?.tagName"));
        Assert.Equal("solid", await producer.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await Assertions.Expect(producer.Locator($"tr[data-member='{Borealis.Id}']")).ToContainTextAsync("borealis-web");
        Assert.Equal([(Borealis.Id, "pending")], await sandbox.MembersAsync(Orbital.Id, imageId, Ct));
        await PortalPage.ScreenshotAsync(producer, "30-producer-direct-share-outcome");

        // The mail reaches the consumer's known address with the image ID and how to accept.
        var mail = await smtp.WaitForAsync(m => m.To.ToString() == "erin@borealis.example" && m.Subject?.Contains(imageId, StringComparison.Ordinal) == true);
        Assert.Contains(imageId, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("orbital-images", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("even while the share is pending", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"openstack image set --accept {imageId}", mail.TextBody, StringComparison.Ordinal);

        // The open inbox hears it at once, names the producer, and shows the share.
        await Assertions.Expect(consumer.GetByText("orbital-images shared Direct Alma 9 with your project: it is in your inbox.")).ToBeVisibleAsync();
        var item = consumer.Locator($"[data-image-id='{imageId}'][data-status=pending]");
        await Assertions.Expect(item).ToContainTextAsync("Shared by orbital-images");
        await PortalPage.ScreenshotAsync(consumer, "31-consumer-live-notice-direct-share");

        // Removing the member tells the consumer too.
        await producer.GetByRole(AriaRole.Button, new() { Name = "Remove project borealis-web" }).ClickAsync();
        await producer.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("remove-outcome")).ToContainTextAsync("Removed borealis-web");
        var removed = await smtp.WaitForAsync(m => m.To.ToString() == "erin@borealis.example" && m.Subject?.StartsWith("Image no longer shared", StringComparison.Ordinal) == true);
        Assert.Contains(imageId, removed.TextBody, StringComparison.Ordinal);
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}']")).ToHaveCountAsync(0);

        Assert.Single(smtp.Messages, m => m.Subject?.StartsWith("Image shared with you", StringComparison.Ordinal) == true);
        await consumer.Context.CloseAsync();
        await producer.Context.CloseAsync();
    }

    [Fact]
    public async Task An_id_nobody_has_signed_in_with_is_shared_only_after_share_anyway()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "Unseen Rocky 9", ct: Ct);
        var unseen = Guid.NewGuid().ToString("N");

        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByLabel("Consumer project ID").FillAsync(unseen);
        await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        var outcome = producer.GetByTestId("add-member-outcome");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "needsconfirmation");
        await Assertions.Expect(outcome).ToContainTextAsync("never seen");
        Assert.Empty(await fixture.Sandbox.MembersAsync(Orbital.Id, imageId, Ct));

        await producer.GetByTestId("share-anyway").ClickAsync();
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "addedunseen");
        Assert.Equal([(unseen, "pending")], await fixture.Sandbox.MembersAsync(Orbital.Id, imageId, Ct));
        await Assertions.Expect(producer.Locator($"tr[data-member='{unseen}']")).ToContainTextAsync("not seen");
        await producer.Context.CloseAsync();
    }

    [Fact]
    public async Task An_open_inbox_picks_up_a_share_made_outside_the_portal_by_itself()
    {
        await using var app = new PortalApp(new() { ["Portal:InboxRefreshInterval"] = "00:00:01" });
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);

        // As `openstack image add project` would: straight through the Images API, no portal involved.
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Shared from the CLI", ct: Ct);
        await sandbox.AddMemberAsync(Orbital.Id, imageId, Borealis.Id, Ct);

        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}'][data-status=pending]")).ToBeVisibleAsync();
        await Assertions.Expect(consumer.GetByTestId("inbox-refreshed")).ToContainTextAsync("Up to date as of");
        await consumer.Context.CloseAsync();
    }

    [Fact]
    public async Task A_project_that_owns_250_shared_images_still_sees_its_one_pending_share_with_the_right_count()
    {
        await using var app = new PortalApp();
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var delta = SandboxDirectory.Projects.Single(p => p.Name == "delta-hpc");
        await Parallel.ForEachAsync(Enumerable.Range(0, 250), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct },
            async (i, ct) => await sandbox.CreateImageAsync(delta.Id, $"delta own {i:D3}", ct: ct));
        var shared = await sandbox.CreateImageAsync(Orbital.Id, "zz Pending for delta", ct: Ct);
        await sandbox.AddMemberAsync(Orbital.Id, shared, delta.Id, Ct);
        var expected = await sandbox.SharedWithAsync(delta.Id, "pending", Ct);
        Assert.Contains(shared, expected);

        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "grace", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);

        await Assertions.Expect(consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^Pending \\({expected.Count}\\)") })).ToBeVisibleAsync();
        await Assertions.Expect(consumer.Locator($"[data-image-id='{shared}'][data-status=pending]")).ToBeVisibleAsync();
        await consumer.Context.CloseAsync();
    }

    [Fact]
    public async Task A_consumer_with_1200_pending_shares_can_reach_every_one_page_by_page()
    {
        await using var app = new PortalApp(new() { ["Sandbox:Seed"] = "false" });
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var cirrus = SandboxDirectory.Projects.Single(p => p.Name == "cirrus-ci");
        await Parallel.ForEachAsync(Enumerable.Range(0, 1200), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (i, ct) =>
        {
            var id = await sandbox.CreateImageAsync(Orbital.Id, $"bulk {i:D4}", ct: ct);
            await sandbox.AddMemberAsync(Orbital.Id, id, cirrus.Id, ct);
        });
        var expected = (await sandbox.SharedWithAsync(cirrus.Id, "pending", Ct)).ToHashSet();
        Assert.Equal(1200, expected.Count);

        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "frank", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        await Assertions.Expect(consumer.GetByRole(AriaRole.Tab, new() { Name = "Pending (1200)" })).ToBeVisibleAsync();
        await Assertions.Expect(consumer.GetByTestId("inbox-range-pending")).ToHaveTextAsync("Showing 1–20 of 1200");

        var seen = new HashSet<string>();
        var pages = consumer.GetByTestId("inbox-pages-pending");
        for (var page = 1; page <= 60; page++)
        {
            var first = page * 20 - 19;
            await Assertions.Expect(consumer.GetByTestId("inbox-range-pending")).ToHaveTextAsync($"Showing {first}–{first + 19} of 1200");
            foreach (var id in await consumer.Locator("[data-status=pending][data-image-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.imageId)"))
            {
                seen.Add(id);
            }

            if (page < 60)
            {
                await pages.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
            }
        }

        Assert.Equal(expected, seen);
        await consumer.Context.CloseAsync();
    }
}
