namespace ImageSharePortal.FederationTests.Infrastructure;

/// <summary>
/// The provider, the federated Keystone and Glance (checked to answer), one portal with organisation sign-in and one
/// Debian Chromium for the run. Fails, never skips, when the servers are not there.
/// </summary>
public sealed class FederationFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public FederationEnvironment Environment { get; private set; } = default!;

    public FederationApi Api { get; private set; } = default!;

    public FederationPortal Portal { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(
        System.Environment.GetEnvironmentVariable("ISP_ARTIFACTS") ?? Path.Combine(FederationPortal.RepositoryRoot, "artifacts", "federation")).FullName;

    public async ValueTask InitializeAsync()
    {
        Environment = FederationEnvironment.Load();
        await ExpectAnswerAsync(Environment.KeystoneUrl, "Keystone");
        await ExpectAnswerAsync(new Uri(Environment.GlanceUrl, "/healthcheck"), "Glance");
        Api = new FederationApi(Environment);
        Portal = new FederationPortal(Environment);
        Portal.StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
    }

    /// <summary>
    /// A fresh browser context (its own cookies, so no single sign-on from another person). The browser does not know
    /// the test CA of the provider's sign-in page: this context ignores certificate errors (test-only, browser-only).
    /// </summary>
    public async Task<IPage> NewPageAsync(FederationPortal? portal = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (portal ?? Portal).BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            IgnoreHTTPSErrors = true,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        Api?.Dispose();
    }

    private async Task ExpectAnswerAsync(Uri url, string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(url);
            if ((int)response.StatusCode >= 500)
            {
                throw new InvalidOperationException($"{name} at {url} answers {(int)response.StatusCode}.");
            }
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"{name} at {url} does not answer ({e.Message}). Settings came from {Environment.Source}: start the servers with 'scripts/federation/federation.sh start'.", e);
        }
    }
}
