using System.Globalization;
using System.Text.RegularExpressions;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Features.Dashboard;
using ImageSharePortal.Web.Store;

namespace ImageSharePortal.E2ETests.Journeys;

/// <summary>The overview's numbers against the history's for a scenario played through the portal; its charts' alternatives; axe in both themes.</summary>
public sealed partial class DashboardTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Atlas = SandboxDirectory.Projects.Single(p => p.Name == "atlas-analytics");
    private static readonly SandboxProject Cirrus = SandboxDirectory.Projects.Single(p => p.Name == "cirrus-ci");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^(\d+) events?")]
    private static partial Regex EventCount();

    private static async Task<int> HistoryCountAsync(IPage page, string query)
    {
        await page.GotoAsync("/history" + query);
        var text = await page.GetByTestId("history-count").Or(page.GetByTestId("history-empty")).First.InnerTextAsync();
        var match = EventCount().Match(text.Trim());
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<int> CellAsync(IPage page, string chart, string row, string series) =>
        int.Parse(await page.Locator($"[data-chart='{chart}'] tr[data-row='{row}'] td[data-series='{series}']").TextContentAsync() ?? "", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_overview_shows_what_the_history_records_and_passes_axe_in_light_and_dark()
    {
        await using var app = new PortalApp();
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        const string name = "Dashboard Rocky 9";
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, name, ct: Ct);
        var listing = await app.AddListingAsync(imageId, name, Orbital);

        // Two visitors ask; the producer approves one, shares directly with a third project, which accepts.
        using (var form = new RequestFormClient(app.BaseAddress))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await form.PostAsync(listing.Id, Atlas.Id, "dave@atlas.example", "Please")).Status);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await form.PostAsync(listing.Id, Cirrus.Id, "frank@cirrus.example", "Us too")).Status);
        }

        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "alice", "/requests");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByRole(AriaRole.Button, new() { Name = $"Approve request of atlas-analytics for {name}" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("decision-message")).ToContainTextAsync("Approved");
        await PortalPages.GotoInteractiveAsync(producer, $"/images/{imageId}");
        await producer.GetByLabel("Consumer project ID").FillAsync(Borealis.Id);
        await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("add-member-outcome")).ToHaveAttributeAsync("data-outcome", "added");

        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);
        await consumer.Locator($"[data-image-id='{imageId}']").GetByRole(AriaRole.Button, new() { Name = $"Accept {name}" }).ClickAsync();
        await Assertions.Expect(consumer.GetByTestId("inbox-outcome")).ToBeVisibleAsync();
        Assert.Equal("accepted", await sandbox.MemberStatusAsync(Borealis.Id, imageId, Ct));

        // The overview's funnel for the image.
        await PortalPages.GotoInteractiveAsync(producer, "/dashboard");
        var requested = await CellAsync(producer, "funnel", name, "Requested");
        var approved = await CellAsync(producer, "funnel", name, "Approved");
        var accepted = await CellAsync(producer, "funnel", name, "Accepted");
        var pending = await CellAsync(producer, "funnel", name, "Pending");
        var rejected = await CellAsync(producer, "funnel", name, "Rejected");
        var week = DashboardService.WeekLabel(DashboardService.WeekOf(DateTimeOffset.UtcNow));
        var addedThisWeek = await CellAsync(producer, "weekly", week, "Added");
        var acceptedThisWeek = await CellAsync(producer, "weekly", week, "Accepted");
        Assert.Contains("1 open request", await producer.GetByTestId("open-requests").InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(producer.Locator("[data-chart='funnel'] [data-testid=chart-summary]")).ToContainTextAsync("requests");
        await PortalPage.ScreenshotAsync(producer, "70-producer-dashboard");

        // The same numbers from the history page's own filters.
        var monday = DashboardService.WeekOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal((2, 1, 1, 1, 0), (requested, approved, accepted, pending, rejected));
        Assert.Equal(requested, await HistoryCountAsync(producer, $"?image={imageId}&action={AuditActions.RequestSubmit}&outcome=succeeded"));
        Assert.Equal(approved, await HistoryCountAsync(producer, $"?image={imageId}&action={AuditActions.RequestApprove}&outcome=succeeded"));
        Assert.Equal(accepted, await HistoryCountAsync(producer, $"?image={imageId}&action={AuditActions.ShareAccept}&outcome=succeeded"));
        var added = await HistoryCountAsync(producer, $"?image={imageId}&action={AuditActions.MemberAdd}&outcome=succeeded");
        Assert.Equal(accepted + pending + rejected, added);
        Assert.Equal(addedThisWeek, await HistoryCountAsync(producer, $"?action={AuditActions.MemberAdd}&outcome=succeeded&from={monday}"));
        Assert.Equal(acceptedThisWeek, await HistoryCountAsync(producer, $"?action={AuditActions.ShareAccept}&outcome=succeeded&from={monday}"));

        // The history page filters by name too, and exports what it shows.
        Assert.Equal(requested, await HistoryCountAsync(producer, $"?image={Uri.EscapeDataString(name)}&action={AuditActions.RequestSubmit}"));
        var csv = await producer.APIRequest.GetAsync($"/history/export.csv?image={imageId}&action={AuditActions.RequestSubmit}");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
        var lines = (await csv.TextAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + requested, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(name, l, StringComparison.Ordinal));

        // Accessible in both themes, at desktop width and on a phone.
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            foreach (var width in new[] { 1280, 390 })
            {
                await producer.SetViewportSizeAsync(width, 900);
                await producer.EmulateMediaAsync(new() { ColorScheme = scheme });
                await PortalPages.GotoInteractiveAsync(producer, "/dashboard");
                await producer.Locator("[data-chart='funnel'] details summary").ClickAsync();
                Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(producer));
                await PortalPage.ScreenshotAsync(producer, $"71-dashboard-{scheme.ToString().ToLowerInvariant()}-{width}");
            }
        }

        await PortalPages.GotoInteractiveAsync(consumer, "/dashboard");
        await Assertions.Expect(consumer.GetByTestId("pending-longest").Or(consumer.GetByTestId("pending-longest-empty")).First).ToBeVisibleAsync();
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(consumer));
        await producer.Context.CloseAsync();
        await consumer.Context.CloseAsync();
    }
}
