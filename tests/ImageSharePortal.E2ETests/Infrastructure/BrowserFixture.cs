namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>One portal and one Debian Chromium for the whole e2e run.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public PortalApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public SandboxApi Sandbox { get; private set; } = default!;

    public Uri SandboxAddress { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("ISP_ARTIFACTS") ?? Path.Combine(PortalApp.RepositoryRoot, "artifacts", "e2e")).FullName;

    public async ValueTask InitializeAsync()
    {
        App = new PortalApp();
        App.StartServer();
        var sandbox = App.Services.GetRequiredService<ImageSharePortal.Sandbox.SandboxServer>();
        SandboxAddress = await sandbox.GetBaseAddressAsync(CancellationToken.None);
        Sandbox = new SandboxApi(SandboxAddress);

        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
    }

    public Task<IPage> NewPageAsync() => NewPageAsync(App);

    /// <summary>A fresh browser context (no cookies) on <paramref name="app"/>, e.g. a portal a test started with its own settings.</summary>
    public Task<IPage> NewPageAsync(PortalApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return NewPageAsync(app.BaseAddress);
    }

    /// <summary>A fresh browser context on any address, e.g. nginx in front of several portals.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
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
