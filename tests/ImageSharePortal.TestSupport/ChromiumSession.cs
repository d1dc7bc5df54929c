using Microsoft.Playwright;

namespace ImageSharePortal.TestSupport;

/// <summary>Playwright with one Debian Chromium for a test run, and fresh contexts (own cookies) on any portal.</summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private ChromiumSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<ChromiumSession> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            return new ChromiumSession(playwright, await DebianChromium.LaunchAsync(playwright));
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A page in a fresh context at 1280 × 900 on <paramref name="baseAddress"/>. <paramref name="ignoreHttpsErrors"/>
    /// is for a test CA the browser does not know (test-only, browser-only).
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, TimeSpan timeout, bool ignoreHttpsErrors = false)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            IgnoreHTTPSErrors = ignoreHttpsErrors,
        });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
