using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageSharePortal.FederationTests.Infrastructure;

/// <summary>
/// The servers as a test sets them up and checks them, without the portal: tokens minted with the provider's key
/// (<c>provider/mint-token.js</c>), exchanged at Keystone's federation API, and Glance calls with the scoped token.
/// </summary>
public sealed class FederationApi(FederationEnvironment environment) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A JWT access token from <c>mint-token.js</c> with its arguments (e.g. <c>--expired</c>, <c>--audience X</c>).</summary>
    public async Task<string> MintAsync(params string[] arguments) => (await RealServers.RunScriptAsync(
        "node", ["scripts/federation/provider/mint-token.js", .. arguments],
        new Dictionary<string, string?> { ["ISP_FED_PROVIDER_CONFIG"] = environment["ISP_FED_PROVIDER_CONFIG"] }, TimeSpan.FromMinutes(1))).Trim();

    /// <summary>A project-scoped Keystone token for a federated person (minted access token → federation → scope).</summary>
    public async Task<string> ScopedTokenAsync(FederatedUser user, CancellationToken ct = default)
    {
        var access = await MintAsync("--user", user.Name);
        using var federated = new HttpRequestMessage(HttpMethod.Post, environment["ISP_FED_AUTH_URL"]);
        federated.Headers.Authorization = new("Bearer", access);
        using var unscoped = await _http.SendAsync(federated, ct);
        unscoped.EnsureSuccessStatusCode();
        var unscopedToken = unscoped.Headers.GetValues("X-Subject-Token").Single();

        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["methods"] = new JsonArray("token"), ["token"] = new JsonObject { ["id"] = unscopedToken } },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["id"] = user.ProjectId } },
            },
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var scoped = await _http.PostAsync(new Uri(environment["ISP_FED_KEYSTONE_URL"] + "/auth/tokens"), content, ct);
        scoped.EnsureSuccessStatusCode();
        return scoped.Headers.GetValues("X-Subject-Token").Single();
    }

    public async Task<string> CreateSharedImageAsync(FederatedUser owner, string name, CancellationToken ct = default)
    {
        using var request = Glance(HttpMethod.Post, "/v2/images", await ScopedTokenAsync(owner, ct));
        request.Content = JsonContent.Create(new JsonObject
        {
            ["name"] = name, ["visibility"] = "shared", ["disk_format"] = "raw", ["container_format"] = "bare", ["tags"] = new JsonArray("isp-federation-test"),
        });
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
    }

    public async Task<string?> MemberStatusAsync(FederatedUser member, string imageId, CancellationToken ct = default)
    {
        using var request = Glance(HttpMethod.Get, $"/v2/images/{imageId}/members/{member.ProjectId}", await ScopedTokenAsync(member, ct));
        using var response = await _http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["status"]!.GetValue<string>() : null;
    }

    public async Task DeleteImageAsync(FederatedUser owner, string imageId)
    {
        using var request = Glance(HttpMethod.Delete, $"/v2/images/{imageId}", await ScopedTokenAsync(owner));
        using var _ = await _http.SendAsync(request);
    }

    /// <summary>Whether Keystone still accepts a token (checked with itself: a user may validate its own token).</summary>
    public async Task<bool> IsValidAsync(string token, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, environment["ISP_FED_KEYSTONE_URL"] + "/auth/tokens");
        request.Headers.Add("X-Auth-Token", token);
        request.Headers.Add("X-Subject-Token", token);
        using var response = await _http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private HttpRequestMessage Glance(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, new Uri(environment.GlanceUrl, path));
        request.Headers.Add("X-Auth-Token", token);
        return request;
    }

    public void Dispose() => _http.Dispose();
}
