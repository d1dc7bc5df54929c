using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Requests;

/// <summary>The new pages pass axe (no serious or critical violations), with data and with form errors shown.</summary>
public sealed class RequestPagesAccessibilityTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Aurora = SandboxDirectory.Projects.Single(p => p.Name == "aurora-research");
    private static readonly SandboxProject Cirrus = SandboxDirectory.Projects.Single(p => p.Name == "cirrus-ci");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_form_queue_my_requests_history_and_mailbox_have_no_serious_violations()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Aurora.Id, "A11y request image", ct: Ct);
        var listing = await fixture.App.AddListingAsync(imageId, "A11y request image", Aurora);

        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync($"/catalogue/{listing.Id}/request");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(visitor.GetByTestId("request-invalid")).ToBeVisibleAsync();
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(visitor));
        await visitor.GetByLabel("Your project ID").FillAsync(Cirrus.Id);
        await visitor.GetByLabel("Your email").FillAsync("frank.a11y@cirrus.example");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(visitor.GetByTestId("request-sent")).ToBeVisibleAsync();
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(visitor));
        await visitor.GotoAsync("/dev/mailbox");
        // Anyone can read it (it exists in Development only), and the page says so before anything else.
        await Assertions.Expect(visitor.GetByTestId("mailbox-warning")).ToContainTextAsync("shows every message the portal wrote, to every address, to anyone who opens it");
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(visitor));

        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "carol", "/requests");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.Locator("[data-request-id]").First.WaitForAsync();
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(producer));

        var consumer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, "frank", "/history");
        foreach (var path in new[] { "/my-requests", "/history" })
        {
            await PortalPages.GotoInteractiveAsync(consumer, path);
            await consumer.Locator("[data-testid=data-loading]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(consumer));
        }
    }
}
