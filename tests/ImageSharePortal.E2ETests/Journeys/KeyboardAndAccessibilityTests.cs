using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Journeys;

/// <summary>Every page passes axe (no serious or critical violations); sharing and accepting work by keyboard alone.</summary>
public sealed class KeyboardAndAccessibilityTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Delta = SandboxDirectory.Projects.Single(p => p.Name == "delta-hpc");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Public_pages_have_no_serious_accessibility_violations()
    {
        var page = await fixture.NewPageAsync();
        foreach (var path in new[] { "/", "/catalogue?q=zzz-no-match", "/account/signin", "/no-such-page" })
        {
            await page.GotoAsync(path);
            Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(page));
        }

        // A listing detail page, published through the portal first.
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "A11y listing image", ct: Ct);
        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByLabel("Title").FillAsync("Accessible Debian");
        await producer.GetByRole(AriaRole.Button, new() { Name = "Publish to catalogue" }).ClickAsync();
        await producer.GetByRole(AriaRole.Link, new() { Name = "see the listing" }).ClickAsync();
        await Assertions.Expect(producer.GetByRole(AriaRole.Heading, new() { Name = "Accessible Debian" })).ToBeVisibleAsync();
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(producer));
        await PortalPage.ScreenshotAsync(producer, "05-listing-detail");
    }

    [Fact]
    public async Task Signed_in_pages_have_no_serious_accessibility_violations()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "A11y image", ct: Ct);
        await fixture.Sandbox.AddMemberAsync(Orbital.Id, imageId, Delta.Id, Ct);

        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "alice", "/images");
        foreach (var path in new[] { "/images", $"/images/{imageId}" })
        {
            await PortalPages.GotoInteractiveAsync(producer, path);
            await producer.Locator("[data-testid=data-loading]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(producer));
        }

        await PortalPage.ScreenshotAsync(producer, "06-producer-images");

        var consumer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, "grace", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        await consumer.Locator($"[data-image-id='{imageId}']").WaitForAsync();
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(consumer));
    }

    [Fact]
    public async Task Sharing_and_accepting_work_with_the_keyboard_alone()
    {
        var name = "Keyboard share";
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, name, ct: Ct);

        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await KeyboardSteps.TabUntilAsync(producer, "document.activeElement && document.activeElement.id === 'add-member-project-id'");
        await producer.Keyboard.TypeAsync(Delta.Id);
        await producer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(producer.Locator($"tr[data-member='{Delta.Id}']")).ToContainTextAsync("pending");
        // Focus lands on the outcome line, which says what the share did, with a visible ring.
        await Assertions.Expect(producer.GetByTestId("share-outcome")).ToBeFocusedAsync();
        Assert.Equal("solid", await producer.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));

        var consumer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, "grace", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        await consumer.Locator($"[data-image-id='{imageId}']").WaitForAsync();
        await KeyboardSteps.TabUntilAsync(consumer, $"document.activeElement && document.activeElement.getAttribute('aria-label') === 'Accept {name}'");
        // The focused Accept button shows where focus is.
        Assert.Equal("solid", await consumer.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await consumer.Keyboard.PressAsync("Enter");
        // The share leaves the pending list only once the API has accepted it.
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}'][data-status=pending]")).ToHaveCountAsync(0);
        Assert.Equal("accepted", await fixture.Sandbox.MemberStatusAsync(Delta.Id, imageId, Ct));
        // The card moved to another tab: focus lands on the outcome line, which says what happened, with a visible ring.
        await Assertions.Expect(consumer.GetByTestId("inbox-outcome")).ToBeFocusedAsync();
        await Assertions.Expect(consumer.GetByTestId("inbox-outcome")).ToHaveTextAsync($"Accepted: {name}.");
        Assert.Equal("solid", await consumer.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
    }

    [Fact]
    public async Task At_390_px_the_catalogue_the_request_page_and_the_inbox_fit_the_screen()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "Phone width image", ct: Ct);
        var listing = await fixture.App.AddListingAsync(imageId, "Phone width image", Orbital);
        var phone = await fixture.NewPageAsync();
        await phone.SetViewportSizeAsync(390, 844);
        foreach (var (path, shot) in new[] { ("/", "40-phone-catalogue"), ($"/catalogue/{listing.Id}", "41-phone-listing"), ($"/catalogue/{listing.Id}/request", "42-phone-request") })
        {
            await phone.GotoAsync(path);
            await PortalPage.ScreenshotAsync(phone, shot);
            Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways at 390 px");
        }

        await PortalPage.SignInAsync(phone, "grace", "/inbox");
        await PortalPages.WaitInteractiveAsync(phone);
        await phone.Locator("[data-image-id]").First.WaitForAsync();
        await PortalPage.ScreenshotAsync(phone, "43-phone-inbox");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "/inbox scrolls sideways at 390 px");
    }

}
