using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Requests;

/// <summary>
/// Requesting, approving and declining by keyboard alone, checking after each action where focus landed and that it
/// can be seen. Its own portal: the producer's queue holds only this test's requests.
/// </summary>
public sealed class KeyboardRequestJourneyTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Atlas = SandboxDirectory.Projects.Single(p => p.Name == "atlas-analytics");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requesting_approving_and_declining_work_with_the_keyboard_alone_and_focus_lands_on_each_result()
    {
        await using var app = new PortalApp();
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Keyboard request image", ct: Ct);
        var listing = await app.AddListingAsync(imageId, "Keyboard request image", Orbital);

        // A visitor fills the form by keyboard; a project ID that is not one brings the page back with focus on that field.
        var visitor = await fixture.NewPageAsync(app);
        await visitor.GotoAsync($"/catalogue/{listing.Id}/request");
        await KeyboardSteps.TabUntilAsync(visitor, "document.activeElement.id === 'request-project-id'");
        await visitor.Keyboard.TypeAsync("not a project");
        await visitor.Keyboard.PressAsync("Tab");
        Assert.Equal("request-email", await ActiveIdAsync(visitor));
        await visitor.Keyboard.TypeAsync("keys@atlas.example");
        await KeyboardSteps.TabUntilAsync(visitor, "document.activeElement.type === 'submit'");
        await visitor.Keyboard.PressAsync("Enter");
        await Assertions.Expect(visitor.Locator("#request-project-id[aria-invalid=true]")).ToBeFocusedAsync();
        Assert.Equal("keys@atlas.example", await visitor.Locator("#request-email").InputValueAsync()); // nothing typed is lost
        await AssertRingAsync(visitor);

        await visitor.Keyboard.PressAsync("Control+A");
        await visitor.Keyboard.TypeAsync(Atlas.Id);
        await KeyboardSteps.TabUntilAsync(visitor, "document.activeElement.type === 'submit'");
        await visitor.Keyboard.PressAsync("Enter");
        await Assertions.Expect(visitor.GetByTestId("request-sent")).ToBeFocusedAsync();
        await AssertRingAsync(visitor);
        await PortalPage.ScreenshotAsync(visitor, "60-keyboard-request-sent");

        using (var form = new RequestFormClient(app.BaseAddress))
        {
            var second = await form.PostAsync(listing.Id, Borealis.Id, "keys@borealis.example", "Please");
            Assert.Contains("data-testid=\"request-sent\"", second.Body, StringComparison.Ordinal);
        }

        // The producer approves the first: Tab reaches its Approve (one stop per card), Enter, and focus is on the outcome.
        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", "/requests");
        await PortalPages.WaitInteractiveAsync(producer);
        await KeyboardSteps.TabUntilAsync(producer, $"document.activeElement.getAttribute('aria-label') === 'Approve request of {Atlas.Name} for Keyboard request image'");
        await AssertRingAsync(producer);
        await producer.Keyboard.PressAsync("Enter");
        var outcome = producer.GetByTestId("decision-outcome");
        await Assertions.Expect(outcome).ToBeFocusedAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("Approved");
        await AssertRingAsync(producer);
        Assert.Equal("pending", await sandbox.MemberStatusAsync(Atlas.Id, imageId, Ct));

        // Decline the second: the arrow key reaches Decline, Enter opens the reason with focus in it, and Cancel gives
        // focus back to Decline; then the reason is typed and the decision's outcome takes the focus.
        await KeyboardSteps.TabUntilAsync(producer, $"document.activeElement.getAttribute('aria-label') === 'Approve request of {Borealis.Name} for Keyboard request image'");
        await producer.Keyboard.PressAsync("ArrowRight");
        Assert.Equal($"Decline request of {Borealis.Name} for Keyboard request image", await KeyboardSteps.ActiveLabelAsync(producer));
        await producer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(producer.Locator("textarea[id^=decline-reason-]")).ToBeFocusedAsync();
        await KeyboardSteps.TabUntilAsync(producer, "document.activeElement.textContent.trim() === 'Cancel'");
        await producer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(producer.GetByRole(AriaRole.Button, new() { Name = $"Decline request of {Borealis.Name} for Keyboard request image" })).ToBeFocusedAsync();
        await producer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(producer.Locator("textarea[id^=decline-reason-]")).ToBeFocusedAsync();
        await producer.Keyboard.TypeAsync("Only for our partners");
        await producer.Keyboard.PressAsync("Tab");
        Assert.Equal("Decline request", await KeyboardSteps.ActiveLabelAsync(producer));
        await producer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(outcome).ToBeFocusedAsync();
        await Assertions.Expect(outcome).ToContainTextAsync($"Declined the request of project {Borealis.Id}");
        await AssertRingAsync(producer);
        Assert.Null(await sandbox.MemberStatusAsync(Borealis.Id, imageId, Ct));
        await PortalPage.ScreenshotAsync(producer, "61-keyboard-declined");
    }

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement.id");


    /// <summary>Where focus is can be seen: a solid outline at least 2 px wide.</summary>
    private static async Task AssertRingAsync(IPage page)
    {
        var ring = await page.EvaluateAsync<string[]>("""
            () => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }
            """);
        var (style, width) = (ring[0], double.Parse(ring[1].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("solid", style);
        Assert.True(width >= 2, $"outline {width}px");
    }

}
