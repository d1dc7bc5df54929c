using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageSharePortal.OpenStackTests.Infrastructure;

public sealed record IssuedToken(string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    public TimeSpan Lifetime => ExpiresAt - IssuedAt;

    public override string ToString() => $"IssuedToken(expires {ExpiresAt:O})";
}

/// <summary>
/// Straight Keystone and Glance calls for setting up and checking the journeys, as an operator's script would do:
/// independent of the portal's own clients. Every request body has a Content-Length (uwsgi ignores chunked bodies).
/// </summary>
public sealed class OpenStackApi(OpenStackEnvironment environment) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new();

    private string Keystone => environment.KeystoneUrl.AbsoluteUri.TrimEnd('/');

    private string Glance => environment.GlanceUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>A project-scoped token of the user for its own project (cached for the run).</summary>
    public async Task<IssuedToken> TokenAsync(OpenStackUser user, CancellationToken ct = default)
    {
        if (_tokens.TryGetValue(user.Name, out var cached) && cached.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(10))
        {
            return cached;
        }

        var token = await IssueAsync(user.Name, user.Password, new JsonObject
        {
            ["project"] = new JsonObject { ["name"] = user.ProjectName, ["domain"] = new JsonObject { ["name"] = environment.UserDomain } },
        }, ct);
        _tokens[user.Name] = token;
        return token;
    }

    public async Task<IssuedToken> IssueAsync(string userName, string password, JsonNode? scope, CancellationToken ct = default)
    {
        var auth = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject { ["name"] = userName, ["domain"] = new JsonObject { ["name"] = environment.UserDomain }, ["password"] = password },
                },
            },
        };
        if (scope is not null)
        {
            auth["scope"] = scope;
        }

        using var response = await SendAsync(HttpMethod.Post, $"{Keystone}/auth/tokens", null, new JsonObject { ["auth"] = auth }, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Keystone refused a token for {userName}: {(int)response.StatusCode} {body}");
        }

        var token = body.GetProperty("token");
        return new IssuedToken(
            response.Headers.GetValues("X-Subject-Token").Single(),
            token.GetProperty("issued_at").GetDateTimeOffset(),
            token.GetProperty("expires_at").GetDateTimeOffset());
    }

    /// <summary>Whether Keystone still accepts the token (validated with the admin's token).</summary>
    public async Task<bool> IsValidAsync(string token, CancellationToken ct = default)
    {
        var admin = await AdminTokenAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Keystone}/auth/tokens");
        request.Headers.Add("X-Auth-Token", admin.Value);
        request.Headers.Add("X-Subject-Token", token);
        using var response = await _http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async Task<string> CreateImageAsync(OpenStackUser owner, string name, string tag, CancellationToken ct = default)
    {
        using var response = await GlanceAsync(HttpMethod.Post, "/v2/images", owner, new JsonObject
        {
            ["name"] = name, ["visibility"] = "shared", ["disk_format"] = "qcow2", ["container_format"] = "bare",
            ["tags"] = new JsonArray(tag), ["os_distro"] = "debian", ["os_version"] = "12",
        }, ct);
        var body = await ExpectAsync(response, HttpStatusCode.Created, ct);
        return body.GetProperty("id").GetString()!;
    }

    public async Task AddMemberAsync(OpenStackUser owner, string imageId, string memberProjectId, CancellationToken ct = default)
    {
        using var response = await GlanceAsync(HttpMethod.Post, $"/v2/images/{imageId}/members", owner, new JsonObject { ["member"] = memberProjectId }, ct);
        await ExpectAsync(response, HttpStatusCode.OK, ct);
    }

    public async Task<string?> MemberStatusAsync(OpenStackUser member, string imageId, CancellationToken ct = default)
    {
        using var response = await GlanceAsync(HttpMethod.Get, $"/v2/images/{imageId}/members/{member.ProjectId}", member, null, ct);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString() : null;
    }

    /// <summary>The caller's default image list (<c>GET /v2/images</c> without filters), all pages.</summary>
    public async Task<IReadOnlyList<string>> DefaultImageIdsAsync(OpenStackUser user, CancellationToken ct = default)
    {
        var ids = new List<string>();
        string? next = "/v2/images?limit=100";
        while (next is not null)
        {
            using var response = await GlanceAsync(HttpMethod.Get, next, user, null, ct);
            var body = await ExpectAsync(response, HttpStatusCode.OK, ct);
            ids.AddRange(body.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            next = body.TryGetProperty("next", out var n) ? n.GetString() : null;
        }

        return ids;
    }

    public async Task<HttpStatusCode> GetImageStatusCodeAsync(OpenStackUser user, string imageId, CancellationToken ct = default)
    {
        using var response = await GlanceAsync(HttpMethod.Get, $"/v2/images/{imageId}", user, null, ct);
        return response.StatusCode;
    }

    public async Task<HttpStatusCode> SetMemberStatusAsync(OpenStackUser caller, string imageId, string memberProjectId, string status, CancellationToken ct = default)
    {
        using var response = await GlanceAsync(HttpMethod.Put, $"/v2/images/{imageId}/members/{memberProjectId}", caller, new JsonObject { ["status"] = status }, ct);
        return response.StatusCode;
    }

    public async Task DeleteImageAsync(OpenStackUser owner, string imageId, CancellationToken ct = default)
    {
        using var response = await GlanceAsync(HttpMethod.Delete, $"/v2/images/{imageId}", owner, null, ct);
    }

    public async Task<(string Id, string Secret)> CreateApplicationCredentialAsync(OpenStackUser user, string userId, CancellationToken ct = default)
    {
        var token = await TokenAsync(user, ct);
        using var response = await SendAsync(HttpMethod.Post, $"{Keystone}/users/{userId}/application_credentials", token.Value,
            new JsonObject { ["application_credential"] = new JsonObject { ["name"] = "isp-test-" + Guid.NewGuid().ToString("N")[..8] } }, ct);
        var credential = (await ExpectAsync(response, HttpStatusCode.Created, ct)).GetProperty("application_credential");
        return (credential.GetProperty("id").GetString()!, credential.GetProperty("secret").GetString()!);
    }

    public async Task DeleteApplicationCredentialAsync(OpenStackUser user, string userId, string credentialId, CancellationToken ct = default)
    {
        var token = await TokenAsync(user, ct);
        using var response = await SendAsync(HttpMethod.Delete, $"{Keystone}/users/{userId}/application_credentials/{credentialId}", token.Value, null, ct);
    }

    /// <summary>A user with a password and no role on any project (the admin creates it).</summary>
    public async Task<(string Id, string Name, string Password)> CreateUserWithoutProjectsAsync(CancellationToken ct = default)
    {
        var admin = await AdminTokenAsync(ct);
        var name = "isp-noproject-" + Guid.NewGuid().ToString("N")[..8];
        var password = Guid.NewGuid().ToString("N");
        using var response = await SendAsync(HttpMethod.Post, $"{Keystone}/users", admin.Value,
            new JsonObject { ["user"] = new JsonObject { ["name"] = name, ["password"] = password, ["domain_id"] = "default" } }, ct);
        var user = (await ExpectAsync(response, HttpStatusCode.Created, ct)).GetProperty("user");
        return (user.GetProperty("id").GetString()!, name, password);
    }

    public async Task DeleteUserAsync(string userId, CancellationToken ct = default)
    {
        var admin = await AdminTokenAsync(ct);
        using var response = await SendAsync(HttpMethod.Delete, $"{Keystone}/users/{userId}", admin.Value, null, ct);
    }

    public async Task<string> UserIdAsync(OpenStackUser user, CancellationToken ct = default)
    {
        var token = await TokenAsync(user, ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Keystone}/auth/tokens");
        request.Headers.Add("X-Auth-Token", token.Value);
        request.Headers.Add("X-Subject-Token", token.Value);
        using var response = await _http.SendAsync(request, ct);
        var body = await ExpectAsync(response, HttpStatusCode.OK, ct);
        return body.GetProperty("token").GetProperty("user").GetProperty("id").GetString()!;
    }

    /// <summary>As <c>openstack user set --email</c> (null clears it).</summary>
    public async Task SetUserEmailAsync(OpenStackUser user, string? email, CancellationToken ct = default)
    {
        var userId = await UserIdAsync(user, ct);
        var admin = await AdminTokenAsync(ct);
        using var response = await SendAsync(HttpMethod.Patch, $"{Keystone}/users/{userId}", admin.Value, new JsonObject { ["user"] = new JsonObject { ["email"] = email } }, ct);
        await ExpectAsync(response, HttpStatusCode.OK, ct);
    }

    /// <summary>
    /// What <c>openstack image list --shared --member-status</c> lists for the user's project: every page, the
    /// project's own shared images left out.
    /// </summary>
    public async Task<IReadOnlyList<string>> SharedWithAsync(OpenStackUser user, string status, CancellationToken ct = default)
    {
        var ids = new List<string>();
        string? next = $"/v2/images?visibility=shared&member_status={status}&limit=1000";
        while (next is not null)
        {
            using var response = await GlanceAsync(HttpMethod.Get, next, user, null, ct);
            var body = await ExpectAsync(response, HttpStatusCode.OK, ct);
            var page = body.GetProperty("images").EnumerateArray().ToList();
            ids.AddRange(page.Where(i => i.GetProperty("owner").GetString() != user.ProjectId).Select(i => i.GetProperty("id").GetString()!));
            next = page.Count > 0 && body.TryGetProperty("next", out var n) ? n.GetString() : null;
        }

        return ids;
    }

    public void Dispose() => _http.Dispose();

    private Task<IssuedToken> AdminTokenAsync(CancellationToken ct) => TokenAsync(environment.Admin, ct);

    private async Task<HttpResponseMessage> GlanceAsync(HttpMethod method, string path, OpenStackUser user, JsonNode? body, CancellationToken ct)
    {
        var token = await TokenAsync(user, ct);
        return await SendAsync(method, Glance + path, token.Value, body, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Accept", "application/json");
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request, ct);
    }

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
