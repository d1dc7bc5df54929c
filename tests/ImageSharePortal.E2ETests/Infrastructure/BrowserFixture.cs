namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>One portal and one Debian Chromium for the whole e2e run.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PortalApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public SandboxApi Sandbox { get; private set; } = default!;

    public Uri SandboxAddress { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("ISP_ARTIFACTS") ?? Path.Combine(PortalApp.RepositoryRoot, "artifacts", "e2e")).FullName;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: run 'apt-get install -y chromium' (CI does this in .ci/run).");
        }

        App = new PortalApp();
        App.StartServer();
        var sandbox = App.Services.GetRequiredService<ImageSharePortal.Sandbox.SandboxServer>();
        SandboxAddress = await sandbox.GetBaseAddressAsync(CancellationToken.None);
        Sandbox = new SandboxApi(SandboxAddress);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public Task<IPage> NewPageAsync() => NewPageAsync(App);

    /// <summary>A fresh browser context (no cookies) on <paramref name="app"/>, e.g. a portal a test started with its own settings.</summary>
    public async Task<IPage> NewPageAsync(PortalApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Sandbox?.Dispose();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
