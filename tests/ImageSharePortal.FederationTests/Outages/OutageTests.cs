using System.Net;
using System.Net.Sockets;
using ImageSharePortal.Web.Auth.Keystone;

namespace ImageSharePortal.FederationTests.Outages;

/// <summary>
/// "A provider or Keystone outage is a clear error, not a 500." Each case starts a portal of its own. Its provider or
/// Keystone URL is a closed loopback port, or a proxy that hangs up or is too slow. The shared provider, Keystone and
/// Glance keep running for the other tests. The person ends on the sign-in page with the portal's message. No portal
/// answer is a 5xx, no page shows an exception, and no session is started.
/// </summary>
public sealed class OutageTests(FederationFixture fixture)
{
    private FederationEnvironment Env => fixture.Environment;

    [Fact]
    public async Task A_provider_that_does_not_answer_is_the_sign_in_pages_message_not_an_error_page()
    {
        using var silent = new RefusingListener();
        await using var portal = new FederationPortal(Env, new() { ["AzureAd:Instance"] = $"https://127.0.0.1:{silent.Port}/" });
        portal.StartServer();
        var page = await fixture.NewPageAsync(portal);
        var statuses = PortalStatuses(page, portal);
        try
        {
            // A page that needs a session, while signed out: the challenge needs the provider's metadata.
            await page.GotoAsync("/inbox");
            await ExpectSignInErrorAsync(page, SignInErrors.ProviderDown, "/inbox");
            await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("sign-in service did not answer");
            await ProviderPage.ScreenshotAsync(page, "23-federated-provider-down");

            // Starting sign-in from the sign-in page: the same message again.
            await page.GotoAsync("/account/signin?returnUrl=%2Fimages");
            var starts = new List<string>();
            page.Request += (_, request) =>
            {
                if (new Uri(request.Url).AbsolutePath == "/account/organisation")
                {
                    starts.Add(request.ResourceType);
                }
            };
            await page.GetByTestId("organisation-signin").ClickAsync();
            await ExpectSignInErrorAsync(page, SignInErrors.ProviderDown, "/images");
            // One click, one request, a plain navigation: enhanced navigation would fetch it first, and reach the provider twice.
            Assert.Equal(["document"], starts);

            Assert.NotEmpty(statuses);
            Assert.All(statuses, s => Assert.True(s.Status < 500, $"{s.Url} answered {s.Status}"));
            await ExpectNoSessionAsync(page, portal);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    public enum KeystoneOutage
    {
        ClosedPort,
        HangsUp,
        TooSlow,
    }

    [Theory]
    [InlineData(KeystoneOutage.ClosedPort)]
    [InlineData(KeystoneOutage.HangsUp)]
    [InlineData(KeystoneOutage.TooSlow)]
    public async Task A_Keystone_that_does_not_answer_after_the_provider_login_is_a_clear_message_and_no_session(KeystoneOutage outage)
    {
        await using var proxy = new TcpProxy(Env.KeystoneUrl)
        {
            HangUp = outage == KeystoneOutage.HangsUp,
            Delay = outage == KeystoneOutage.TooSlow ? TimeSpan.FromSeconds(30) : TimeSpan.Zero,
        };
        var keystoneUrl = outage == KeystoneOutage.ClosedPort ? new UriBuilder(Env.KeystoneUrl) { Port = ClosedPort() }.Uri : proxy.Address;
        await using var portal = new FederationPortal(Env, new()
        {
            ["Keystone:AuthUrl"] = keystoneUrl.AbsoluteUri,
            ["Keystone:Timeout"] = "00:00:03",
        });
        portal.StartServer();
        var page = await fixture.NewPageAsync(portal);
        var statuses = PortalStatuses(page, portal);
        try
        {
            // The real provider signs the person in; the portal's exchange at Keystone fails.
            await page.GotoAsync("/inbox");
            await ProviderPage.SubmitAsync(page, Env.Producer);
            await ExpectSignInErrorAsync(page, SignInErrors.KeystoneDown, "/inbox");
            await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("Keystone did not answer");
            await ProviderPage.ScreenshotAsync(page, $"24-federated-keystone-down-{outage}");

            Assert.Contains(statuses, s => s.Url.AbsolutePath == Env["ISP_FED_CALLBACK_PATH"]);
            Assert.All(statuses, s => Assert.True(s.Status < 500, $"{s.Url} answered {s.Status}"));
            await ExpectNoSessionAsync(page, portal);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_provider_whose_certificate_the_portal_does_not_trust_names_the_ca_bundle_setting()
    {
        // No Organisation:CaBundlePath: the provider answers, with a certificate of the test CA the system does not trust.
        // (Through "localhost": Microsoft.Identity.Web keeps one issuer validator per authority for the whole process, and this
        // portal's, which cannot reach the provider, must not become the other tests' one.)
        await using var portal = new FederationPortal(Env, new()
        {
            ["Organisation:CaBundlePath"] = "",
            ["AzureAd:Instance"] = Env["ISP_FED_INSTANCE"].Replace("127.0.0.1", "localhost", StringComparison.Ordinal),
        });
        portal.StartServer();
        var page = await fixture.NewPageAsync(portal);
        try
        {
            await page.GotoAsync("/account/signin?returnUrl=%2Fimages");
            await page.GetByTestId("organisation-signin").ClickAsync();
            await ExpectSignInErrorAsync(page, SignInErrors.ProviderUntrusted, "/images");
            await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("Organisation:CaBundlePath");
            await ExpectNoSessionAsync(page, portal);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_keystone_identity_provider_that_does_not_exist_names_the_settings_not_try_again_later()
    {
        await using var portal = new FederationPortal(Env, new() { ["Organisation:KeystoneIdentityProvider"] = "no-such-idp" });
        portal.StartServer();
        var page = await fixture.NewPageAsync(portal);
        try
        {
            await page.GotoAsync("/inbox");
            await ProviderPage.SubmitAsync(page, Env.Producer);
            await ExpectSignInErrorAsync(page, SignInErrors.FederationNotFound, "/inbox");
            await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("Organisation:KeystoneIdentityProvider");
            await ExpectNoSessionAsync(page, portal);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>On the portal's sign-in page with <paramref name="error"/>'s message, the return URL kept, and no exception shown.</summary>
    private static async Task ExpectSignInErrorAsync(IPage page, string error, string returnUrl)
    {
        await page.WaitForURLAsync(url =>
        {
            var uri = new Uri(url);
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
            return uri.AbsolutePath == "/account/signin" && query["error"] == error && query["returnUrl"] == returnUrl;
        });
        await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync(SignInErrors.Message(error));
        var html = await page.ContentAsync();
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain("stack trace", html, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task ExpectNoSessionAsync(IPage page, FederationPortal portal)
    {
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "isp.session");
        Assert.Equal(0, portal.Services.GetRequiredService<KeystoneSessionStore>().Count);
    }

    /// <summary>Every answer of this portal (not the provider's) the page gets, redirects included.</summary>
    private static List<(Uri Url, int Status)> PortalStatuses(IPage page, FederationPortal portal)
    {
        var statuses = new List<(Uri, int)>();
        page.Response += (_, response) =>
        {
            var url = new Uri(response.Url);
            if (url.Authority == portal.BaseAddress.Authority)
            {
                lock (statuses)
                {
                    statuses.Add((url, response.Status));
                }
            }
        };
        return statuses;
    }

    /// <summary>A loopback port nothing listens on (bound, then released): connections to it are refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
