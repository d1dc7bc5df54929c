using System.Security.Claims;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.Inbox;
using ImageSharePortal.Web.Features.MyImages;
using Microsoft.AspNetCore.Components.Authorization;

namespace ImageSharePortal.E2ETests.Journeys;

[CollectionDefinition(nameof(UpstreamBudgetTests), DisableParallelization = true)]
public sealed class UpstreamBudgetGroup;

/// <summary>
/// Budgets from the design, counted as requests the sandbox (the upstream Images API) actually served.
/// Runs alone so no other test's calls are counted.
/// </summary>
[Collection(nameof(UpstreamBudgetTests))]
public sealed class UpstreamBudgetTests(BrowserFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SandboxServer Sandbox => fixture.App.Services.GetRequiredService<SandboxServer>();

    [Fact]
    public async Task The_inbox_costs_one_list_call_per_tab()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        SignIn(scope, SandboxDirectory.Users.Single(u => u.Name == "dave").ProjectId);
        var inbox = scope.ServiceProvider.GetRequiredService<InboxService>();

        Sandbox.ResetRequestLog();
        var before = Sandbox.RequestCount;
        var result = await inbox.LoadAsync(Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(3, Sandbox.RequestCount - before);
        Assert.All(Sandbox.RecentRequests, r => Assert.StartsWith("GET /v2/images?", r, StringComparison.Ordinal));
        foreach (var status in new[] { "pending", "accepted", "rejected" })
        {
            Assert.Single(Sandbox.RecentRequests, r => r.Contains($"member_status={status}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_producer_list_of_200_images_with_10_members_costs_at_most_21_calls_and_none_repeated()
    {
        var project = Guid.NewGuid().ToString("N");
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                var id = await fixture.Sandbox.CreateImageAsync(project, $"budget-{i:000}", ct: Ct);
                for (var m = 0; m < 10; m++)
                {
                    await fixture.Sandbox.AddMemberAsync(project, id, $"{m:00}{Guid.NewGuid():N}"[..32], Ct);
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        await using var scope = fixture.App.Services.CreateAsyncScope();
        SignIn(scope, project);
        var images = scope.ServiceProvider.GetRequiredService<MyImagesService>();

        var before = Sandbox.RequestCount;
        var first = await images.ListAsync(marker: null, cancellationToken: Ct);
        var firstViewCalls = Sandbox.RequestCount - before;

        Assert.True(first.IsSuccess);
        Assert.Equal(MyImagesService.DefaultPageSize, first.Value.Rows.Count);
        Assert.All(first.Value.Rows, r => Assert.Equal(10, r.Members!.Pending));
        Assert.NotNull(first.Value.NextMarker);
        Assert.InRange(firstViewCalls, 1, 21);

        before = Sandbox.RequestCount;
        var again = await images.ListAsync(marker: null, cancellationToken: Ct);
        Assert.True(again.IsSuccess);
        Assert.Equal(1, Sandbox.RequestCount - before); // members come from the short-lived cache
    }

    [Fact]
    public async Task In_a_real_browser_the_inbox_reads_each_tab_once()
    {
        // Its own portal: an inbox left open by another test refreshes quietly and would be counted too.
        await using var app = new PortalApp();
        app.StartServer();
        var upstream = app.Services.GetRequiredService<SandboxServer>();
        var consumer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(consumer, "dave", "/catalogue");

        // Prerendering reads the inbox; the circuit takes the prerendered contents over instead of reading again.
        var before = upstream.RequestCount;
        await PortalPages.GotoInteractiveAsync(consumer, "/inbox");
        await Assertions.Expect(consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pending") })).ToBeVisibleAsync();
        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Accepted") }).ClickAsync();
        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Rejected") }).ClickAsync();
        await Assertions.Expect(consumer.GetByTestId("data-loading")).ToHaveCountAsync(0);
        Assert.Equal(3, upstream.RequestCount - before);


        await consumer.Context.CloseAsync();
    }

    [Fact]
    public async Task In_a_real_browser_my_images_and_the_image_page_read_once_per_view()
    {
        // Its own portal and sandbox: no other test's images or calls in this project's list.
        await using var app = new PortalApp();
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var upstream = app.Services.GetRequiredService<SandboxServer>();
        var cirrus = SandboxDirectory.Projects.Single(p => p.Name == "cirrus-ci").Id;
        var ids = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var id = await sandbox.CreateImageAsync(cirrus, $"budget-{i:00}", ct: Ct);
            ids.Add(id);
            for (var m = 0; m < 10; m++)
            {
                await sandbox.AddMemberAsync(cirrus, id, $"{m:00}{Guid.NewGuid():N}"[..32], Ct);
            }
        }

        var producer = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(producer, "frank", "/catalogue");

        // First view: one list call and one members call per shared row shown (20), all during prerendering.
        var before = upstream.RequestCount;
        await PortalPages.GotoInteractiveAsync(producer, "/images");
        await Assertions.Expect(producer.Locator("tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(producer.GetByTestId("data-loading")).ToHaveCountAsync(0);
        Assert.Equal(21, upstream.RequestCount - before);

        // Again within the members cache lifetime: the list only.
        await producer.GotoAsync("/catalogue");
        before = upstream.RequestCount;
        await PortalPages.GotoInteractiveAsync(producer, "/images");
        await Assertions.Expect(producer.Locator("tbody tr")).ToHaveCountAsync(20);
        Assert.Equal(1, upstream.RequestCount - before);

        // The image page: the image and its members, once (an image from the second page: its members are not cached).
        await producer.GotoAsync("/catalogue");
        before = upstream.RequestCount;
        await PortalPages.GotoInteractiveAsync(producer, $"/images/{ids[24]}");
        await Assertions.Expect(producer.Locator("tr[data-member]")).ToHaveCountAsync(10);
        Assert.Equal(2, upstream.RequestCount - before);
        await producer.Context.CloseAsync();
    }

    private static void SignIn(AsyncServiceScope scope, string projectId)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "Budget user"),
            new Claim(PortalClaims.UserId, "budget-user"),
            new Claim(PortalClaims.ProjectId, projectId),
            new Claim(PortalClaims.ProjectName, "budget"),
            new Claim(PortalClaims.Role, "member"),
        ], "test", ClaimTypes.Name, PortalClaims.Role);
        var state = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
    }
}
