namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>One portal and one Debian Chromium for the whole e2e run.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private ChromiumSession? _chromium;

    public PortalApp App { get; private set; } = default!;

    public SandboxApi Sandbox { get; private set; } = default!;

    public Uri SandboxAddress { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = RealServers.ArtifactsDirectory("e2e");

    public async ValueTask InitializeAsync()
    {
        App = new PortalApp();
        App.StartServer();
        var sandbox = App.Services.GetRequiredService<ImageSharePortal.Sandbox.SandboxServer>();
        SandboxAddress = await sandbox.GetBaseAddressAsync(CancellationToken.None);
        Sandbox = new SandboxApi(SandboxAddress);

        _chromium = await ChromiumSession.StartAsync();
    }

    public Task<IPage> NewPageAsync() => NewPageAsync(App);

    /// <summary>A fresh browser context (no cookies) on <paramref name="app"/>, e.g. a portal a test started with its own settings.</summary>
    public Task<IPage> NewPageAsync(PortalApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return NewPageAsync(app.BaseAddress);
    }

    /// <summary>A fresh browser context on any address, e.g. nginx in front of several portals.</summary>
    public Task<IPage> NewPageAsync(Uri baseAddress) => _chromium!.NewPageAsync(baseAddress, TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        Sandbox?.Dispose();
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
