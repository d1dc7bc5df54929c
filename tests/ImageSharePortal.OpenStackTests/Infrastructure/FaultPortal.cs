namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>
/// A second portal in OpenStack mode that reaches Keystone and Glance through proxies the cases control
/// (slow, or hanging up), with short Images API timeouts (1 s per attempt, 3 s per call) so faults show quickly.
/// </summary>
public sealed class FaultPortal : IAsyncDisposable
{
    public FaultPortal(OpenStackEnvironment environment)
    {
        Keystone = new TcpProxy(environment.KeystoneUrl);
        Glance = new TcpProxy(environment.GlanceUrl);
        Portal = new OpenStackPortal(environment, new()
        {
            ["Keystone:AuthUrl"] = Keystone.Address.AbsoluteUri,
            ["Keystone:ImageEndpoint"] = Glance.Address.AbsoluteUri,
            ["ImagesApi:AttemptTimeout"] = "00:00:01",
            ["ImagesApi:TotalTimeout"] = "00:00:03",
        });
        Portal.StartServer();
    }

    public TcpProxy Keystone { get; }

    public TcpProxy Glance { get; }

    public OpenStackPortal Portal { get; }

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Keystone.DisposeAsync();
        await Glance.DisposeAsync();
    }
}
