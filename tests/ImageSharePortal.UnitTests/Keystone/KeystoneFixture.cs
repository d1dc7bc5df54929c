using ImageSharePortal.Keystone;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using RichardSzalay.MockHttp;

namespace ImageSharePortal.UnitTests.Keystone;

/// <summary>The real Keystone registration (AddKeystone) with mock HTTP underneath.</summary>
internal sealed class KeystoneFixture : IAsyncDisposable
{
    public const string AuthUrl = "http://keystone.test:5000/v3";

    private readonly ServiceProvider _provider;

    public KeystoneFixture(Dictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?> { ["Keystone:AuthUrl"] = AuthUrl, ["Keystone:Timeout"] = "00:00:02" };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeystone(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = Http));
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<IKeystoneClient>();
    }

    public MockHttpMessageHandler Http { get; } = new();

    public IKeystoneClient Client { get; }

    private const string ScopedPart = """
        , "roles": [{"id": "r1", "name": "reader"}, {"id": "r2", "name": "member"}],
          "catalog": [{"type": "identity", "name": "keystone", "endpoints": [{"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "http://keystone.test:5000/v3"}]},
                      {"type": "image", "name": "glance", "endpoints": [
                        {"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "https://glance.one.test"},
                        {"interface": "internal", "region_id": "RegionOne", "region": "RegionOne", "url": "http://glance.one.internal:9292"},
                        {"interface": "public", "region_id": "RegionTwo", "region": "RegionTwo", "url": "https://glance.two.test"}]}]
        """;

    /// <summary>A token body as Keystone 22 sends it (scoped with roles and a catalog, or unscoped).</summary>
    public static string TokenJson(string? projectId = "proj1", string expiresAt = "2026-11-27T03:43:41.000000Z", string extra = "")
    {
        var project = projectId is null
            ? ""
            : $$""", "project": {"domain": {"id": "default", "name": "Default"}, "id": "{{projectId}}", "name": "project-{{projectId}}"}""" + ScopedPart;
        return $$"""
            {"token": {"methods": ["password"], "user": {"domain": {"id": "default", "name": "Default"}, "id": "user1", "name": "alice", "password_expires_at": null},
              "audit_ids": ["a"], "expires_at": "{{expiresAt}}", "issued_at": "2026-11-26T23:43:41.000000Z"{{project}}{{extra}}
            """ + "}}";
    }

    public static HttpResponseMessage Created(string json, string token = "gAAAAAtoken")
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.Created) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        response.Headers.Add("X-Subject-Token", token);
        return response;
    }

    public static HttpResponseMessage Error(System.Net.HttpStatusCode status, string message) =>
        new(status)
        {
            Content = new StringContent(
                $$"""{"error":{"code":{{(int)status}},"message":"{{message}}","title":"{{status}}" """ + "}}", System.Text.Encoding.UTF8, "application/json"),
        };

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Http.Dispose();
    }
}
