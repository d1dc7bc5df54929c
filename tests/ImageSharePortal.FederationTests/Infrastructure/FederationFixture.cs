namespace ImageSharePortal.FederationTests.Infrastructure;

/// <summary>
/// The provider, the federated Keystone and Glance (checked to answer), one portal with organisation sign-in and one
/// Debian Chromium for the run. Fails, never skips, when the servers are not there.
/// </summary>
public sealed class FederationFixture : IAsyncLifetime
{
    private const string StartCommand = "scripts/federation/federation.sh start";

    private ChromiumSession? _chromium;

    public FederationEnvironment Environment { get; private set; } = default!;

    public FederationApi Api { get; private set; } = default!;

    public FederationPortal Portal { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = RealServers.ArtifactsDirectory("federation");

    public async ValueTask InitializeAsync()
    {
        Environment = FederationEnvironment.Load();
        await RealServers.ExpectAnswerAsync(Environment.KeystoneUrl, "Keystone", Environment.Source, StartCommand);
        await RealServers.ExpectAnswerAsync(new Uri(Environment.GlanceUrl, "/healthcheck"), "Glance", Environment.Source, StartCommand);
        Api = new FederationApi(Environment);
        Portal = new FederationPortal(Environment);
        Portal.StartServer();

        _chromium = await ChromiumSession.StartAsync();
    }

    /// <summary>
    /// A fresh browser context (its own cookies, so no single sign-on from another person). The browser does not know
    /// the test CA of the provider's sign-in page: this context ignores certificate errors (test-only, browser-only).
    /// </summary>
    public Task<IPage> NewPageAsync(FederationPortal? portal = null) =>
        _chromium!.NewPageAsync((portal ?? Portal).BaseAddress, TimeSpan.FromSeconds(20), ignoreHttpsErrors: true);

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        Api?.Dispose();
    }
}
