namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>
/// The real Keystone + Glance (checked to answer), one portal in OpenStack mode and one Debian Chromium for the run.
/// Fails, never skips, when the servers are not there.
/// </summary>
public sealed class OpenStackFixture : IAsyncLifetime
{
    private const string StartCommand = "scripts/openstack/openstack.sh start";

    private ChromiumSession? _chromium;
    private FaultPortal? _faultPortal;

    public OpenStackEnvironment Environment { get; private set; } = default!;

    public OpenStackApi Api { get; private set; } = default!;

    public OpenStackPortal Portal { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = RealServers.ArtifactsDirectory("openstack");

    public async ValueTask InitializeAsync()
    {
        Environment = OpenStackEnvironment.Load();
        await RealServers.ExpectAnswerAsync(Environment.KeystoneUrl, "Keystone", Environment.Source, StartCommand);
        await RealServers.ExpectAnswerAsync(new Uri(Environment.GlanceUrl, "/healthcheck"), "Glance", Environment.Source, StartCommand);
        Api = new OpenStackApi(Environment);
        Portal = new OpenStackPortal(Environment);
        Portal.StartServer();

        _chromium = await ChromiumSession.StartAsync();
    }

    /// <summary>The portal behind controllable proxies, started on first use.</summary>
    public FaultPortal FaultPortal => _faultPortal ??= new FaultPortal(Environment);

    /// <summary>A fresh browser context (its own cookies) on a portal, the run's by default.</summary>
    public Task<IPage> NewPageAsync(OpenStackPortal? portal = null) =>
        _chromium!.NewPageAsync((portal ?? Portal).BaseAddress, TimeSpan.FromSeconds(20));

    /// <summary>Runs <c>scripts/openstack/openstack.sh</c> with a command (e.g. <c>stop-glance</c>) on this run's instance.</summary>
    public Task RunScriptAsync(string command) => RealServers.RunScriptAsync(
        "bash", ["scripts/openstack/openstack.sh", command], new Dictionary<string, string?> { ["ISP_OPENSTACK_DIR"] = Environment.StateDirectory }, TimeSpan.FromMinutes(3));

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_faultPortal is not null)
        {
            await _faultPortal.DisposeAsync();
        }

        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        Api?.Dispose();
    }
}
