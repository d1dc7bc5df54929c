using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Journeys;

public sealed class CatalogueJourneyTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Northwind = SandboxDirectory.Projects.Single(p => p.Name == "northwind-labs");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_producer_publishes_a_listing_visitors_find_it_and_unpublishing_removes_it()
    {
        var title = $"GPU notebook {Guid.NewGuid():N}"[..22];
        var imageId = await fixture.Sandbox.CreateImageAsync(Northwind.Id, "CUDA 12 notebook", ct: Ct);

        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "bob", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByLabel("Title").FillAsync(title);
        await producer.GetByLabel("Description").FillAsync("CUDA 12 with PyTorch, ready for notebooks.");
        await producer.GetByRole(AriaRole.Button, new() { Name = "Publish to catalogue" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("listing-state")).ToContainTextAsync("Listed in the public catalogue");

        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync($"/catalogue?q={Uri.EscapeDataString(title)}");
        await Assertions.Expect(visitor.GetByTestId("catalogue-count")).ToHaveTextAsync("1 listing");
        await visitor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(visitor.GetByTestId("listing-facts")).ToContainTextAsync("CUDA 12 notebook");
        await PortalPage.ScreenshotAsync(visitor, "07-visitor-listing");

        await producer.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("listing-state")).ToContainTextAsync("Not listed");
        var response = await visitor.ReloadAsync();
        Assert.Equal(404, response!.Status);
    }

    [Fact]
    public async Task The_catalogue_is_served_without_signing_in_and_signed_out_users_are_sent_to_sign_in()
    {
        var visitor = await fixture.NewPageAsync();
        var response = await visitor.GotoAsync("/");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Image catalogue" })).ToBeVisibleAsync();
        await PortalPage.ScreenshotAsync(visitor, "00-catalogue");

        await visitor.GotoAsync("/inbox");
        await visitor.WaitForURLAsync(url => url.Contains("/account/signin", StringComparison.Ordinal));
        Assert.Contains("returnurl=%2finbox", visitor.Url, StringComparison.OrdinalIgnoreCase);
    }
}
