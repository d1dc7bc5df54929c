using System.Net;
using System.Text.RegularExpressions;

namespace ImageSharePortal.E2ETests.Deployment;

/// <summary>
/// Production defaults at the HTTP boundary and in Chromium: security headers on every page, a CSP that the live
/// portal runs under without a single violation, https believed only from a known proxy (the client IP behind nginx is
/// SharedDeploymentTests'), the User-Agent upstream.
/// </summary>
public sealed partial class ProductionDefaultsTests(BrowserFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Head_on_a_page_answers_what_get_answers_without_a_body()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        foreach (var (path, expected) in new[] { ("/", HttpStatusCode.OK), ("/catalogue", HttpStatusCode.OK), ("/account/signin", HttpStatusCode.OK), ("/no-such-page", HttpStatusCode.NotFound) })
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Ct);
            using var get = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(expected, head.StatusCode);
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers_and_the_live_inbox_runs_under_the_csp_without_a_violation()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        foreach (var path in new[] { "/", "/account/signin", "/no-such-page", "/health/live" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
        }

        var page = await fixture.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        await page.GotoAsync("/");
        await PortalPage.SignInAsync(page, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(page);
        // The circuit works under the policy: a tab switch is a round trip over the WebSocket.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Accepted" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Accepted" }).First).ToHaveAttributeAsync("aria-selected", "true");
        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Upstream_calls_say_they_come_from_the_portal_and_its_version()
    {
        await using var app = new PortalApp();
        app.StartServer();
        var sandbox = app.Services.GetRequiredService<ImageSharePortal.Sandbox.SandboxServer>();
        var page = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(page, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(page);

        Assert.Matches(@"^ImageSharePortal/\d+\.\d+\.\d+", sandbox.LastUserAgent ?? "");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Https_is_believed_only_from_a_known_proxy()
    {
        await using var trusting = new PortalApp(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        trusting.StartServer();

        // Through a known proxy that terminated TLS: the session cookie is Secure.
        Assert.Contains("secure", await SignInCookieAsync(trusting.BaseAddress, "https"), StringComparison.OrdinalIgnoreCase);

        // The same header from a client no proxy setting trusts (the default): ignored, the cookie follows the real scheme.
        Assert.DoesNotContain("secure", await SignInCookieAsync(fixture.App.BaseAddress, "https"), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> SignInCookieAsync(Uri portal, string forwardedProto)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = portal };
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        var form = await http.GetStringAsync(new Uri("/account/signin", UriKind.Relative), Ct);
        using var content = new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value)),
            new("persona", "erin"),
            new("returnUrl", "/inbox"),
        ]);
        using var response = await http.PostAsync(new Uri("/account/persona", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/inbox", response.Headers.Location?.OriginalString);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("isp.session", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
