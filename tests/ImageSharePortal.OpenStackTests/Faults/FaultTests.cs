using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageSharePortal.OpenStackTests.Faults;

/// <summary>
/// Faults against the real servers: Glance stopped mid-session, a slow Glance, Keystone not answering, a session the
/// portal no longer knows, a token about to expire. Error states with retry, never a 500, and recovery.
/// </summary>
public sealed partial class FaultTests(OpenStackFixture fixture) : OpenStackTest(fixture)
{
    private const string Unavailable = "The Images API did not answer. Try again in a moment.";

    [Fact]
    public async Task Glance_stopped_mid_session_shows_errors_with_retry_and_the_portal_recovers_when_it_returns()
    {
        var page = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(page, Env.Consumer, "/inbox", nameProject: false);
        await PortalPages.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = PendingTab() })).ToBeVisibleAsync();

        await Fixture.RunScriptAsync("stop-glance");
        try
        {
            var reload = await page.ReloadAsync();
            Assert.Equal(200, reload!.Status);
            await PortalPages.WaitInteractiveAsync(page);
            await Assertions.Expect(page.GetByTestId("data-error")).ToContainTextAsync(Unavailable);
            await Assertions.Expect(page.GetByTestId("data-error").GetByRole(AriaRole.Button, new() { Name = "Try again" })).ToBeVisibleAsync();
            await PortalPage.ScreenshotAsync(page, "20-glance-stopped-inbox");

            var images = await page.GotoAsync("/images");
            Assert.Equal(200, images!.Status);
            await Assertions.Expect(page.GetByTestId("data-error")).ToContainTextAsync(Unavailable);
        }
        finally
        {
            await Fixture.RunScriptAsync("start-glance");
        }

        await PortalPages.WaitInteractiveAsync(page);
        await RetryUntilLoadedAsync(page, page.GetByRole(AriaRole.Table).Or(page.GetByTestId("data-empty")));
        await PortalPages.GotoInteractiveAsync(page, "/inbox");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = PendingTab() })).ToBeVisibleAsync();
        await PortalPage.ScreenshotAsync(page, "21-glance-back");
    }

    [Fact]
    public async Task A_slow_Glance_times_out_into_an_error_with_retry_and_recovers()
    {
        var faults = Fixture.FaultPortal;
        var page = await Fixture.NewPageAsync(faults.Portal);
        await PortalPage.SignInAsync(page, Env.Consumer, "/inbox", nameProject: false);
        await PortalPages.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = PendingTab() })).ToBeVisibleAsync();

        faults.Glance.Delay = TimeSpan.FromSeconds(6);
        try
        {
            var reload = await page.ReloadAsync();
            Assert.Equal(200, reload!.Status);
            await PortalPages.WaitInteractiveAsync(page);
            await Assertions.Expect(page.GetByTestId("data-error")).ToContainTextAsync(Unavailable);
            await PortalPage.ScreenshotAsync(page, "22-glance-slow");
        }
        finally
        {
            faults.Glance.Delay = TimeSpan.Zero;
        }

        await RetryUntilLoadedAsync(page, page.GetByRole(AriaRole.Tab, new() { NameRegex = PendingTab() }));
    }

    [Fact]
    public async Task Keystone_not_answering_is_a_clear_sign_in_message()
    {
        var faults = Fixture.FaultPortal;
        var page = await Fixture.NewPageAsync(faults.Portal);
        await PortalPage.OpenSignInAsync(page);

        faults.Keystone.HangUp = true;
        try
        {
            await PortalPage.SubmitPasswordAsync(page, Env.Consumer.Name, Env.Consumer.Password);
            await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("Keystone did not answer. Try again in a moment.");
            await PortalPage.ScreenshotAsync(page, "23-keystone-down");
        }
        finally
        {
            faults.Keystone.HangUp = false;
        }

        // Keystone back: the same form signs in.
        await PortalPage.SubmitPasswordAsync(page, Env.Consumer.Name, Env.Consumer.Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/inbox");
    }

    [Fact]
    public async Task A_session_the_portal_does_not_know_any_more_is_sent_to_sign_in()
    {
        // Signed in on one portal; another portal process (as after a restart) gets the same cookie but has no token for it.
        var page = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(page, Env.Consumer, "/inbox", nameProject: false);

        var other = Fixture.FaultPortal.Portal.BaseAddress;
        var response = await page.GotoAsync(new Uri(other, "/inbox").AbsoluteUri);

        Assert.Equal(200, response!.Status);
        Assert.Equal("/account/signin", new Uri(page.Url).AbsolutePath);
        Assert.Contains("returnUrl=%2Finbox", page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("Your session has ended. Sign in again to continue.");
    }

    [Fact]
    public async Task A_token_about_to_expire_sends_the_live_page_to_sign_in_and_back()
    {
        // The portal treats a token as about to expire when less than Keystone:ExpiryMargin is left: a margin of
        // (token lifetime - 12 s) makes a fresh session end 12 s after sign-in.
        var lifetime = (await Api.TokenAsync(Env.Consumer, Ct)).Lifetime;
        await using var portal = new OpenStackPortal(Env, new()
        {
            ["Keystone:ExpiryMargin"] = (lifetime - TimeSpan.FromSeconds(12)).ToString("c", CultureInfo.InvariantCulture),
            ["Keystone:SessionCheckInterval"] = "00:00:01",
        });
        portal.StartServer();
        var page = await Fixture.NewPageAsync(portal);
        await PortalPage.SignInAsync(page, Env.Consumer, "/inbox", nameProject: false);
        await PortalPages.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = PendingTab() })).ToBeVisibleAsync();

        await page.WaitForURLAsync(new Regex("/account/signin"), new() { Timeout = 30_000 });
        Assert.Contains("returnUrl=%2Finbox", page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("Your session has ended. Sign in again to continue.");
        await PortalPage.ScreenshotAsync(page, "24-session-ended");

        await PortalPage.SubmitPasswordAsync(page, Env.Consumer.Name, Env.Consumer.Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/inbox");
    }

    /// <summary>What a person does: press "Try again" until the data is back (the server may need a moment after restarting).</summary>
    private static async Task RetryUntilLoadedAsync(IPage page, ILocator loaded)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var retry = page.GetByTestId("data-error").GetByRole(AriaRole.Button, new() { Name = "Try again" });
            if (await retry.CountAsync() > 0)
            {
                await retry.ClickAsync();
            }

            try
            {
                await loaded.First.WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Still failing: the person tries again.
            }
        }
    }

    [GeneratedRegex("^Pending")]
    private static partial Regex PendingTab();
}
