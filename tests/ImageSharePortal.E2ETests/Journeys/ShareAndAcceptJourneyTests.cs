using System.Text.RegularExpressions;
using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Journeys;

/// <summary>The core loop in a real browser: a producer shares, the consumer accepts, rejects, goes back to pending.</summary>
public sealed partial class ShareAndAcceptJourneyTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");
    private static readonly SandboxProject Cirrus = SandboxDirectory.Projects.Single(p => p.Name == "cirrus-ci");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Producer_shares_an_image_and_the_consumer_accepts_rejects_and_moves_it_back_to_pending()
    {
        var name = $"E2E share {Guid.NewGuid():N}"[..20];
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, name, ct: Ct);

        // Producer (alice) adds borealis-web as a member.
        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByLabel("Consumer project ID").FillAsync($"  {Borealis.Id} ");
        await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        var row = producer.Locator($"tr[data-member='{Borealis.Id}']");
        await Assertions.Expect(row).ToContainTextAsync("pending");
        await Assertions.Expect(producer.GetByTestId("members-left")).ToContainTextAsync("1 of 128 members used");
        await PortalPage.ScreenshotAsync(producer, "01-producer-added-member");

        // Consumer (erin) finds it pending and accepts.
        var consumer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        var item = consumer.Locator($"[data-image-id='{imageId}']");
        await Assertions.Expect(item).ToBeVisibleAsync();
        await Assertions.Expect(item).ToContainTextAsync(imageId);
        await PortalPage.ScreenshotAsync(consumer, "02-consumer-inbox-pending");
        var pendingBefore = await TabCountAsync(consumer, "Pending");
        await item.GetByRole(AriaRole.Button, new() { Name = $"Accept {name}" }).ClickAsync();
        await Assertions.Expect(consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^Pending \\({pendingBefore - 1}\\)") })).ToBeVisibleAsync();
        Assert.Equal("accepted", await fixture.Sandbox.MemberStatusAsync(Borealis.Id, imageId, Ct));

        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Accepted") }).ClickAsync();
        var accepted = consumer.Locator($"[data-image-id='{imageId}'][data-status=accepted]");
        await Assertions.Expect(accepted).ToBeVisibleAsync();
        await PortalPage.ScreenshotAsync(consumer, "03-consumer-accepted");

        // Reject, then back to pending.
        await accepted.GetByRole(AriaRole.Button, new() { Name = $"Reject {name}" }).ClickAsync();
        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Rejected") }).ClickAsync();
        var rejected = consumer.Locator($"[data-image-id='{imageId}'][data-status=rejected]");
        await Assertions.Expect(rejected).ToBeVisibleAsync();
        Assert.Equal("rejected", await fixture.Sandbox.MemberStatusAsync(Borealis.Id, imageId, Ct));
        await rejected.GetByRole(AriaRole.Button, new() { Name = $"Move {name} back to pending" }).ClickAsync();
        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Pending") }).ClickAsync();
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}'][data-status=pending]")).ToBeVisibleAsync();
        Assert.Equal("pending", await fixture.Sandbox.MemberStatusAsync(Borealis.Id, imageId, Ct));

        // The producer sees the member's status as the API reports it.
        await producer.ReloadAsync();
        await Assertions.Expect(producer.Locator($"tr[data-member='{Borealis.Id}']")).ToContainTextAsync("pending");
    }

    [Fact]
    public async Task Consumer_accepts_several_shares_at_once()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await fixture.Sandbox.CreateImageAsync(Orbital.Id, $"Bulk {i} {Guid.NewGuid():N}"[..14], ct: Ct);
            await fixture.Sandbox.AddMemberAsync(Orbital.Id, id, Cirrus.Id, Ct);
            ids.Add(id);
        }

        var consumer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, "frank", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        foreach (var id in ids)
        {
            await consumer.Locator($"[data-image-id='{id}'] input[type=checkbox]").CheckAsync();
        }

        await consumer.GetByRole(AriaRole.Button, new() { Name = "Accept selected (3)" }).ClickAsync();
        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Accepted") }).ClickAsync();
        foreach (var id in ids)
        {
            await Assertions.Expect(consumer.Locator($"[data-image-id='{id}'][data-status=accepted]")).ToBeVisibleAsync();
            Assert.Equal("accepted", await fixture.Sandbox.MemberStatusAsync(Cirrus.Id, id, Ct));
        }

        await PortalPage.ScreenshotAsync(consumer, "04-consumer-bulk-accepted");
    }

    private static async Task<int> TabCountAsync(IPage page, string tab)
    {
        var text = await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^{tab}") }).InnerTextAsync();
        return int.Parse(CountPattern().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\((\d+)\)")]
    private static partial Regex CountPattern();
}
